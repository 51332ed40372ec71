//! The configuration gantry runs with: defaults applied, values parsed into types, paths expanded.
//! Built by `validate::build`, which is the only place that turns a file into one of these.

use super::file::KeysFile;
pub use crate::gates::{Gate, GateKind};
use crate::paths::Paths;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The file this came from; `None` for built-in defaults.
    pub source: Option<PathBuf>,
    pub paths: Paths,
    /// Global read-only mode (file `read_only` or `GANTRY_READ_ONLY`); also folded into every
    /// environment's `read_only`.
    pub read_only: bool,
    pub github: GithubConfig,
    pub kubernetes: KubernetesConfig,
    pub environments: Vec<Environment>,
    pub gates: Vec<Gate>,
    /// The user's key bindings, unparsed: `mode -> key sequence -> action`.
    pub keys: KeysFile,
    pub ui: UiConfig,
    pub audit: AuditConfig,
    pub notify: NotifyConfig,
    /// The Prometheus server's root URL for `prometheus` gate rules (`[prometheus] url`).
    pub prometheus_url: Option<String>,
    pub log: LogConfig,
}

impl Config {
    pub fn environment(&self, name: &str) -> Option<&Environment> {
        self.environments.iter().find(|e| e.name == name)
    }

    /// Gates that guard `environment` (a gate without an environment list guards all of them).
    pub fn gates_for<'a>(&'a self, environment: &'a str) -> impl Iterator<Item = &'a Gate> + 'a {
        self.gates.iter().filter(move |g| g.applies_to(environment))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GithubConfig {
    pub host: String,
    /// Always ends with `/` so endpoint paths can be joined onto it.
    pub api_url: String,
    pub repos: Vec<Repo>,
    pub branch: Option<String>,
    pub token_command: Option<String>,
    pub token_file: Option<PathBuf>,
    pub timeout: Duration,
    /// Extra trusted CAs (PEM), added to the system's roots; checked to hold certificates.
    pub ca_file: Option<PathBuf>,
}

impl GithubConfig {
    pub fn is_github_com(&self) -> bool {
        self.host.eq_ignore_ascii_case("github.com")
    }

    /// `https://api.github.com/` for github.com, `https://HOST/api/v3/` for GitHub Enterprise Server.
    pub fn default_api_url(host: &str) -> String {
        if host.eq_ignore_ascii_case("github.com") {
            "https://api.github.com/".to_string()
        } else {
            format!("https://{host}/api/v3/")
        }
    }
}

/// `owner/name`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Repo {
    pub owner: String,
    pub name: String,
}

impl Repo {
    /// Parses `owner/name` with GitHub's character rules; the error says what is wrong.
    pub fn parse(s: &str) -> Result<Repo, String> {
        let not = || format!("{s:?} is not owner/name");
        let (owner, name) = s.split_once('/').ok_or_else(not)?;
        let owner_ok = !owner.is_empty()
            && owner.len() <= 39
            && owner.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !owner.starts_with('-');
        let name_ok = !name.is_empty()
            && name.len() <= 100
            && name != "."
            && name != ".."
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
        if owner_ok && name_ok {
            Ok(Repo {
                owner: owner.into(),
                name: name.into(),
            })
        } else {
            Err(not())
        }
    }
}

impl fmt::Display for Repo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.owner, self.name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KubernetesConfig {
    /// `None` lets the Kubernetes client use `$KUBECONFIG` or `~/.kube/config` as usual.
    pub kubeconfig: Option<PathBuf>,
    pub contexts: Vec<String>,
    pub namespaces: Vec<String>,
    pub timeout: Duration,
}

/// A GitHub environment and, optionally, the cluster workload it deploys to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    pub name: String,
    pub context: Option<String>,
    pub namespace: Option<String>,
    pub workload: Option<Workload>,
    pub read_only: bool,
    pub confirm: Confirm,
}

impl Environment {
    /// An environment with nothing but a name, confirmed the way its name suggests.
    pub fn named(name: &str) -> Environment {
        Environment {
            name: name.to_string(),
            context: None,
            namespace: None,
            workload: None,
            read_only: false,
            confirm: Confirm::default_for(name),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkloadKind {
    Deployment,
    /// An Argo Rollouts `Rollout` (canary steps, pause, promote, abort).
    Rollout,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workload {
    pub kind: WorkloadKind,
    pub name: String,
}

impl Workload {
    pub fn parse(s: &str) -> Result<Workload, String> {
        let bad = |why: &str| format!("{s:?} {why}; expected deployment/NAME or rollout/NAME");
        let (kind, name) = s.split_once('/').ok_or_else(|| bad("is not kind/name"))?;
        let kind = match kind {
            "deployment" => WorkloadKind::Deployment,
            "rollout" => WorkloadKind::Rollout,
            _ => return Err(bad(&format!("has unknown kind `{kind}`"))),
        };
        if !is_dns_subdomain(name) {
            return Err(bad("has a name that is not a valid Kubernetes name"));
        }
        Ok(Workload {
            kind,
            name: name.to_string(),
        })
    }
}

impl fmt::Display for Workload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            WorkloadKind::Deployment => "deployment",
            WorkloadKind::Rollout => "rollout",
        };
        write!(f, "{kind}/{}", self.name)
    }
}

/// Lowercase alphanumerics, `-` and `.`, starting and ending alphanumeric, at most 253 characters.
pub fn is_dns_subdomain(s: &str) -> bool {
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    s.len() <= 253
        && edge(s.chars().next())
        && edge(s.chars().last())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
}

/// A namespace: a DNS label (no dots, at most 63 characters).
pub fn is_dns_label(s: &str) -> bool {
    s.len() <= 63 && !s.contains('.') && is_dns_subdomain(s)
}

/// How a dangerous action on an environment is confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    Enter,
    /// The environment's name must be typed: muscle memory cannot ship to production.
    TypeName,
}

impl Confirm {
    pub const NAMES: &'static str = "enter, type-name";

    pub fn parse(s: &str) -> Option<Confirm> {
        match s {
            "enter" => Some(Confirm::Enter),
            "type-name" => Some(Confirm::TypeName),
            _ => None,
        }
    }

    pub fn default_for(environment: &str) -> Confirm {
        if environment == "production" {
            Confirm::TypeName
        } else {
            Confirm::Enter
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    Utc,
    Local,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UiConfig {
    /// A built-in theme name or the stem of a file in the themes dir.
    pub theme: String,
    /// How often sources poll while something moves (a run queued, running or waiting for a human).
    pub refresh: Duration,
    /// How often the GitHub source polls a repository whose runs have all finished.
    pub idle_refresh: Duration,
    /// How often the UI ticks (spinners, ages).
    pub tick: Duration,
    pub clock: Clock,
    pub ascii: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditConfig {
    pub enabled: bool,
    pub path: PathBuf,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotifyConfig {
    pub bell: bool,
    /// Run via `sh -c` with the message appended as an argument.
    pub command: Option<String>,
    /// Desktop notifications through the terminal (OSC 9 and OSC 777).
    pub desktop: bool,
    /// A Slack-compatible incoming webhook URL (`{"text": ...}` is POSTed).
    pub webhook: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogConfig {
    pub level: String,
    pub path: PathBuf,
}

pub const DEFAULT_THEME: &str = "dark";
pub const DEFAULT_REFRESH_SECONDS: u64 = 5;
pub const DEFAULT_IDLE_REFRESH_SECONDS: u64 = 60;
pub const DEFAULT_TICK_MS: u64 = 250;
pub const DEFAULT_TIMEOUT_SECONDS: u64 = 30;
pub const LOG_LEVELS: &[&str] = &["error", "warn", "info", "debug", "trace"];

/// The guide's environments: development and staging deploy freely, production needs approval.
pub fn default_environments() -> Vec<Environment> {
    ["development", "staging", "production"]
        .iter()
        .map(|n| Environment::named(n))
        .collect()
}

/// The guide's five quality gates, each its kind's preset at the defaults.
pub fn default_gates() -> Vec<Gate> {
    vec![
        Gate::preset("Code Quality", GateKind::Coverage, &[]),
        Gate::preset("Security", GateKind::Security, &[]),
        Gate::preset("Performance", GateKind::Performance, &[]),
        Gate::preset("Compliance", GateKind::Compliance, &[]),
        Gate::preset("Business", GateKind::Approval, &["production"]),
    ]
}
