//! Every operator on every kind of value: numbers (a Prometheus scalar), words (a conclusion),
//! booleans (the audit trail), each on both sides of its threshold and on the edge.

use super::*;

fn scalar(v: f64) -> Evidence {
    let mut e = Evidence::default();
    e.prometheus.insert(
        "q".into(),
        Piece::Present(PromResult {
            samples: vec![PromSample {
                labels: Default::default(),
                value: v,
            }],
            link: None,
        }),
    );
    e
}

fn conclusion(c: &str) -> Evidence {
    Evidence {
        compliance_run: Piece::Present(WorkflowRun {
            status: "completed".into(),
            conclusion: Some(c.into()),
            ..WorkflowRun::default()
        }),
        ..Evidence::default()
    }
}

fn complete(yes: bool) -> Evidence {
    Evidence {
        audit_trail: Piece::Present(AuditTrail {
            deployments: 1,
            missing: if yes { vec![] } else { vec!["x".into()] },
        }),
        ..Evidence::default()
    }
}

fn verdict(source: &str, op: &str, threshold: Raw, e: &Evidence) -> Verdict {
    let keys: &[(&str, &str)] = if source == "prometheus" {
        &[("source", "prometheus"), ("query", "q"), ("op", op)]
    } else {
        &[("source", source), ("op", op)]
    };
    evaluate_rule(&rule(keys, threshold), e, now()).verdict
}

#[test]
fn numbers() {
    let list = || Raw::List(vec![num(1.0), num(2.0)]);
    let table: Vec<(&str, Raw, f64, Verdict)> = vec![
        ("<", num(200.0), 199.0, Verdict::Pass),
        ("<", num(200.0), 200.0, Verdict::Fail),
        ("<", num(200.0), 287.0, Verdict::Fail),
        ("<=", num(200.0), 200.0, Verdict::Pass),
        ("<=", num(200.0), 200.5, Verdict::Fail),
        (">", num(90.0), 90.1, Verdict::Pass),
        (">", num(90.0), 90.0, Verdict::Fail),
        (">=", num(90.0), 90.0, Verdict::Pass),
        (">=", num(90.0), 89.9, Verdict::Fail),
        ("==", num(0.0), 0.0, Verdict::Pass),
        ("==", num(0.0), 1.0, Verdict::Fail),
        ("!=", num(0.0), 1.0, Verdict::Pass),
        ("!=", num(0.0), 0.0, Verdict::Fail),
        ("in", list(), 2.0, Verdict::Pass),
        ("in", list(), 3.0, Verdict::Fail),
        ("<", num(-1.0), -2.5, Verdict::Pass),
    ];
    let wrong: Vec<String> = table
        .into_iter()
        .filter_map(|(op, t, v, want)| {
            let got = verdict("prometheus", op, t.clone(), &scalar(v));
            (got != want).then(|| format!("{v} {op} {t:?}: expected {want}, got {got}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn words_and_booleans() {
    let words = || Raw::List(vec![text("success"), text("neutral")]);
    let table: Vec<(&str, &str, Raw, Evidence, Verdict)> = vec![
        (
            "compliance_run",
            "==",
            text("success"),
            conclusion("success"),
            Verdict::Pass,
        ),
        (
            "compliance_run",
            "==",
            text("success"),
            conclusion("failure"),
            Verdict::Fail,
        ),
        (
            "compliance_run",
            "!=",
            text("failure"),
            conclusion("success"),
            Verdict::Pass,
        ),
        (
            "compliance_run",
            "!=",
            text("failure"),
            conclusion("failure"),
            Verdict::Fail,
        ),
        (
            "compliance_run",
            "in",
            words(),
            conclusion("neutral"),
            Verdict::Pass,
        ),
        (
            "compliance_run",
            "in",
            words(),
            conclusion("cancelled"),
            Verdict::Fail,
        ),
        (
            "audit_trail",
            "==",
            Raw::Bool(true),
            complete(true),
            Verdict::Pass,
        ),
        (
            "audit_trail",
            "==",
            Raw::Bool(true),
            complete(false),
            Verdict::Fail,
        ),
        (
            "audit_trail",
            "!=",
            Raw::Bool(false),
            complete(true),
            Verdict::Pass,
        ),
        (
            "audit_trail",
            "!=",
            Raw::Bool(false),
            complete(false),
            Verdict::Fail,
        ),
        (
            "audit_trail",
            "in",
            Raw::List(vec![Raw::Bool(true)]),
            complete(true),
            Verdict::Pass,
        ),
        (
            "audit_trail",
            "in",
            Raw::List(vec![Raw::Bool(true)]),
            complete(false),
            Verdict::Fail,
        ),
    ];
    let wrong: Vec<String> = table
        .into_iter()
        .filter_map(|(source, op, t, e, want)| {
            let got = verdict(source, op, t.clone(), &e);
            (got != want).then(|| format!("{source} {op} {t:?}: expected {want}, got {got}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn numbers_and_text_never_meet() {
    let n = Scalar::Number(1.0);
    let t = Scalar::Text("1".into());
    assert!(!Condition::Eq(t.clone()).holds(&n));
    assert!(!Condition::Lt(5.0).holds(&t));
    assert!(!Condition::In(vec![n.clone()]).holds(&t));
    assert!(Condition::Ne(t).holds(&n));
}

#[test]
fn thresholds_display_with_units() {
    let c = |op: &str, v: Raw, unit: Option<&str>| {
        let mut keys = vec![("source", "prometheus"), ("query", "q"), ("op", op)];
        if let Some(u) = unit {
            keys.push(("unit", u));
        }
        let r = rule(&keys, v);
        r.condition.display(r.unit.as_deref())
    };
    assert_eq!(c("<", num(200.0), Some("ms")), "< 200 ms");
    assert_eq!(c(">", num(90.0), Some("%")), "> 90%");
    assert_eq!(c("<=", num(0.5), None), "<= 0.5");
    assert_eq!(
        c("in", Raw::List(vec![num(1.0), num(2.0)]), Some("s")),
        "in [1 s, 2 s]"
    );
}
