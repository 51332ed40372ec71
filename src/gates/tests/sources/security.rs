//! Code-scanning alerts counted by severity, and a job's step (the secrets scan).

use super::*;

fn alert(rule_id: &str, level: &str, state: &str, file: &str, line: u64) -> Alert {
    Alert {
        number: line,
        rule_id: rule_id.into(),
        severity: Some(if level == "high" { "error" } else { "warning" }.into()),
        security_severity_level: Some(level.into()),
        state: state.into(),
        file: Some(file.into()),
        line: Some(line),
        description: None,
        html_url: None,
    }
}

fn with_alerts(alerts: Vec<Alert>) -> Evidence {
    Evidence {
        code_scanning: Piece::Present(CodeScanning {
            alerts,
            html_url: Some("https://github.com/acme/shop/security/code-scanning".into()),
        }),
        ..ev()
    }
}

#[test]
fn code_scanning() {
    let high = rule(
        &[
            ("source", "code_scanning"),
            ("severity", "high"),
            ("op", "<="),
        ],
        num(0.0),
    );
    let any = rule(&[("source", "code_scanning"), ("op", "<")], num(3.0));
    let low = alert("CVE-2024-6923", "low", "open", "Dockerfile", 1);
    let medium = alert("CVE-2025-27516", "medium", "open", "requirements.txt", 14);
    let bad = alert("CVE-2024-53981", "high", "open", "requirements.txt", 11);
    run_table(vec![
        row(
            "no high alert",
            &high,
            with_alerts(vec![low.clone(), medium.clone()]),
            Verdict::Pass,
        )
        .observed("0"),
        row(
            "one high alert",
            &high,
            with_alerts(vec![low.clone(), bad.clone()]),
            Verdict::Fail,
        )
        .observed("1")
        .detail("CVE-2024-53981 in requirements.txt:11"),
        row(
            "fixed high alert",
            &high,
            with_alerts(vec![alert(
                "CVE-2024-53981",
                "high",
                "fixed",
                "requirements.txt",
                11,
            )]),
            Verdict::Pass,
        ),
        row(
            "dismissed high alert",
            &high,
            with_alerts(vec![alert(
                "CVE-2024-53981",
                "high",
                "dismissed",
                "requirements.txt",
                11,
            )]),
            Verdict::Pass,
        ),
        row(
            "every open alert",
            &any,
            with_alerts(vec![low, medium, bad]),
            Verdict::Fail,
        )
        .observed("3")
        .detail("3 = 3 (needs < 3)"),
        row("no analysis yet", &high, ev(), Verdict::Pending),
        row(
            "no analysis ever",
            &high,
            Evidence {
                runs_finished: true,
                ..ev()
            },
            Verdict::Unknown,
        ),
        row(
            "code scanning off",
            &high,
            Evidence {
                code_scanning: Piece::Unreadable("403: Advanced Security must be enabled".into()),
                ..ev()
            },
            Verdict::Unknown,
        )
        .detail("Advanced Security"),
    ]);
}

fn with_job(status: &str, steps: Vec<(&str, &str, Option<&str>)>) -> Evidence {
    let mut e = ev();
    let steps = steps
        .into_iter()
        .map(|(name, status, conclusion)| JobStep {
            name: name.into(),
            status: status.into(),
            conclusion: conclusion.map(str::to_string),
        })
        .collect();
    e.jobs.insert(
        "Security Analysis".into(),
        Piece::Present(Job {
            name: "Security Analysis".into(),
            status: status.into(),
            conclusion: None,
            steps,
            html_url: Some("https://github.com/acme/shop/actions/runs/1/job/2".into()),
        }),
    );
    e
}

#[test]
fn job_steps() {
    let scan = rule(
        &[
            ("source", "step"),
            ("job", "Security Analysis"),
            ("step", "Run Trivy vulnerability scanner"),
            ("op", "in"),
        ],
        Raw::List(vec![text("success"), text("skipped")]),
    );
    let trivy = "Run Trivy vulnerability scanner";
    run_table(vec![
        row(
            "scan passed",
            &scan,
            with_job("completed", vec![(trivy, "completed", Some("success"))]),
            Verdict::Pass,
        )
        .observed("success"),
        row(
            "scan failed",
            &scan,
            with_job("completed", vec![(trivy, "completed", Some("failure"))]),
            Verdict::Fail,
        )
        .detail("failure, not one of success, skipped"),
        row(
            "scan running",
            &scan,
            with_job("in_progress", vec![(trivy, "in_progress", None)]),
            Verdict::Pending,
        )
        .detail("is in progress"),
        row(
            "steps not listed yet",
            &scan,
            with_job("queued", vec![]),
            Verdict::Pending,
        )
        .detail("has not started"),
        row(
            "no such step",
            &scan,
            with_job(
                "completed",
                vec![("Set up job", "completed", Some("success"))],
            ),
            Verdict::Unknown,
        )
        .detail("has no step named"),
        row("job not there", &scan, ev(), Verdict::Pending),
    ]);
}
