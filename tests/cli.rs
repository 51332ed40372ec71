//! The binary's non-interactive commands, run for real.

use std::process::{Command, Stdio};

fn gantry(args: &[&str], config_dir: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gantry"))
        .args(args)
        .env("GANTRY_CONFIG_DIR", config_dir)
        .env("GANTRY_STATE_DIR", config_dir.join("state"))
        .env_remove("GANTRY_CONFIG")
        .stdin(Stdio::null())
        .output()
        .expect("run gantry")
}

fn example() -> String {
    format!("{}/config.example.toml", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn help_lists_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let out = gantry(&["--help"], dir.path());
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for cmd in [
        "demo",
        "config",
        "paths",
        "completions",
        "man",
        "--read-only",
        "--theme",
        "--log-file",
    ] {
        assert!(text.contains(cmd), "--help lacks {cmd}");
    }
}

#[test]
fn version_prints_the_paths() {
    let dir = tempfile::tempdir().unwrap();
    let out = gantry(&["--version"], dir.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with(&format!("gantry {}", env!("CARGO_PKG_VERSION"))));
    assert!(text.contains(&format!("{}/config.toml", dir.path().display())));
    assert!(text.contains(&format!("{}/state/audit.jsonl", dir.path().display())));
    let paths = gantry(&["paths"], dir.path());
    assert!(String::from_utf8_lossy(&paths.stdout).contains("gantry.log"));
}

#[test]
fn config_check_accepts_the_example_and_names_the_line_of_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let ok = gantry(&["config", "check", &example()], dir.path());
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains(": ok ("));

    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "[github]\nrepos = [\"acme/shop\"]\n\n[ui]\ncolour = \"red\"\n",
    )
    .unwrap();
    let out = gantry(&["config", "check", bad.to_str().unwrap()], dir.path());
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.toml:5:"), "{err}");
    assert!(err.contains("colour") && err.contains("theme"), "{err}");

    let missing = gantry(&["config", "check", "/nonexistent/gantry.toml"], dir.path());
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/gantry.toml"));
}

#[test]
fn without_a_config_it_says_where_one_belongs_and_suggests_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let out = gantry(&[], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{}/config.toml", dir.path().display())),
        "{err}"
    );
    assert!(err.contains("config.example.toml"));
    assert!(err.contains("gantry demo"));
}

#[test]
fn refuses_to_draw_into_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let out = gantry(&["--config", &example()], dir.path());
    assert!(!out.status.success());
    assert!(out.stdout.is_empty(), "no escape sequences into the pipe");
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs a terminal"));
}

#[test]
fn completions_and_man_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = gantry(&["completions", "bash"], dir.path());
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("_gantry"));
    let man = gantry(&["man"], dir.path());
    assert!(man.status.success());
    assert!(String::from_utf8_lossy(&man.stdout).contains(".TH gantry"));
}
