//! The five presets on evidence shaped like the simulator's scenarios after CI, with the texts its
//! workflows publish (sim/src/world/plan.rs): `release` passes everything but Business, which waits
//! for a required reviewer; `bad-release` fails Security (a high alert) and Performance (p95 287 ms).

use super::*;

const SHA: &str = "088844b21ac6431752b9f642c7723f35a6a5ca50";

fn five() -> Vec<Gate> {
    vec![
        Gate::preset("Code Quality", GateKind::Coverage, &[]),
        Gate::preset("Security", GateKind::Security, &[]),
        Gate::preset("Performance", GateKind::Performance, &[]),
        Gate::preset("Compliance", GateKind::Compliance, &[]),
        Gate::preset("Business", GateKind::Approval, &["production"]),
    ]
}

fn alert(number: u64, rule_id: &str, level: &str, state: &str, file: &str, line: u64) -> Alert {
    Alert {
        number,
        rule_id: rule_id.into(),
        severity: Some(
            match level {
                "high" | "critical" => "error",
                "medium" => "warning",
                _ => "note",
            }
            .into(),
        ),
        security_severity_level: Some(level.into()),
        state: state.into(),
        file: Some(file.into()),
        line: Some(line),
        description: None,
        html_url: Some(format!(
            "https://github.com/acme/shop/security/code-scanning/{number}"
        )),
    }
}

/// The candidate after CI, its CD run waiting for production's reviewers.
fn scenario(bad: bool) -> Evidence {
    let (p95, mem) = if bad { (287, 402) } else { (143, 380) };
    let high = u32::from(bad);
    let mut e = Evidence {
        sha: SHA.into(),
        environment: "production".into(),
        ..Evidence::default()
    };
    let mut put = |name: &str, title: String, summary: String, text: String| {
        let mut c = check(name, "success", &title, &summary);
        if let Piece::Present(c) = &mut c {
            c.text = Some(text);
        }
        e.check_runs.insert(name.into(), c);
    };
    put(
        "Security Analysis",
        format!("Trivy: {high} high, 1 medium, 1 low"),
        format!(
            "Trivy 0.57.1 scanned the repository filesystem: {} vulnerabilities ({high} high, 1 medium, 1 low); results uploaded to code scanning.",
            2 + high
        ),
        "- CVE-2024-6923 (low) cpython: email header injection due to unquoted newlines".into(),
    );
    put(
        "Code Quality Analysis",
        "ruff, mypy, bandit: 0 errors, 2 warnings".into(),
        "ruff: 2 warnings. mypy: Success: no issues found in 142 source files. bandit: No issues identified (0 high, 0 medium).".into(),
        String::new(),
    );
    for py in ["3.11", "3.12"] {
        put(
            &format!("Test Suite ({py})"),
            "412 passed, 3 skipped; coverage 92.4%".into(),
            "pytest: 412 passed, 3 skipped. Total coverage 92.4% (required 90%).".into(),
            String::new(),
        );
    }
    put(
        "Compliance Validation",
        "Compliance: all required controls pass".into(),
        "SOC 2 Type II: 64/64 controls pass. GDPR: 31/31 controls pass. Audit trail: complete.".into(),
        "| Standard | Passed | Failed |\n|---|---|---|\n| SOC 2 Type II | 64 | 0 |\n| GDPR | 31 | 0 |".into(),
    );
    put(
        "Performance Testing",
        format!("p95 {p95} ms, memory {mem} MB"),
        format!(
            "p95 latency: {p95} ms (threshold 200 ms)\nPeak memory: {mem} MB (threshold 512 MB)"
        ),
        format!(
            "| Endpoint | p50 | p95 | p99 |\n|---|---|---|---|\n| GET /api/products | 61 ms | {p95} ms | 300 ms |\n\nPeak RSS: {mem} MB"
        ),
    );
    e.statuses.insert(
        "codecov/project".into(),
        Piece::Present(CommitStatus {
            context: "codecov/project".into(),
            state: "success".into(),
            description: Some("92.4% (+0.3%)".into()),
            target_url: Some(format!("https://app.codecov.io/gh/acme/shop/commit/{SHA}")),
        }),
    );
    let mut alerts = vec![
        alert(
            1,
            "CVE-2024-56201",
            "medium",
            "fixed",
            "requirements.txt",
            14,
        ),
        alert(
            2,
            "CVE-2024-47874",
            "medium",
            "fixed",
            "requirements.txt",
            9,
        ),
        alert(3, "CVE-2024-6923", "low", "open", "Dockerfile", 1),
        alert(
            4,
            "CVE-2025-27516",
            "medium",
            "open",
            "requirements.txt",
            14,
        ),
    ];
    if bad {
        alerts.push(alert(
            5,
            "CVE-2024-53981",
            "high",
            "open",
            "requirements.txt",
            11,
        ));
    }
    e.code_scanning = Piece::Present(CodeScanning {
        alerts,
        html_url: Some("https://github.com/acme/shop/security/code-scanning".into()),
    });
    let steps = [
        "Set up job",
        "Run actions/checkout@v4",
        "Run Trivy vulnerability scanner",
        "Upload Trivy scan results",
        "Post Run actions/checkout@v4",
        "Complete job",
    ];
    e.jobs.insert(
        "Security Analysis".into(),
        Piece::Present(Job {
            name: "Security Analysis".into(),
            status: "completed".into(),
            conclusion: Some("success".into()),
            steps: steps
                .iter()
                .map(|s| JobStep {
                    name: s.to_string(),
                    status: "completed".into(),
                    conclusion: Some("success".into()),
                })
                .collect(),
            html_url: None,
        }),
    );
    e.compliance_run = Piece::Present(WorkflowRun {
        name: "Compliance Automation".into(),
        status: "completed".into(),
        conclusion: Some("success".into()),
        created_at: Some(Utc.with_ymd_and_hms(2026, 11, 23, 6, 0, 0).unwrap()),
        html_url: None,
    });
    e.audit_trail = Piece::Present(AuditTrail {
        deployments: 1,
        missing: vec![],
    });
    e.review = Piece::Present(Review {
        decisions: vec![],
        html_url: Some("https://github.com/acme/shop/actions/runs/7".into()),
    });
    e
}

fn verdicts(reports: &[GateReport]) -> Vec<(String, Verdict)> {
    reports
        .iter()
        .map(|r| (r.name.clone(), r.verdict))
        .collect()
}

fn rule_of<'a>(reports: &'a [GateReport], gate: &str, id: &str) -> &'a RuleReport {
    reports
        .iter()
        .find(|g| g.name == gate)
        .and_then(|g| g.rules.iter().find(|r| r.preset.as_deref() == Some(id)))
        .unwrap_or_else(|| panic!("no {gate}/{id}"))
}

fn named(list: &[(&str, Verdict)]) -> Vec<(String, Verdict)> {
    list.iter().map(|(n, v)| (n.to_string(), *v)).collect()
}

#[test]
fn release_passes_everything_but_business_until_approval() {
    let mut e = scenario(false);
    let reports = evaluate(&five(), &e, now());
    use Verdict::*;
    assert_eq!(
        verdicts(&reports),
        named(&[
            ("Code Quality", Pass),
            ("Security", Pass),
            ("Performance", Pass),
            ("Compliance", Pass),
            ("Business", Pending),
        ]),
        "{reports:#?}"
    );
    let shown = |id: &str, gate: &str| rule_of(&reports, gate, id).display();
    assert_eq!(shown("coverage", "Code Quality").observed, "92.4%");
    assert_eq!(shown("coverage", "Code Quality").threshold, "> 90%");
    assert_eq!(shown("critical_issues", "Code Quality").observed, "0");
    assert_eq!(shown("high_alerts", "Security").observed, "0");
    assert_eq!(shown("secrets_scan", "Security").observed, "success");
    assert_eq!(shown("p95", "Performance").observed, "143 ms");
    assert_eq!(shown("memory", "Performance").observed, "380 MB");
    assert_eq!(
        shown("approval", "Business").detail.as_deref(),
        Some("waiting for a required reviewer")
    );
    assert!(
        holds(&reports),
        "a pending blocking gate holds the promotion"
    );

    let at = Utc.with_ymd_and_hms(2026, 11, 27, 3, 41, 0).unwrap();
    e.review = Piece::Present(Review {
        decisions: vec![Decision {
            user: "oncall".into(),
            approved: true,
            at: Some(at),
            comment: Some("ship it".into()),
        }],
        html_url: None,
    });
    let reports = evaluate(&five(), &e, now());
    assert!(reports.iter().all(|r| r.verdict == Pass), "{reports:#?}");
    assert!(!holds(&reports));
    assert_eq!(
        rule_of(&reports, "Business", "approval").detail.as_deref(),
        Some("approved by oncall at 2026-11-27 03:41 UTC: ship it")
    );
}

#[test]
fn bad_release_fails_security_and_performance_with_the_numbers() {
    let reports = evaluate(&five(), &scenario(true), now());
    use Verdict::*;
    assert_eq!(
        verdicts(&reports),
        named(&[
            ("Code Quality", Pass),
            ("Security", Fail),
            ("Performance", Fail),
            ("Compliance", Pass),
            ("Business", Pending),
        ])
    );
    let high = rule_of(&reports, "Security", "high_alerts");
    assert_eq!(
        (high.verdict, high.observed.clone()),
        (Fail, Some(Scalar::Number(1.0)))
    );
    assert_eq!(
        high.detail.as_deref(),
        Some("1 > 0: CVE-2024-53981 in requirements.txt:11")
    );
    assert_eq!(
        high.link.as_deref(),
        Some("https://github.com/acme/shop/security/code-scanning")
    );
    let p95 = rule_of(&reports, "Performance", "p95");
    assert_eq!(p95.verdict, Fail);
    assert_eq!(p95.display().observed, "287 ms");
    assert_eq!(p95.threshold, "< 200 ms");
    assert_eq!(p95.detail.as_deref(), Some("287 ms > 200 ms"));
    assert_eq!(p95.source, "check run \"Performance Testing\"");
    assert_eq!(rule_of(&reports, "Performance", "memory").verdict, Pass);
    let banner: Vec<String> = reports
        .iter()
        .filter(|r| r.verdict == Fail)
        .map(GateReport::headline)
        .collect();
    assert_eq!(
        banner,
        [
            "Security: fail (High alerts: 1 > 0: CVE-2024-53981 in requirements.txt:11)",
            "Performance: fail (p95 latency: 287 ms > 200 ms)",
        ]
    );
}

#[test]
fn before_ci_everything_waits() {
    let e = Evidence {
        sha: SHA.into(),
        environment: "staging".into(),
        ..Evidence::default()
    };
    let reports = evaluate(&five(), &e, now());
    assert_eq!(reports.len(), 4, "Business guards production only");
    assert!(
        reports.iter().all(|r| r.verdict == Verdict::Pending),
        "{reports:#?}"
    );
}

#[test]
fn reports_serialize_for_status_json() {
    let reports = evaluate(&five(), &scenario(true), now());
    let json = serde_json::to_value(&reports).unwrap();
    let perf = &json[2];
    assert_eq!(perf["name"], "Performance");
    assert_eq!(perf["verdict"], "fail");
    assert_eq!(perf["kind"], "performance");
    assert_eq!(perf["rules"][0]["observed"], 287.0);
    assert_eq!(perf["rules"][0]["threshold"], "< 200 ms");
}
