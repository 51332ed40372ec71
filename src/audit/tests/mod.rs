//! The trail in one process: helpers shared by the tests of writing, tampering and reading.

mod chain;
mod reader;
mod secrets;

use std::path::{Path, PathBuf};

use super::*;

pub(super) fn actor() -> Actor {
    Actor {
        login: Some("alice".into()),
        user: "op".into(),
        uid: Some(1000),
        host: "bastion".into(),
    }
}

pub(super) fn approve(run: u64) -> Intent {
    Intent::new(
        Action::Approve,
        Origin::Tui,
        Target {
            repo: Some("acme/shop".into()),
            workflow: Some("CD".into()),
            run: Some(run),
            environments: vec!["production".into()],
            sha: Some("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678".into()),
            ..Target::default()
        },
    )
    .param("environment_ids", [7])
    .param("state", "approved")
}

/// A trail in a fresh directory with `pairs` intents each followed by its outcome.
pub(super) fn trail_with(pairs: u64) -> (tempfile::TempDir, Trail, Vec<Receipt>) {
    let dir = tempfile::tempdir().unwrap();
    let trail = Trail::open(dir.path().join("state/audit.jsonl"), actor()).unwrap();
    let mut receipts = Vec::new();
    for run in 0..pairs {
        let intent = approve(run);
        let r = trail.intent(&intent).unwrap();
        let done = intent.outcome(&r, ActionResult::ok(Some(204), "approved"));
        receipts.push(r);
        receipts.push(trail.outcome(&done).unwrap());
    }
    (dir, trail, receipts)
}

pub(super) fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

pub(super) fn rewrite(path: &Path, lines: &[String]) {
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

pub(super) fn report(path: &Path) -> Report {
    Reader::load(path).unwrap().report().clone()
}

pub(super) fn kinds_at(report: &Report) -> Vec<(usize, Kind)> {
    report.findings.iter().map(|f| (f.line, f.kind)).collect()
}

pub(super) fn path(trail: &Trail) -> PathBuf {
    trail.path().to_path_buf()
}
