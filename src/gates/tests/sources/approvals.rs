//! The deployment review, the compliance workflow and gantry's audit trail.

use super::*;

fn with_review(decisions: Vec<(&str, bool, &str)>) -> Evidence {
    let at = Utc.with_ymd_and_hms(2026, 11, 27, 3, 12, 0).unwrap();
    let decisions = decisions
        .into_iter()
        .map(|(user, approved, comment)| Decision {
            user: user.into(),
            approved,
            at: Some(at),
            comment: Some(comment.into()),
        })
        .collect();
    Evidence {
        environment: "production".into(),
        review: Piece::Present(Review {
            decisions,
            html_url: Some("https://github.com/acme/shop/actions/runs/9".into()),
        }),
        ..ev()
    }
}

#[test]
fn reviews() {
    let approvals = rule(&[("source", "review"), ("op", ">=")], num(1.0));
    let state = rule(
        &[("source", "review"), ("field", "state"), ("op", "==")],
        text("approved"),
    );
    run_table(vec![
        row(
            "nobody yet",
            &approvals,
            with_review(vec![]),
            Verdict::Pending,
        )
        .observed("0")
        .detail("waiting for a required reviewer"),
        row(
            "approved",
            &approvals,
            with_review(vec![("oncall", true, "ship it")]),
            Verdict::Pass,
        )
        .observed("1")
        .detail("approved by oncall at 2026-11-27 03:12 UTC: ship it"),
        row(
            "rejected",
            &approvals,
            with_review(vec![("alice", false, "needs a load test")]),
            Verdict::Fail,
        )
        .detail("rejected by alice at 2026-11-27 03:12 UTC: needs a load test"),
        row(
            "state approved",
            &state,
            with_review(vec![("oncall", true, "")]),
            Verdict::Pass,
        )
        .observed("approved"),
        row(
            "state waiting",
            &state,
            with_review(vec![]),
            Verdict::Pending,
        )
        .observed("waiting"),
        row("no review fetched", &approvals, ev(), Verdict::Pending)
            .detail("no deployment review for staging"),
    ]);
}

fn with_compliance(status: &str, conclusion: Option<&str>) -> Evidence {
    Evidence {
        compliance_run: Piece::Present(WorkflowRun {
            name: "Compliance Automation".into(),
            status: status.into(),
            conclusion: conclusion.map(str::to_string),
            created_at: Some(Utc.with_ymd_and_hms(2026, 11, 23, 6, 0, 0).unwrap()),
            html_url: None,
        }),
        ..ev()
    }
}

fn with_audit(deployments: u32, missing: &[&str]) -> Evidence {
    Evidence {
        audit_trail: Piece::Present(AuditTrail {
            deployments,
            missing: missing.iter().map(|m| m.to_string()).collect(),
        }),
        ..ev()
    }
}

#[test]
fn compliance_and_audit() {
    let run = rule(
        &[("source", "compliance_run"), ("op", "==")],
        text("success"),
    );
    let complete = rule(&[("source", "audit_trail"), ("op", "==")], Raw::Bool(true));
    let missing = rule(
        &[
            ("source", "audit_trail"),
            ("field", "missing"),
            ("op", "<="),
        ],
        num(0.0),
    );
    run_table(vec![
        row(
            "assessment passed",
            &run,
            with_compliance("completed", Some("success")),
            Verdict::Pass,
        )
        .detail("run of 2026-11-23 06:00 UTC"),
        row(
            "assessment failed",
            &run,
            with_compliance("completed", Some("failure")),
            Verdict::Fail,
        ),
        row(
            "assessment running",
            &run,
            with_compliance("in_progress", None),
            Verdict::Pending,
        ),
        row("never ran", &run, ev(), Verdict::Pending),
        row(
            "trail complete",
            &complete,
            with_audit(2, &[]),
            Verdict::Pass,
        )
        .observed("true")
        .detail("2 deployments recorded"),
        row(
            "trail gap",
            &complete,
            with_audit(2, &["staging deployment 7"]),
            Verdict::Fail,
        )
        .observed("false")
        .detail("no record of staging deployment 7"),
        row(
            "gap counted",
            &missing,
            with_audit(2, &["a", "b"]),
            Verdict::Fail,
        )
        .observed("2"),
        row(
            "audit file unreadable",
            &complete,
            Evidence {
                audit_trail: Piece::Unreadable("permission denied".into()),
                ..ev()
            },
            Verdict::Unknown,
        ),
    ]);
}
