//! A gate is the worst of its rules; blocking decides whether a verdict holds a promotion.

use super::*;

fn report(verdict: Verdict) -> RuleReport {
    RuleReport {
        preset: None,
        name: format!("{verdict} rule"),
        verdict,
        observed: None,
        observed_of: None,
        threshold: String::new(),
        unit: None,
        source: String::new(),
        link: None,
        detail: Some(format!("it is {verdict}")),
    }
}

fn gate(verdicts: &[Verdict], blocking: bool) -> GateReport {
    let rules = verdicts.iter().map(|v| report(*v)).collect();
    report::roll_up("G", GateKind::Coverage, blocking, rules)
}

#[test]
fn worst_rule_wins() {
    use Verdict::*;
    let table: &[(&[Verdict], Verdict)] = &[
        (&[Pass], Pass),
        (&[Pass, Pass], Pass),
        (&[Pass, Pending], Pending),
        (&[Pending, Unknown, Pass], Unknown),
        (&[Unknown, Fail, Pending], Fail),
        (&[Fail, Pass], Fail),
        // Nothing passes by default.
        (&[], Unknown),
    ];
    for (rules, want) in table {
        assert_eq!(gate(rules, true).verdict, *want, "{rules:?}");
    }
}

#[test]
fn blocking_decides_whether_it_holds() {
    use Verdict::*;
    assert!(!gate(&[Pass], true).holds());
    assert!(gate(&[Pending], true).holds());
    assert!(gate(&[Unknown], true).holds());
    assert!(gate(&[Fail], true).holds());
    let advisory = gate(&[Fail], false);
    assert_eq!(advisory.verdict, Fail, "a non-blocking failure still shows");
    assert!(!advisory.holds());
    assert!(holds(&[gate(&[Pass], true), gate(&[Fail], true)]));
    assert!(!holds(&[gate(&[Pass], true), advisory]));
}

#[test]
fn headline_names_the_deciding_rule() {
    use Verdict::*;
    assert_eq!(
        gate(&[Pass, Fail, Pending], true).headline(),
        "G: fail (fail rule: it is fail)"
    );
    assert_eq!(gate(&[Pass], true).headline(), "G: pass");
    assert_eq!(gate(&[], true).headline(), "G: unknown (no rules)");
    let deciding: Vec<_> = gate(&[Pending, Pass, Pending], true)
        .deciding()
        .map(|r| r.verdict)
        .collect();
    assert_eq!(deciding, [Pending, Pending]);
}

#[test]
fn gates_are_chosen_by_environment() {
    let gates = vec![
        Gate::preset("Code Quality", GateKind::Coverage, &[]),
        Gate::preset("Business", GateKind::Approval, &["production"]),
    ];
    let staging = Evidence {
        environment: "staging".into(),
        ..Evidence::default()
    };
    let names = |e: &Evidence| -> Vec<String> {
        evaluate(&gates, e, now())
            .into_iter()
            .map(|r| r.name)
            .collect()
    };
    assert_eq!(names(&staging), ["Code Quality"]);
    let production = Evidence {
        environment: "production".into(),
        ..Evidence::default()
    };
    assert_eq!(names(&production), ["Code Quality", "Business"]);
}
