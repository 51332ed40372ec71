//! One table per source: present evidence that passes and fails, then missing (pending, or unknown
//! once the runs have finished), unreadable, malformed and in-progress evidence.

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
fn check_runs() {
    let p95 = p95_rule();
    let conclusion = rule(
        &[
            ("source", "check_run"),
            ("check", "Performance Testing"),
            ("op", "=="),
        ],
        text("success"),
    );
    let anywhere = rule(
        &[
            ("source", "check_run"),
            ("check", "Performance Testing"),
            ("pattern", r"p95 (?P<value>[0-9]+) ms"),
            ("op", "<="),
        ],
        num(200.0),
    );
    let words = rule(
        &[
            ("source", "check_run"),
            ("check", "Performance Testing"),
            ("field", "summary"),
            ("pattern", r"Audit trail: (?P<value>\w+)"),
            ("op", "=="),
        ],
        text("complete"),
    );
    let events = rule(
        &[
            ("source", "check_run"),
            ("check", "Performance Testing"),
            ("field", "summary"),
            ("pattern", r"\((?P<value>[0-9,]+) events"),
            ("op", ">="),
        ],
        num(1000.0),
    );
    let ok = || {
        check(
            "Performance Testing",
            "success",
            "p95 143 ms, memory 380 MB",
            &perf_summary("143"),
        )
    };
    let running = Piece::Present(CheckRun {
        name: "Performance Testing".into(),
        status: "in_progress".into(),
        ..CheckRun::default()
    });
    let no_conclusion = Piece::Present(CheckRun {
        name: "Performance Testing".into(),
        status: "completed".into(),
        ..CheckRun::default()
    });
    let finished = Evidence {
        runs_finished: true,
        ..ev()
    };
    run_table(vec![
        row("p95 under budget", &p95, with_check(ok()), Verdict::Pass).observed("143 ms"),
        row(
            "p95 over budget",
            &p95,
            with_check(check(
                "Performance Testing",
                "success",
                "",
                &perf_summary("287"),
            )),
            Verdict::Fail,
        )
        .observed("287 ms")
        .detail("287 ms > 200 ms"),
        row("no check run yet", &p95, ev(), Verdict::Pending)
            .detail("waiting for check run \"Performance Testing\""),
        row("never came", &p95, finished, Verdict::Unknown)
            .observed("")
            .detail("runs have finished"),
        row("still running", &p95, with_check(running), Verdict::Pending)
            .observed("")
            .detail("is in progress"),
        row(
            "unreadable",
            &p95,
            with_check(Piece::Unreadable("HTTP 502 after 3 attempts".into())),
            Verdict::Unknown,
        )
        .detail("could not be read: HTTP 502"),
        row(
            "pattern finds nothing",
            &p95,
            with_check(check("Performance Testing", "success", "", "latency fine")),
            Verdict::Unknown,
        )
        .detail("found nothing in the check run \"Performance Testing\"'s summary"),
        row(
            "failed before writing numbers",
            &p95,
            with_check(check("Performance Testing", "failure", "", "")),
            Verdict::Unknown,
        )
        .detail("(the check run concluded failure)"),
        row(
            "not a number",
            &p95,
            with_check(check(
                "Performance Testing",
                "success",
                "",
                &perf_summary("n/a"),
            )),
            Verdict::Unknown,
        )
        .detail("read \"n/a\", which is not a number"),
        row(
            "completed without conclusion",
            &conclusion,
            with_check(no_conclusion),
            Verdict::Unknown,
        )
        .detail("without a conclusion"),
        row(
            "conclusion success",
            &conclusion,
            with_check(ok()),
            Verdict::Pass,
        )
        .observed("success"),
        row(
            "conclusion failure",
            &conclusion,
            with_check(check("Performance Testing", "failure", "", "")),
            Verdict::Fail,
        )
        .observed("failure")
        .detail("failure, not success"),
        row(
            "output searches the title first",
            &anywhere,
            with_check(ok()),
            Verdict::Pass,
        )
        .observed("143"),
        row(
            "text compared as text",
            &words,
            with_check(check(
                "Performance Testing",
                "success",
                "",
                "Audit trail: complete (2,481 events, no gaps)",
            )),
            Verdict::Pass,
        )
        .observed("complete"),
        row(
            "digit-group commas",
            &events,
            with_check(check(
                "Performance Testing",
                "success",
                "",
                "Audit trail: complete (2,481 events, no gaps)",
            )),
            Verdict::Pass,
        )
        .observed("2481"),
    ]);
}

fn with_status(state: &str, description: Option<&str>) -> Evidence {
    let mut e = ev();
    e.statuses.insert(
        "codecov/project".into(),
        Piece::Present(CommitStatus {
            context: "codecov/project".into(),
            state: state.into(),
            description: description.map(str::to_string),
            target_url: Some("https://app.codecov.io/gh/acme/shop/commit/0888".into()),
        }),
    );
    e
}

#[test]
fn commit_statuses() {
    let coverage = rule(
        &[
            ("source", "status"),
            ("context", "codecov/project"),
            ("pattern", r"(?P<value>[0-9.]+)%"),
            ("op", ">"),
            ("unit", "%"),
        ],
        num(90.0),
    );
    let state = rule(
        &[
            ("source", "status"),
            ("context", "codecov/project"),
            ("op", "=="),
        ],
        text("success"),
    );
    run_table(vec![
        row(
            "coverage above",
            &coverage,
            with_status("success", Some("92.4% (+0.3%)")),
            Verdict::Pass,
        )
        .observed("92.4%"),
        row(
            "coverage below",
            &coverage,
            with_status("failure", Some("89.9% (-2.5%)")),
            Verdict::Fail,
        )
        .observed("89.9%")
        .detail("89.9% < 90%"),
        row(
            "coverage equal is not above",
            &coverage,
            with_status("success", Some("90% (+0.0%)")),
            Verdict::Fail,
        ),
        row(
            "status pending",
            &coverage,
            with_status("pending", Some("Waiting for CI")),
            Verdict::Pending,
        )
        .detail("is pending"),
        row(
            "no description",
            &coverage,
            with_status("success", None),
            Verdict::Unknown,
        )
        .detail("found nothing"),
        row("absent", &coverage, ev(), Verdict::Pending),
        row(
            "state success",
            &state,
            with_status("success", None),
            Verdict::Pass,
        )
        .observed("success"),
        row(
            "state pending waits",
            &state,
            with_status("pending", None),
            Verdict::Pending,
        ),
        row(
            "state error",
            &state,
            with_status("error", None),
            Verdict::Fail,
        )
        .observed("error"),
    ]);
}

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

fn with_query(query: &str, piece: Piece<PromResult>) -> Evidence {
    let mut e = ev();
    e.prometheus.insert(query.into(), piece);
    e
}

fn samples(values: &[(&str, f64)]) -> Piece<PromResult> {
    let samples = values
        .iter()
        .map(|(pod, v)| PromSample {
            labels: if pod.is_empty() {
                BTreeMap::new()
            } else {
                BTreeMap::from([("pod".to_string(), pod.to_string())])
            },
            value: *v,
        })
        .collect();
    Piece::Present(PromResult {
        samples,
        link: None,
    })
}

#[test]
fn prometheus() {
    let q = "error_rate_percent";
    let r = rule(
        &[
            ("source", "prometheus"),
            ("query", q),
            ("op", "<"),
            ("unit", "%"),
        ],
        num(1.0),
    );
    run_table(vec![
        row(
            "scalar under",
            &r,
            with_query(q, samples(&[("", 0.4)])),
            Verdict::Pass,
        )
        .observed("0.4%"),
        row(
            "nearest to failing shown",
            &r,
            with_query(q, samples(&[("a", 0.1), ("b", 0.7)])),
            Verdict::Pass,
        )
        .observed("0.7% ({pod=\"b\"})"),
        row(
            "one series over",
            &r,
            with_query(q, samples(&[("a", 0.2), ("b", 7.9)])),
            Verdict::Fail,
        )
        .observed("7.9% ({pod=\"b\"})")
        .detail("{pod=\"b\"}: 7.9% > 1%"),
        row(
            "no samples",
            &r,
            with_query(q, samples(&[])),
            Verdict::Unknown,
        )
        .detail("no samples"),
        row(
            "NaN",
            &r,
            with_query(q, samples(&[("", f64::NAN)])),
            Verdict::Unknown,
        )
        .detail("not a number"),
        row("not asked yet", &r, ev(), Verdict::Pending),
        row(
            "server down",
            &r,
            with_query(q, Piece::Unreadable("connection refused".into())),
            Verdict::Unknown,
        )
        .detail("connection refused"),
    ]);
}

fn with_pods(pods: &[(&str, u64, f64)]) -> Evidence {
    let pods = pods
        .iter()
        .map(|(pod, mib, cpu)| PodUsage {
            pod: pod.to_string(),
            memory_bytes: mib * 1_048_576,
            cpu_millicores: *cpu,
        })
        .collect();
    Evidence {
        pod_metrics: Piece::Present(pods),
        ..ev()
    }
}

#[test]
fn pod_metrics() {
    let mem = rule(
        &[
            ("source", "pod_metrics"),
            ("field", "memory_mb"),
            ("op", "<"),
            ("unit", "MB"),
        ],
        num(512.0),
    );
    let cpu = rule(
        &[
            ("source", "pod_metrics"),
            ("field", "cpu_millicores"),
            ("op", "<="),
        ],
        num(500.0),
    );
    run_table(vec![
        row(
            "all under",
            &mem,
            with_pods(&[("shop-a", 380, 120.0), ("shop-b", 402, 90.0)]),
            Verdict::Pass,
        )
        .observed("402 MB (pod shop-b)"),
        row(
            "one over",
            &mem,
            with_pods(&[("shop-a", 380, 120.0), ("shop-c", 600, 90.0)]),
            Verdict::Fail,
        )
        .observed("600 MB (pod shop-c)"),
        row(
            "cpu",
            &cpu,
            with_pods(&[("shop-a", 380, 620.0)]),
            Verdict::Fail,
        )
        .observed("620 (pod shop-a)"),
        row("no pods yet", &mem, with_pods(&[]), Verdict::Pending),
        row(
            "metrics-server missing",
            &mem,
            Evidence {
                pod_metrics: Piece::Unreadable("404 metrics.k8s.io".into()),
                ..ev()
            },
            Verdict::Unknown,
        ),
    ]);
}

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

fn with_soak(since: Option<(u32, u32)>) -> Evidence {
    Evidence {
        soak: Piece::Present(Soak {
            environment: "staging".into(),
            healthy_since: since.map(|(h, m)| Utc.with_ymd_and_hms(2026, 11, 27, h, m, 0).unwrap()),
            link: None,
        }),
        ..ev()
    }
}

#[test]
fn soak_time() {
    let soak = rule(
        &[("source", "soak"), ("op", ">="), ("unit", "min")],
        num(30.0),
    );
    run_table(vec![
        row(
            "soaked long enough",
            &soak,
            with_soak(Some((3, 0))),
            Verdict::Pass,
        )
        .observed("30 min"),
        // Waiting is all it takes, so a short soak is pending, never failed.
        row(
            "still soaking",
            &soak,
            with_soak(Some((3, 20))),
            Verdict::Pending,
        )
        .observed("10 min")
        .detail("healthy in staging since 03:20 UTC"),
        row("not healthy", &soak, with_soak(None), Verdict::Pending)
            .detail("not healthy in staging yet"),
        row(
            "unknown",
            &soak,
            Evidence {
                soak: Piece::Unreadable("no deployment statuses".into()),
                ..ev()
            },
            Verdict::Unknown,
        ),
    ]);
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
