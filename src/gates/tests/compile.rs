//! What makes a rule valid: each bad draft is refused with the key at fault and a useful message.

use super::*;

fn errors(keys: &[(&str, &str)], value: Option<Raw>) -> Vec<(Key, String)> {
    let mut d = draft(keys, num(0.0));
    d.value = value;
    match compile(&d, None) {
        Ok(r) => panic!("{keys:?} compiled: {r:?}"),
        Err(errs) => errs.into_iter().map(|e| (e.key, e.message)).collect(),
    }
}

#[test]
fn bad_drafts_name_the_key_at_fault() {
    let check = [("source", "check_run"), ("check", "Performance Testing")];
    let with = |extra: &[(&'static str, &'static str)]| -> Vec<(&'static str, &'static str)> {
        check.iter().chain(extra).copied().collect()
    };
    // (keys, threshold, the key blamed, a fragment of the message)
    type Case<'a> = (Vec<(&'a str, &'a str)>, Option<Raw>, Key, &'a str);
    let table: Vec<Case> = vec![
        (
            vec![("op", "<")],
            Some(num(1.0)),
            Key::Source,
            "a rule needs a source: one of check_run, status",
        ),
        (
            vec![("source", "sonar"), ("op", "<")],
            Some(num(1.0)),
            Key::Source,
            "unknown source \"sonar\"",
        ),
        (
            vec![("source", "check_run"), ("op", "==")],
            Some(text("success")),
            Key::Source,
            "source check_run needs check",
        ),
        (
            with(&[("context", "x"), ("op", "==")]),
            Some(text("success")),
            Key::Context,
            "source check_run does not use context (it takes check)",
        ),
        (
            vec![("source", "review"), ("check", "x"), ("op", ">=")],
            Some(num(1.0)),
            Key::Check,
            "it takes no selector",
        ),
        (
            vec![
                ("source", "code_scanning"),
                ("severity", "severe"),
                ("op", "<="),
            ],
            Some(num(0.0)),
            Key::Severity,
            "use one of low, medium, high, critical",
        ),
        (
            with(&[("field", "duration"), ("op", "<")]),
            Some(num(1.0)),
            Key::Field,
            "source check_run has no field \"duration\"; its fields: conclusion, output, title, summary, text",
        ),
        (
            with(&[("field", "summary"), ("op", "<")]),
            Some(num(1.0)),
            Key::Field,
            "field summary is text: add a pattern",
        ),
        (
            with(&[
                ("field", "conclusion"),
                ("pattern", "(?P<value>x)"),
                ("op", "=="),
            ]),
            Some(text("success")),
            Key::Pattern,
            "a pattern reads text (output, title, summary, text), not field conclusion",
        ),
        (
            vec![("source", "soak"), ("pattern", "(?P<value>x)"), ("op", ">")],
            Some(num(1.0)),
            Key::Pattern,
            "source soak has no text for a pattern to read",
        ),
        (
            with(&[("pattern", "p95 (?P<value>[0-9+ ms"), ("op", "<")]),
            Some(num(1.0)),
            Key::Pattern,
            "is not a valid regex: unclosed",
        ),
        (
            with(&[("pattern", r"p95 (?P<ms>\d+)"), ("op", "<")]),
            Some(num(1.0)),
            Key::Pattern,
            "has no group named value",
        ),
        (
            with(&[("pattern", r"(?P<value>\d+)"), ("op", "=~")]),
            Some(num(1.0)),
            Key::Op,
            "unknown operator \"=~\"; use one of <, <=, >, >=, ==, !=, in",
        ),
        (
            with(&[("pattern", r"(?P<value>\d+)")]),
            Some(num(1.0)),
            Key::Op,
            "a rule needs op",
        ),
        (
            with(&[("pattern", r"(?P<value>\d+)"), ("op", "<")]),
            None,
            Key::Value,
            "a rule needs a value",
        ),
        (
            with(&[("pattern", r"(?P<value>\d+)"), ("op", "<")]),
            Some(text("200")),
            Key::Value,
            "< needs a number, found the string \"200\"",
        ),
        (
            with(&[("op", ">")]),
            Some(num(1.0)),
            Key::Op,
            "> compares numbers, and field conclusion is not one",
        ),
        (
            with(&[("op", "==")]),
            Some(text("succes")),
            Key::Value,
            "\"succes\" is not a value of conclusion; use one of success, failure",
        ),
        (
            with(&[("op", "==")]),
            Some(Raw::Bool(true)),
            Key::Value,
            "field conclusion takes one of success",
        ),
        (
            with(&[("op", "in")]),
            Some(text("success")),
            Key::Value,
            "in needs an array, found the string \"success\"",
        ),
        (
            with(&[("op", "in")]),
            Some(Raw::List(vec![])),
            Key::Value,
            "in needs at least one value",
        ),
        (
            vec![("source", "audit_trail"), ("op", "==")],
            Some(text("yes")),
            Key::Value,
            "field complete takes true or false, found the string \"yes\"",
        ),
        (
            vec![("source", "code_scanning"), ("op", "<=")],
            Some(Raw::Other("a date")),
            Key::Value,
            "found a date",
        ),
        (
            vec![("source", "code_scanning"), ("op", "==")],
            Some(Raw::Bool(false)),
            Key::Value,
            "field count takes a number, found the boolean false",
        ),
    ];
    let mut failures = Vec::new();
    for (keys, value, key, fragment) in table {
        let got = errors(&keys, value);
        if !got.iter().any(|(k, m)| *k == key && m.contains(fragment)) {
            failures.push(format!(
                "{keys:?}\n  expected {key}: {fragment}\n  got {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_problem_is_reported_at_once() {
    let got = errors(
        &[("source", "status"), ("check", "x"), ("pattern", "(")],
        None,
    );
    let keys: Vec<Key> = got.iter().map(|(k, _)| *k).collect();
    for k in [Key::Check, Key::Source, Key::Pattern, Key::Op, Key::Value] {
        assert!(keys.contains(&k), "{k} missing from {got:?}");
    }
}

#[test]
fn defaults_fill_field_and_name() {
    let r = rule(
        &[
            ("source", "status"),
            ("context", "codecov/project"),
            ("pattern", "(?P<value>[0-9.]+)%"),
            ("op", ">"),
        ],
        num(90.0),
    );
    assert_eq!(
        r.field,
        Field::Description,
        "a pattern reads the first text field"
    );
    assert_eq!(r.name, "status \"codecov/project\" description");
    let r = rule(
        &[("source", "status"), ("context", "ci"), ("op", "==")],
        text("success"),
    );
    assert_eq!(r.field, Field::State);
    let r = rule(
        &[("name", "Soaked"), ("source", "soak"), ("op", ">=")],
        num(30.0),
    );
    assert_eq!((r.name.as_str(), r.field), ("Soaked", Field::Minutes));
}

#[test]
fn every_preset_rule_compiles() {
    for kind in [
        GateKind::Coverage,
        GateKind::Security,
        GateKind::Performance,
        GateKind::Compliance,
        GateKind::Approval,
    ] {
        for p in preset::rules(kind) {
            let r =
                compile(&p.draft, Some(p.id)).unwrap_or_else(|e| panic!("{kind} {}: {e:?}", p.id));
            assert_eq!(r.preset.as_deref(), Some(p.id));
        }
        let enabled = preset::rules(kind).iter().filter(|p| p.enabled).count();
        assert_eq!(Gate::preset("G", kind, &[]).rules.len(), enabled, "{kind}");
    }
}

#[test]
fn overrides_merge_over_the_preset() {
    let p95 = preset::rules(GateKind::Performance)
        .into_iter()
        .find(|p| p.id == "p95")
        .unwrap()
        .draft;
    let tighter = p95.merged(&Draft {
        value: Some(num(150.0)),
        ..Draft::default()
    });
    let r = compile(&tighter, Some("p95")).unwrap();
    assert_eq!(r.condition, Condition::Lt(150.0));
    assert_eq!(
        r.source,
        Source::CheckRun {
            check: "Performance Testing".into()
        }
    );

    // Another source replaces the selector, field and pattern but keeps name, threshold and unit.
    let from_prometheus = p95.merged(&Draft {
        source: Some("prometheus".into()),
        query: Some("histogram_quantile(0.95, rate(http_request_duration_ms_bucket[5m]))".into()),
        ..Draft::default()
    });
    let r = compile(&from_prometheus, Some("p95")).unwrap();
    assert_eq!(r.name, "p95 latency");
    assert_eq!(r.field, Field::Value);
    assert_eq!(r.pattern, None);
    assert_eq!(r.condition.display(r.unit.as_deref()), "< 200 ms");
}
