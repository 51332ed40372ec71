//! Resolution: defaults, derived values and environment overrides over a file.

use super::*;
use std::collections::HashMap;
use std::time::Duration;

fn paths() -> Paths {
    Paths::resolve(&|_| None, Some(PathBuf::from("/home/op")))
}

fn with_env(text: &str, vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
    let map: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let env = EnvOverrides::from_lookup(&|k| map.get(k).cloned())?;
    load_with("config.toml", text, None, &env, &paths())
}

#[test]
fn empty_file_gives_the_guide_defaults() {
    let c = with_env("", &[]).unwrap();
    assert_eq!(c.github.host, "github.com");
    assert_eq!(c.github.api_url, "https://api.github.com/");
    let names: Vec<_> = c.environments.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["development", "staging", "production"]);
    assert_eq!(
        c.environment("production").map(|e| e.confirm),
        Some(Confirm::TypeName)
    );
    assert_eq!(
        c.environment("staging").map(|e| e.confirm),
        Some(Confirm::Enter)
    );
    let gates: Vec<_> = c.gates.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(
        gates,
        [
            "Code Quality",
            "Security",
            "Performance",
            "Compliance",
            "Business"
        ]
    );
    assert_eq!(c.ui.refresh, Duration::from_secs(5));
    assert_eq!(c.ui.idle_refresh, Duration::from_secs(60));
    assert_eq!(c.ui.tick, Duration::from_millis(250));
    assert_eq!(c.ui.clock, Clock::Utc);
    assert_eq!(
        c.audit.path,
        PathBuf::from("/home/op/.local/state/gantry/audit.jsonl")
    );
    assert_eq!(
        c.log.path,
        PathBuf::from("/home/op/.local/state/gantry/gantry.log")
    );
    assert!(c.notify.bell && !c.read_only && c.keys.is_empty());
}

#[test]
fn enterprise_host_derives_api_url_and_tilde_expands() {
    let text = "[github]\nhost = \"ghe.corp\"\ntoken_file = \"~/t\"\n\
                [kubernetes]\nkubeconfig = \"~/.kube/config\"\n[audit]\npath = \"~/a.jsonl\"\n";
    let c = with_env(text, &[]).unwrap();
    assert_eq!(c.github.api_url, "https://ghe.corp/api/v3/");
    assert_eq!(c.github.token_file, Some(PathBuf::from("/home/op/t")));
    assert_eq!(
        c.kubernetes.kubeconfig,
        Some(PathBuf::from("/home/op/.kube/config"))
    );
    assert_eq!(c.audit.path, PathBuf::from("/home/op/a.jsonl"));
    let c = with_env("[github]\napi_url = \"http://127.0.0.1:9000\"\n", &[]).unwrap();
    assert_eq!(c.github.api_url, "http://127.0.0.1:9000/");
}

#[test]
fn env_overrides_win_over_the_file() {
    let text = "read_only = false\n[github]\nrepos = [\"acme/shop\"]\n[ui]\ntheme = \"dark\"\nrefresh_seconds = 5\n";
    let c = with_env(
        text,
        &[
            ("GANTRY_GITHUB_HOST", "ghe.corp"),
            ("GANTRY_GITHUB_REPOS", "acme/api,acme/web"),
            ("GANTRY_KUBECONFIG", "~/k"),
            ("GANTRY_THEME", "light"),
            ("GANTRY_READ_ONLY", "1"),
            ("GANTRY_REFRESH_SECONDS", "30"),
        ],
    )
    .unwrap();
    assert_eq!(c.github.host, "ghe.corp");
    // The API URL follows the overridden host when neither sets it explicitly.
    assert_eq!(c.github.api_url, "https://ghe.corp/api/v3/");
    let repos: Vec<_> = c.github.repos.iter().map(ToString::to_string).collect();
    assert_eq!(repos, ["acme/api", "acme/web"]);
    assert_eq!(c.kubernetes.kubeconfig, Some(PathBuf::from("/home/op/k")));
    assert_eq!(c.ui.theme, "light");
    assert_eq!(c.ui.refresh, Duration::from_secs(30));
    // Global read-only reaches every environment.
    assert!(c.read_only && c.environments.iter().all(|e| e.read_only));

    let c = with_env("", &[("GANTRY_GITHUB_API_URL", "http://127.0.0.1:8080")]).unwrap();
    assert_eq!(c.github.api_url, "http://127.0.0.1:8080/");
}

#[test]
fn env_override_replaces_an_invalid_file_value_but_bad_env_fails() {
    // An override stands in for the file's value, so the file's 0 is never used.
    assert!(
        with_env(
            "[ui]\nrefresh_seconds = 0\n",
            &[("GANTRY_REFRESH_SECONDS", "2")]
        )
        .is_ok()
    );
    let err = with_env("", &[("GANTRY_REFRESH_SECONDS", "-1")]).unwrap_err();
    assert!(
        matches!(
            err,
            ConfigError::Env {
                var: "GANTRY_REFRESH_SECONDS",
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn gates_and_environments_cross_check() {
    let text = "[[environments]]\nname = \"qa\"\n[[gates]]\nname = \"G\"\nkind = \"coverage\"\n\
                environments = [\"qa\", \"prod\"]\nmin_coverage = 140\n";
    let err = with_env(text, &[]).unwrap_err();
    let paths: Vec<_> = err.problems().iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        ["gates[0].environments[1]", "gates[0].min_coverage"],
        "{err}"
    );
    assert!(err.to_string().contains("config.toml:6:23: gates[0].environments[1]: gate \"G\": \"prod\" is not a configured environment (qa)"), "{err}");
}

#[test]
fn kubernetes_names_are_checked() {
    let text = "[kubernetes]\nnamespaces = [\"staging\"]\n[[environments]]\nname = \"production\"\n\
                namespace = \"production\"\nworkload = \"deployment/Shop\"\n";
    let err = with_env(text, &[]).unwrap_err().to_string();
    assert!(err.contains("config.toml:5:13: environments[0].namespace: namespace \"production\" is not in kubernetes.namespaces (staging)"), "{err}");
    assert!(err.contains("config.toml:6:12: environments[0].workload: \"deployment/Shop\" has a name that is not a valid Kubernetes name"), "{err}");
}

#[test]
fn repo_and_workload_parsing() {
    for ok in ["acme/shop", "a-b/c.d_e", "x/y"] {
        assert!(Repo::parse(ok).is_ok(), "{ok}");
    }
    for bad in ["acme", "/shop", "acme/", "a/b/c", "-a/b", "a/..", "a b/c"] {
        assert!(Repo::parse(bad).is_err(), "{bad}");
    }
    let w = Workload::parse("rollout/shop").unwrap();
    assert_eq!(
        (w.kind, w.to_string().as_str()),
        (WorkloadKind::Rollout, "rollout/shop")
    );
    assert!(Workload::parse("deployment").is_err());
    assert!(Workload::parse("deployment/-x").is_err());
}

#[test]
fn check_report_counts() {
    let r = check_str(
        "c.toml",
        "[github]\nrepos = [\"a/b\", \"c/d\"]\n[[environments]]\nname = \"prod\"\n",
    )
    .unwrap();
    assert_eq!(r.to_string(), "c.toml: ok (1 environment, 2 repos)");
}

mod gate_rules {
    use super::*;
    use crate::gates::{Condition, Field, Source};

    fn gate(text: &str) -> Gate {
        let c = with_env(text, &[]).unwrap_or_else(|e| panic!("{e}"));
        c.gates.into_iter().next().unwrap()
    }

    fn ids(g: &Gate) -> Vec<&str> {
        g.rules
            .iter()
            .map(|r| r.preset.as_deref().unwrap_or(&r.name))
            .collect()
    }

    #[test]
    fn a_kind_alone_is_its_preset() {
        let g = gate("[[gates]]\nname = \"Speed\"\nkind = \"performance\"\n");
        assert_eq!(
            ids(&g),
            ["p95", "memory"],
            "the error rate waits for a threshold"
        );
        assert_eq!(g.rules[0].condition, Condition::Lt(200.0));
        let g = gate("[[gates]]\nname = \"S\"\nkind = \"security\"\n");
        assert_eq!(ids(&g), ["critical_alerts", "high_alerts", "secrets_scan"]);
    }

    #[test]
    fn shorthands_set_preset_thresholds() {
        let g = gate(
            "[[gates]]\nname = \"Speed\"\nkind = \"performance\"\nmax_p95_ms = 150\n\
             max_memory_mb = 256.5\nmax_error_rate = 2\n",
        );
        assert_eq!(ids(&g), ["p95", "memory", "error_rate"]);
        let conditions: Vec<_> = g.rules.iter().map(|r| r.condition.clone()).collect();
        assert_eq!(
            conditions,
            [
                Condition::Lt(150.0),
                Condition::Lt(256.5),
                Condition::Lt(2.0)
            ]
        );
        let g = gate(
            "[[gates]]\nname = \"S\"\nkind = \"security\"\nsecrets_scan = false\nmax_high_vulnerabilities = 2\n",
        );
        assert_eq!(ids(&g), ["critical_alerts", "high_alerts"]);
        assert_eq!(g.rules[1].condition, Condition::Le(2.0));
        let g = gate("[[gates]]\nname = \"C\"\nkind = \"compliance\"\nall_controls = false\n");
        assert_eq!(ids(&g), ["audit_trail"]);
    }

    #[test]
    fn overriding_a_rule_turns_it_on_unless_it_says_otherwise() {
        let base = "[[gates]]\nname = \"Speed\"\nkind = \"performance\"\n";
        let g = gate(&format!(
            "{base}[[gates.rules]]\npreset = \"error_rate\"\nquery = \"rate(errors[5m])\"\n"
        ));
        assert_eq!(ids(&g), ["p95", "memory", "error_rate"]);
        assert!(
            matches!(&g.rules[2].source, Source::Prometheus { query } if query == "rate(errors[5m])")
        );
        let g = gate(&format!(
            "{base}[[gates.rules]]\npreset = \"p95\"\nenabled = false\nvalue = 100\n"
        ));
        assert_eq!(ids(&g), ["memory"]);
    }

    #[test]
    fn rules_override_presets_and_add_custom_ones() {
        let text = r#"
[[gates]]
name = "Performance"
kind = "performance"
max_p95_ms = 150

[[gates.rules]]
preset = "p95"
source = "prometheus"
query = "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_ms_bucket[5m])))"
value = 180

[[gates.rules]]
preset = "memory"
enabled = false

[[gates.rules]]
name = "Soaked in staging"
source = "soak"
op = ">="
value = 30
unit = "min"
"#;
        let g = gate(text);
        assert_eq!(ids(&g), ["p95", "Soaked in staging"]);
        let p95 = &g.rules[0];
        assert!(
            matches!(&p95.source, Source::Prometheus { query } if query.starts_with("histogram_quantile"))
        );
        assert_eq!(
            (p95.field, p95.condition.clone()),
            (Field::Value, Condition::Lt(180.0))
        );
        assert_eq!(p95.name, "p95 latency");
        assert_eq!(g.rules[1].preset, None);
        assert_eq!(g.rules[1].condition, Condition::Ge(30.0));
    }

    #[test]
    fn rule_errors_point_at_the_key_and_name_the_gate() {
        let text = "[[gates]]\nname = \"Speed\"\nkind = \"performance\"\n\
                    [[gates.rules]]\npreset = \"p95\"\nop = \"~\"\n\
                    [[gates.rules]]\npreset = \"p95\"\n\
                    [[gates.rules]]\nname = \"x\"\nop = \"<\"\nvalue = 1\n";
        let err = with_env(text, &[]).unwrap_err();
        let shown: Vec<String> = err
            .problems()
            .iter()
            .map(|p| format!("{}:{} {}", p.line, p.column, p.message))
            .collect();
        assert_eq!(
            shown,
            [
                "6:6 gates[0].rules[0].op: gate \"Speed\": unknown operator \"~\"; use one of <, <=, >, >=, ==, !=, in",
                "8:10 gates[0].rules[1].preset: gate \"Speed\": preset rule \"p95\" is overridden twice",
                "9:1 gates[0].rules[2]: gate \"Speed\": a rule needs a source: one of check_run, status, code_scanning, step, prometheus, pod_metrics, review, compliance_run, audit_trail, soak",
            ]
        );
    }
}

#[test]
fn ca_file_must_be_a_readable_pem_bundle_reported_where_written() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.pem");
    let text = format!("[github]\nca_file = \"{}\"\n", missing.display());
    let err = with_env(&text, &[]).unwrap_err().to_string();
    assert!(
        err.contains(&format!(
            "config.toml:2:11: github.ca_file: cannot read {}",
            missing.display()
        )),
        "{err}"
    );
    let empty = dir.path().join("empty.pem");
    std::fs::write(&empty, "not a certificate\n").unwrap();
    let text = format!("[github]\nca_file = \"{}\"\n", empty.display());
    let err = with_env(&text, &[]).unwrap_err().to_string();
    assert!(
        err.contains("github.ca_file:") && err.contains("no PEM certificate"),
        "{err}"
    );
    assert_eq!(with_env("", &[]).unwrap().github.ca_file, None);
}

#[test]
fn prometheus_url_is_checked_and_trimmed() {
    let c = with_env("[prometheus]\nurl = \"http://127.0.0.1:9090/\"\n", &[]).unwrap();
    assert_eq!(c.prometheus_url.as_deref(), Some("http://127.0.0.1:9090"));
    assert_eq!(with_env("", &[]).unwrap().prometheus_url, None);
    let err = with_env("[prometheus]\nurl = \"prom:9090\"\n", &[])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("2:7") && err.contains("prometheus.url"),
        "{err}"
    );
}

#[test]
fn idle_refresh_parses_and_zero_is_refused_naming_the_key() {
    let c = with_env(
        "[ui]\nrefresh_seconds = 2\nidle_refresh_seconds = 90\n",
        &[],
    )
    .unwrap();
    assert_eq!(c.ui.refresh, Duration::from_secs(2));
    assert_eq!(c.ui.idle_refresh, Duration::from_secs(90));
    let err = with_env("[ui]\nidle_refresh_seconds = 0\n", &[]).unwrap_err();
    assert!(err.to_string().contains("ui.idle_refresh_seconds"), "{err}");
}
