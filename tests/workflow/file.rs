//! Parsing: the simulator's fixtures and a tricky file per case.

use gantry::workflow::file::{Instances, Matrix, parse};

use super::support::{fixture, load, sim_fixture};

fn names(w: &gantry::workflow::Workflow, id: &str) -> Vec<String> {
    match w.job(id).unwrap().instances() {
        Instances::Fixed(v) => v.into_iter().map(|i| i.name).collect(),
        Instances::Dynamic => panic!("{id} is dynamic"),
    }
}

fn needs(w: &gantry::workflow::Workflow, id: &str) -> Vec<String> {
    w.job(id).unwrap().needs.clone()
}

#[test]
fn enterprise_ci_jobs_needs_and_names() {
    let ci = load(&sim_fixture("enterprise-ci.yml"));
    assert_eq!(ci.name.as_deref(), Some("Enterprise CI Pipeline"));
    assert_eq!(ci.on, ["push", "pull_request"]);
    let ids: Vec<&str> = ci.jobs.iter().map(|j| j.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "security-analysis",
            "code-quality",
            "test-suite",
            "build",
            "compliance-check",
            "performance-test"
        ]
    );
    for root in ["security-analysis", "code-quality", "test-suite"] {
        assert!(needs(&ci, root).is_empty(), "{root}");
    }
    assert_eq!(
        needs(&ci, "build"),
        ["security-analysis", "code-quality", "test-suite"]
    );
    assert_eq!(needs(&ci, "compliance-check"), ["build"]);
    assert_eq!(needs(&ci, "performance-test"), ["build"]);
    assert_eq!(
        names(&ci, "test-suite"),
        ["Test Suite (3.11)", "Test Suite (3.12)"]
    );
    assert_eq!(names(&ci, "build"), ["Build Container"]);
    let tests = ci.job("test-suite").unwrap();
    assert!(tests.services);
    assert_eq!(tests.steps.len(), 5);
    assert_eq!(tests.steps[0].display(), "Run actions/checkout@v4");
    assert_eq!(tests.steps[3].display(), "Run tests");
}

#[test]
fn enterprise_cd_jobs_conditions_and_environments() {
    let cd = load(&sim_fixture("enterprise-cd.yml"));
    assert!(cd.has_trigger("workflow_run"));
    assert!(needs(&cd, "deployment-readiness").is_empty());
    assert_eq!(needs(&cd, "deploy-staging"), ["deployment-readiness"]);
    assert_eq!(
        needs(&cd, "deploy-production"),
        ["deployment-readiness", "deploy-staging"]
    );
    let prod = cd.job("deploy-production").unwrap();
    let env = prod.environment.as_ref().unwrap();
    assert_eq!(env.name, "production");
    assert_eq!(
        env.url.as_deref(),
        Some("https://agentic-startup-studio.com")
    );
    assert_eq!(
        prod.condition.as_deref(),
        Some("needs.deployment-readiness.outputs.deploy-production == 'true'")
    );
    assert_eq!(
        cd.job("deployment-readiness").unwrap().condition.as_deref(),
        Some("${{ github.event.workflow_run.conclusion == 'success' }}")
    );
}

#[test]
fn compliance_automation_has_schedule_and_dispatch() {
    let w = load(&sim_fixture("compliance-automation.yml"));
    assert_eq!(w.on, ["schedule", "workflow_dispatch"]);
    assert_eq!(
        names(&w, "compliance-assessment"),
        ["Automated Compliance Assessment"]
    );
}

#[test]
fn needs_as_string_list_empty_and_repeated() {
    let w = load(&fixture("needs.yml"));
    assert_eq!(needs(&w, "deploy"), ["build", "test"]);
    assert_eq!(needs(&w, "build"), ["lint"]);
    assert_eq!(needs(&w, "test"), ["lint"]);
    assert!(needs(&w, "lint").is_empty());
}

#[test]
fn on_key_and_yaml11_booleans_stay_strings() {
    let w = load(&fixture("on-yaml11.yml"));
    assert_eq!(w.on, ["push", "workflow_dispatch"]);
    // `on`/`off` are strings; an unquoted 3.10 is the number 3.1, as GitHub names it too.
    assert_eq!(
        names(&w, "flags"),
        [
            "flags (on, 3.1)",
            "flags (on, 3.10)",
            "flags (off, 3.1)",
            "flags (off, 3.10)"
        ]
    );
    for (text, on) in [
        ("on: push\njobs: {a: {steps: []}}", vec!["push"]),
        (
            "'on': [push, pull_request]\njobs: {a: {steps: []}}",
            vec!["push", "pull_request"],
        ),
        (
            "\"on\":\n  workflow_run: {workflows: [CI]}\njobs: {a: {steps: []}}",
            vec!["workflow_run"],
        ),
    ] {
        assert_eq!(parse(text).unwrap().on, on, "{text}");
    }
}

#[test]
fn anchors_aliases_and_merge_keys() {
    let w = load(&fixture("anchors.yml"));
    assert_eq!(needs(&w, "test"), ["lint"]);
    // Merged from `test`, with its own name and needs.
    assert_eq!(needs(&w, "integration"), ["lint", "test"]);
    assert_eq!(
        names(&w, "integration"),
        [
            "Integration tests (ubuntu-latest)",
            "Integration tests (macos-latest)"
        ]
    );
    assert_eq!(w.job("integration").unwrap().steps.len(), 1);
    // A merge inside the matrix: the map's own keys come first, then the merged ones (YAML
    // leaves the order open; matching API names falls back to the `E2E (` prefix anyway).
    assert_eq!(needs(&w, "e2e"), ["integration"]);
    assert_eq!(
        names(&w, "e2e"),
        ["E2E (20, ubuntu-latest)", "E2E (20, macos-latest)"]
    );
}

#[test]
fn flow_style() {
    let w = load(&fixture("flow.yml"));
    assert_eq!(w.name.as_deref(), Some("Flow style"));
    assert_eq!(w.on, ["push", "workflow_dispatch"]);
    assert_eq!(needs(&w, "b"), ["a"]);
    assert_eq!(names(&w, "b"), ["Shard 1 of 2", "Shard 2 of 2"]);
    let c = w.job("c").unwrap();
    assert_eq!(c.needs, ["a", "b"]);
    assert_eq!(c.uses.as_deref(), Some("./.github/workflows/deploy.yml"));
    assert_eq!(
        c.condition.as_deref(),
        Some("github.ref == 'refs/heads/main'")
    );
}

#[test]
fn matrix_include_exclude_and_templates() {
    let w = load(&fixture("matrix.yml"));
    // The example of GitHub's docs on include.
    assert_eq!(
        names(&w, "fruit"),
        [
            "fruit (apple, cat, pink, circle)",
            "fruit (apple, dog, green, circle)",
            "fruit (pear, cat, pink)",
            "fruit (pear, dog, green)",
            "fruit (banana)",
            "fruit (banana, cat)"
        ]
    );
    assert_eq!(
        names(&w, "os"),
        [
            "Test on ubuntu-latest with Node 18",
            "Test on ubuntu-latest with Node 20",
            "Test on windows-latest with Node 20"
        ]
    );
    assert_eq!(
        names(&w, "only-include"),
        [
            "only-include (production, site-a)",
            "only-include (staging, site-b)"
        ]
    );
    let dynamic = w.job("dynamic").unwrap();
    assert!(matches!(dynamic.matrix, Some(Matrix::Dynamic(_))));
    assert_eq!(dynamic.instances(), Instances::Dynamic);
}

#[test]
fn conditions_are_kept() {
    let w = load(&fixture("conditions.yml"));
    assert_eq!(w.job("always").unwrap().condition.as_deref(), Some("true"));
    assert_eq!(
        w.job("on-failure").unwrap().condition.as_deref(),
        Some("${{ failure() }}")
    );
}

fn error_of(name: &str) -> gantry::workflow::ParseError {
    let text = std::fs::read_to_string(fixture(name)).unwrap();
    parse(&text).unwrap_err()
}

#[test]
fn broken_yaml_names_line_and_column() {
    let e = error_of("broken-indent.yml");
    assert_eq!((e.line, e.column), (Some(6), Some(10)), "{e}");
    assert!(e.to_string().starts_with("6:10: "), "{e}");
}

#[test]
fn unknown_need_cycle_and_bad_matrix_name_the_line() {
    let e = error_of("broken-needs.yml");
    assert_eq!(e.line, Some(9), "{e}");
    assert!(e.message.contains("`tests`"), "{e}");
    let e = error_of("broken-cycle.yml");
    assert_eq!(e.line, Some(5), "{e}");
    assert!(
        e.message.contains("cycle") && e.message.contains("a, b, c"),
        "{e}"
    );
    let e = error_of("broken-matrix.yml");
    assert!(matches!(e.line, Some(7..=8)), "{e}");
    assert!(e.message.contains("`os` must be a list"), "{e}");
}

#[test]
fn other_refusals() {
    // Duplicate job ids, a wrong type, an empty file, too large a matrix.
    let dup = parse("on: push\njobs:\n  a: {steps: []}\n  a: {steps: []}\n").unwrap_err();
    assert_eq!(dup.line, Some(4), "{dup}");
    assert!(!dup.message.contains("DuplicateKeyPolicy"), "{dup}");
    let typed = parse("on: push\njobs:\n  a:\n    needs: {x: 1}\n").unwrap_err();
    assert_eq!(typed.line, Some(4), "{typed}");
    assert!(parse("").is_err());
    let axis: Vec<String> = (0..20).map(|i| i.to_string()).collect();
    let big = format!(
        "on: push\njobs:\n  a:\n    strategy:\n      matrix: {{x: [{0}], y: [{0}]}}\n",
        axis.join(", ")
    );
    let e = parse(&big).unwrap_err();
    assert!(e.message.contains("400 combinations"), "{e}");
}
