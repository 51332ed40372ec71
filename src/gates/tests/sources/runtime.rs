//! Runtime evidence: Prometheus queries, pod metrics and soak time.

use super::*;

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
