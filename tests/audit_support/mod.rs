//! Records for the audit tests: an approval as the TUI would describe it, and a trail of them.
#![allow(dead_code)]

use std::path::Path;

use gantry::audit::{
    Action, ActionResult, Actor, Evidence, Intent, Origin, Receipt, Target, Trail,
};

pub fn actor() -> Actor {
    Actor {
        login: Some("alice".into()),
        user: "op".into(),
        uid: Some(1000),
        host: "bastion".into(),
    }
}

/// An approval of `run` in production, tagged so tests can tell writers apart.
pub fn approve(tag: &str, run: u64) -> Intent {
    let mut intent = Intent::new(
        Action::Approve,
        Origin::Tui,
        Target {
            repo: Some("acme/shop".into()),
            run: Some(run),
            environments: vec!["production".into()],
            sha: Some("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678".into()),
            ..Target::default()
        },
    )
    .param("environment_ids", [7])
    .param("tag", tag);
    intent.evidence.push(Evidence {
        gate: "Code Quality".into(),
        verdict: "pass".into(),
        summary: "coverage 92.4% > 90%".into(),
        url: None,
    });
    intent
}

/// A trail at `path` with `pairs` intents, each followed by its outcome.
pub fn write_trail(path: &Path, pairs: u64) -> Vec<Receipt> {
    let trail = Trail::open(path, actor()).unwrap();
    let mut receipts = Vec::new();
    for run in 1..=pairs {
        let intent = approve("cli", run);
        let r = trail.intent(&intent).unwrap();
        receipts.push(r.clone());
        let done = intent.outcome(&r, ActionResult::ok(Some(204), "approved"));
        receipts.push(trail.outcome(&done).unwrap());
    }
    receipts
}

/// The tag a record's intent or outcome carries (outcomes: their intent's, via the run).
pub fn tag_of(record: &gantry::audit::Record) -> Option<String> {
    match &record.entry {
        gantry::audit::Entry::Intent(i) => i.params.get("tag")?.as_str().map(str::to_owned),
        gantry::audit::Entry::Outcome(_) => None,
    }
}
