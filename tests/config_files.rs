//! Shipped configuration parses; every invalid one fails with the message a human needs.
//!
//! Adding an invalid case is adding two files to `tests/invalid_configs/`: `NAME.toml` and
//! `NAME.expected`, whose every non-empty line must appear in the error's display.

use gantry::config::{self, ConfigError, Confirm, GateKind, WorkloadKind};
use std::path::{Path, PathBuf};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn example_config_parses_and_resolves() {
    let path = manifest_dir().join("config.example.toml");
    let report = config::check(&path).unwrap();
    assert_eq!(report.environments, 3);
    assert_eq!(report.repos, 1);
    assert!(
        report
            .to_string()
            .ends_with("config.example.toml: ok (3 environments, 1 repo)")
    );

    let cfg = config::load_str(
        "config.example.toml",
        &std::fs::read_to_string(&path).unwrap(),
    )
    .unwrap();
    assert_eq!(cfg.github.api_url, "https://api.github.com/");
    let prod = cfg.environment("production").unwrap();
    assert_eq!(prod.confirm, Confirm::TypeName);
    assert_eq!(prod.workload.as_ref().unwrap().kind, WorkloadKind::Rollout);
    assert_eq!(
        cfg.environment("development").unwrap().confirm,
        Confirm::Enter
    );
    assert_eq!(cfg.gates.len(), 5);
    assert_eq!(cfg.gates_for("staging").count(), 4);
    assert_eq!(
        cfg.gates_for("production").last().unwrap().kind,
        GateKind::Approval
    );
    assert_eq!(cfg.keys["normal"]["g g"], "top");
    // The embedded copy is the same file.
    assert_eq!(config::EXAMPLE, std::fs::read_to_string(&path).unwrap());
}

#[test]
fn example_documents_the_defaults() {
    // The example states every default; resolving it must equal resolving an empty file, apart
    // from what it deliberately sets (repos, environment mappings, keys, token command).
    let example = config::load_str("example", config::EXAMPLE).unwrap();
    let empty = config::load_str("empty", "").unwrap();
    assert_eq!(example.ui, empty.ui);
    assert_eq!(example.gates, empty.gates);
    assert_eq!(example.audit, empty.audit);
    assert_eq!(example.notify, empty.notify);
    assert_eq!(example.log, empty.log);
    assert_eq!(example.read_only, empty.read_only);
    assert_eq!(example.github.host, empty.github.host);
    assert_eq!(example.github.timeout, empty.github.timeout);
    let names = |c: &config::Config| {
        c.environments
            .iter()
            .map(|e| e.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&example), names(&empty));
}

fn invalid_cases() -> Vec<(PathBuf, String)> {
    let dir = manifest_dir().join("tests/invalid_configs");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            let expected = p.with_extension("expected");
            let text = std::fs::read_to_string(&expected)
                .unwrap_or_else(|_| panic!("{} has no {}", p.display(), expected.display()));
            (p, text)
        })
        .collect();
    cases.sort();
    cases
}

#[test]
fn invalid_configs_fail_with_their_expected_messages() {
    let cases = invalid_cases();
    assert!(cases.len() >= 10, "only {} invalid cases", cases.len());
    let mut failures = Vec::new();
    for (path, expected) in &cases {
        let shown = match config::check(path) {
            Ok(report) => format!("unexpectedly valid: {report}"),
            Err(err) => err.to_string(),
        };
        for line in expected.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if !shown.contains(line) {
                failures.push(format!(
                    "{}\n  expected: {line}\n  got:      {shown}",
                    path.display()
                ));
            }
        }
        // Every problem is located: the file name followed by line and column.
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        for got in shown.lines() {
            let located = got
                .split_once(&format!("{name}:"))
                .is_some_and(|(_, rest)| {
                    let mut parts = rest.splitn(3, ':');
                    parts.next().is_some_and(|l| l.parse::<usize>().is_ok())
                        && parts.next().is_some_and(|c| c.parse::<usize>().is_ok())
                });
            if !located {
                failures.push(format!("{}: not located: {got}", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn several_problems_are_all_reported() {
    let path = manifest_dir().join("tests/invalid_configs/several_problems.toml");
    let err = config::check(&path).unwrap_err();
    assert_eq!(err.problems().len(), 3, "{err}");
    let paths: Vec<&str> = err.problems().iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["github.repos[1]", "ui.refresh_seconds", "ui.clock"]);
}

#[test]
fn missing_file_names_the_path() {
    let path = Path::new("/nonexistent/gantry/config.toml");
    let err = config::check(path).unwrap_err();
    assert!(matches!(err, ConfigError::Read { .. }));
    assert_eq!(
        err.to_string(),
        "/nonexistent/gantry/config.toml: no such file"
    );
}

#[test]
fn no_default_config_is_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let dir_str = dir.path().to_string_lossy().to_string();
    let paths = gantry::paths::Paths::resolve(
        &|k| (k == "GANTRY_CONFIG_DIR").then(|| dir_str.clone()),
        None,
    );
    let err = config::load_default_in(&paths).unwrap_err();
    match &err {
        ConfigError::NotFound { searched } => assert_eq!(searched, &dir.path().join("config.toml")),
        other => panic!("expected NotFound, got {other:?}"),
    }
    let msg = err.to_string();
    assert!(
        msg.contains("config.example.toml") && msg.contains("gantry demo"),
        "{msg}"
    );

    std::fs::write(dir.path().join("config.toml"), "[ui]\ntheme = \"light\"\n").unwrap();
    assert_eq!(config::load_default_in(&paths).unwrap().ui.theme, "light");
}
