//! One table per source: present evidence that passes and fails, then missing (pending, or unknown
//! once the runs have finished), unreadable, malformed and in-progress evidence.

mod approvals;
mod github;
mod runtime;
mod security;

use super::*;
use std::collections::BTreeMap;

fn ev() -> Evidence {
    Evidence {
        sha: "088844b21ac6431752b9f642c7723f35a6a5ca50".into(),
        environment: "staging".into(),
        ..Evidence::default()
    }
}

fn with_check(c: Piece<CheckRun>) -> Evidence {
    let mut e = ev();
    e.check_runs.insert("Performance Testing".into(), c);
    e
}

fn perf_summary(p95: &str) -> String {
    format!("p95 latency: {p95} ms (threshold 200 ms)\nPeak memory: 380 MB (threshold 512 MB)")
}

fn p95_rule() -> Rule {
    rule(
        &[
            ("source", "check_run"),
            ("check", "Performance Testing"),
            ("field", "summary"),
            ("pattern", r"p95 latency: (?P<value>\S+) ms"),
            ("op", "<"),
            ("unit", "ms"),
        ],
        num(200.0),
    )
}

fn row(what: &'static str, rule: &Rule, evidence: Evidence, verdict: Verdict) -> Row {
    Row {
        what,
        rule: rule.clone(),
        evidence,
        verdict,
        observed: None,
        detail: "",
    }
}

impl Row {
    fn observed(mut self, o: &'static str) -> Row {
        self.observed = Some(o);
        self
    }
    fn detail(mut self, d: &'static str) -> Row {
        self.detail = d;
        self
    }
}

#[test]
fn late_evidence_moves_from_pending_to_a_verdict() {
    let p95 = p95_rule();
    let mut e = ev();
    let at = |e: &Evidence| evaluate_rule(&p95, e, now()).verdict;
    assert_eq!(at(&e), Verdict::Pending);
    e.check_runs.insert(
        "Performance Testing".into(),
        Piece::Present(CheckRun {
            name: "Performance Testing".into(),
            status: "queued".into(),
            ..CheckRun::default()
        }),
    );
    assert_eq!(at(&e), Verdict::Pending);
    e.check_runs.insert(
        "Performance Testing".into(),
        check("Performance Testing", "success", "", &perf_summary("287")),
    );
    assert_eq!(at(&e), Verdict::Fail);
}

#[test]
fn untrusted_text_is_raw_in_reports_and_clean_on_display() {
    let r = rule(
        &[
            ("source", "check_run"),
            ("check", "Performance Testing"),
            ("pattern", r"Audit trail: (?P<value>.*)"),
            ("op", "=="),
        ],
        text("complete"),
    );
    let e = with_check(check(
        "Performance Testing",
        "success",
        "",
        "Audit trail: \x1b]0;owned\x07gone\x1b[31m!",
    ));
    let got = evaluate_rule(&r, &e, now());
    assert_eq!(got.verdict, Verdict::Fail);
    assert_eq!(
        got.observed,
        Some(Scalar::Text("\x1b]0;owned\x07gone\x1b[31m!".into()))
    );
    let line = got.display();
    assert_eq!(line.observed, "gone!");
    assert!(!line.detail.unwrap_or_default().contains('\x1b'));
}
