//! The configuration file exactly as written: every field optional, unknown keys rejected.
//!
//! Fields that semantic validation looks at are `Spanned` so their errors can point at the value.
//! Defaults live in `resolved.rs`, never here, so "not written" and "written as the default" stay
//! distinguishable (env overrides and `config check` rely on that).

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// `mode -> key sequence -> action name`, passed through untouched to the keymap module.
pub type KeysFile = BTreeMap<String, BTreeMap<String, String>>;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Global read-only mode: no action that changes anything can be requested.
    pub read_only: Option<bool>,
    pub github: Option<GithubFile>,
    pub kubernetes: Option<KubernetesFile>,
    pub environments: Option<Vec<EnvironmentFile>>,
    pub gates: Option<Vec<GateFile>>,
    pub keys: Option<KeysFile>,
    pub ui: Option<UiFile>,
    pub audit: Option<AuditFile>,
    pub notify: Option<NotifyFile>,
    pub prometheus: Option<PrometheusFile>,
    pub log: Option<LogFile>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GithubFile {
    pub host: Option<Spanned<String>>,
    pub api_url: Option<Spanned<String>>,
    pub repos: Option<Vec<Spanned<String>>>,
    /// Branch whose commits the overview follows; unset means each repository's default branch.
    pub branch: Option<String>,
    pub token_command: Option<String>,
    pub token_file: Option<String>,
    pub timeout_seconds: Option<Spanned<u64>>,
    /// A PEM bundle of extra trusted CAs (GitHub Enterprise behind its own CA).
    pub ca_file: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KubernetesFile {
    pub kubeconfig: Option<String>,
    pub contexts: Option<Vec<Spanned<String>>>,
    pub namespaces: Option<Vec<Spanned<String>>>,
    pub timeout_seconds: Option<Spanned<u64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvironmentFile {
    pub name: Spanned<String>,
    pub context: Option<Spanned<String>>,
    pub namespace: Option<Spanned<String>>,
    pub workload: Option<Spanned<String>>,
    pub read_only: Option<bool>,
    pub confirm: Option<Spanned<String>>,
}

/// A quality gate: a preset chosen by `kind`, tuned by the threshold keys (shorthands for its rules'
/// values) and by `rules`, which override preset rules by id or add custom ones.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GateFile {
    pub name: Spanned<String>,
    pub kind: Spanned<String>,
    /// Environments the gate guards; unset means every environment.
    pub environments: Option<Vec<Spanned<String>>>,
    /// A failing non-blocking gate is shown but does not hold a promotion.
    pub blocking: Option<bool>,
    pub min_coverage: Option<Spanned<f64>>,
    pub max_critical_issues: Option<Spanned<u64>>,
    pub max_high_vulnerabilities: Option<Spanned<u64>>,
    pub max_critical_vulnerabilities: Option<Spanned<u64>>,
    pub secrets_scan: Option<Spanned<bool>>,
    pub max_p95_ms: Option<Spanned<f64>>,
    pub max_memory_mb: Option<Spanned<f64>>,
    pub max_error_rate: Option<Spanned<f64>>,
    pub all_controls: Option<Spanned<bool>>,
    pub audit_trail: Option<Spanned<bool>>,
    pub min_approvals: Option<Spanned<u64>>,
    pub rules: Option<Vec<Spanned<RuleFile>>>,
}

/// `[[gates.rules]]`: with `preset`, overrides that preset rule's keys; without, a custom rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    pub preset: Option<Spanned<String>>,
    pub enabled: Option<bool>,
    pub name: Option<Spanned<String>>,
    pub source: Option<Spanned<String>>,
    pub check: Option<Spanned<String>>,
    pub context: Option<Spanned<String>>,
    pub job: Option<Spanned<String>>,
    pub step: Option<Spanned<String>>,
    pub query: Option<Spanned<String>>,
    pub severity: Option<Spanned<String>>,
    pub field: Option<Spanned<String>>,
    pub pattern: Option<Spanned<String>>,
    pub op: Option<Spanned<String>>,
    /// Typed by the field it is compared with, so checked after parsing.
    pub value: Option<Spanned<toml::Value>>,
    pub unit: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UiFile {
    pub theme: Option<Spanned<String>>,
    pub refresh_seconds: Option<Spanned<u64>>,
    pub idle_refresh_seconds: Option<Spanned<u64>>,
    pub tick_ms: Option<Spanned<u64>>,
    pub clock: Option<Spanned<String>>,
    pub ascii: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditFile {
    pub enabled: Option<bool>,
    pub path: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotifyFile {
    pub bell: Option<bool>,
    pub command: Option<String>,
    pub desktop: Option<bool>,
    pub webhook: Option<String>,
}

/// The Prometheus server that `prometheus` gate rules query.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrometheusFile {
    pub url: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogFile {
    pub level: Option<Spanned<String>>,
    pub path: Option<String>,
}
