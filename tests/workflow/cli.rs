//! `gantry workflow graph`, run for real.

use std::process::{Command, Output, Stdio};

use serde_json::Value;

use super::support::{fixture, sim_fixture};

fn gantry(args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_gantry"))
        .args(args)
        .env("GANTRY_CONFIG_DIR", dir.path())
        .env("GANTRY_STATE_DIR", dir.path())
        .env_remove("GANTRY_CONFIG")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn path(p: std::path::PathBuf) -> String {
    p.to_string_lossy().into_owned()
}

fn json_of(args: &[&str]) -> Value {
    let out = gantry(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn job<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["id"] == id)
        .unwrap_or_else(|| panic!("no job {id}"))
}

#[test]
fn json_of_enterprise_ci_has_the_needs() {
    let ci = path(sim_fixture("enterprise-ci.yml"));
    let doc = json_of(&["workflow", "graph", &ci, "--format", "json"]);
    assert_eq!(doc["name"], "Enterprise CI Pipeline");
    assert_eq!(
        job(&doc, "build")["needs"],
        serde_json::json!(["security-analysis", "code-quality", "test-suite"])
    );
    assert_eq!(
        job(&doc, "compliance-check")["needs"],
        serde_json::json!(["build"])
    );
    assert_eq!(
        job(&doc, "performance-test")["needs"],
        serde_json::json!(["build"])
    );
    let tests = job(&doc, "test-suite");
    assert_eq!(tests["name"], "Test Suite");
    assert_eq!(
        tests["matrix"]["axes"],
        serde_json::json!([{"name": "python-version", "values": ["3.11", "3.12"]}])
    );
    assert_eq!(
        tests["instances"],
        serde_json::json!(["Test Suite (3.11)", "Test Suite (3.12)"])
    );
    assert!(job(&doc, "build").get("uses").is_none());
    assert!(job(&doc, "build").get("matrix").is_none());
}

#[test]
fn json_of_cd_and_of_a_reusable_call() {
    let cd = path(sim_fixture("enterprise-cd.yml"));
    let doc = json_of(&["workflow", "graph", &cd, "--format", "json"]);
    assert_eq!(
        job(&doc, "deploy-production")["needs"],
        serde_json::json!(["deployment-readiness", "deploy-staging"])
    );
    assert_eq!(job(&doc, "deploy-production")["environment"], "production");
    let release = path(fixture("repo/.github/workflows/release.yml"));
    let doc = json_of(&["workflow", "graph", &release, "--format", "json"]);
    let deploy = job(&doc, "deploy");
    assert_eq!(deploy["uses"], "./.github/workflows/deploy.yml");
    assert_eq!(deploy["instances"], Value::Null);
    // Two files: a list, one document each.
    let ci = path(sim_fixture("enterprise-ci.yml"));
    let both = json_of(&["workflow", "graph", &ci, &cd, "--format", "json"]);
    assert_eq!(both.as_array().map(Vec::len), Some(2));
}

#[test]
fn text_is_the_picture_and_joins_cd_after_ci() {
    let ci = path(sim_fixture("enterprise-ci.yml"));
    let cd = path(sim_fixture("enterprise-cd.yml"));
    let out = gantry(&["workflow", "graph", &ci, &cd]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("Enterprise CI Pipeline → Enterprise CD Pipeline")
    );
    assert!(text.contains("Test Suite ×2"), "{text}");
    assert!(text.contains("╭") && text.contains("▶"), "{text}");
    // Left to right: the first CI job's column comes before production's.
    let col = |needle: &str| {
        text.lines()
            .find_map(|l| l.find(needle).map(|b| l[..b].chars().count()))
            .unwrap_or_else(|| panic!("{needle} missing\n{text}"))
    };
    assert!(col("Security Analysis") < col("Build Container"));
    assert!(col("Build Container") < col("Deployment Readiness"));
    assert!(col("Deploy to Staging") < col("Deploy to Production"));

    let ascii = gantry(&["workflow", "graph", &ci, "--ascii", "--compact", "--expand"]);
    let text = String::from_utf8(ascii.stdout).unwrap();
    assert!(text.is_ascii(), "{text}");
    assert!(text.contains("[Test Suite (3.11)"), "{text}");
    assert!(text.contains('>'), "{text}");
}

#[test]
fn reusable_workflow_files_in_the_same_repository_are_read() {
    let release = path(fixture("repo/.github/workflows/release.yml"));
    let out = gantry(&["workflow", "graph", &release, "--expand"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Deploy (us) / Apply"), "{text}");
}

#[test]
fn broken_file_names_file_line_and_column() {
    let broken = path(fixture("broken-indent.yml"));
    let out = gantry(&["workflow", "graph", &broken]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with(&format!("{broken}:6:10: ")), "{err}");
    let missing = gantry(&["workflow", "graph", "/nonexistent/ci.yml"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read /nonexistent/ci.yml"));
}
