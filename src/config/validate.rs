//! Semantic validation and resolution in one pass: each value is parsed once, and every problem is
//! collected (with its location) rather than stopping at the first, so one `config check` run
//! shows everything to fix.

use super::env::{EnvOverrides, check_host, normalize_api_url};
use super::error::Problem;
use super::file::{ConfigFile, EnvironmentFile};
use super::resolved::*;
use crate::paths::Paths;
use std::collections::BTreeSet;
use std::ops::Range;
use std::path::PathBuf;
use std::time::Duration;
use toml::Spanned;

pub(super) struct Ctx<'a> {
    text: &'a str,
    problems: Vec<Problem>,
}

impl Ctx<'_> {
    pub(super) fn report<T>(&mut self, at: &Spanned<T>, path: &str, why: impl std::fmt::Display) {
        self.report_span(at.span(), path, why);
    }

    pub(super) fn report_span(
        &mut self,
        span: Range<usize>,
        path: &str,
        why: impl std::fmt::Display,
    ) {
        let problem = Problem::at(self.text, span, path, format!("{path}: {why}"));
        self.problems.push(problem);
    }
}

/// Resolves `file` (parsed from `text`) over the defaults, with `env` overrides on top.
pub fn build(
    file: ConfigFile,
    text: &str,
    env: &EnvOverrides,
    paths: &Paths,
    source: Option<PathBuf>,
) -> Result<Config, Vec<Problem>> {
    let mut cx = Ctx {
        text,
        problems: Vec::new(),
    };
    let gh = file.github.unwrap_or_default();
    let kube = file.kubernetes.unwrap_or_default();
    let ui = file.ui.unwrap_or_default();
    let audit = file.audit.unwrap_or_default();
    let notify = file.notify.unwrap_or_default();
    let prometheus_url = file.prometheus.and_then(|p| p.url).and_then(|u| {
        match super::env::normalize_api_url(u.get_ref()) {
            Ok(url) => Some(url.trim_end_matches('/').to_string()),
            Err(why) => {
                cx.report(&u, "prometheus.url", why);
                None
            }
        }
    });
    let log = file.log.unwrap_or_default();
    let read_only = env.read_only.or(file.read_only).unwrap_or(false);

    // [github]
    let host = match (&env.github_host, &gh.host) {
        (Some(h), _) => h.clone(),
        (None, Some(h)) => {
            if let Err(why) = check_host(h.get_ref()) {
                cx.report(h, "github.host", why);
            }
            h.get_ref().clone()
        }
        (None, None) => "github.com".to_string(),
    };
    let api_url = match (&env.github_api_url, &gh.api_url) {
        (Some(u), _) => u.clone(),
        (None, Some(u)) => normalize_api_url(u.get_ref()).unwrap_or_else(|why| {
            cx.report(u, "github.api_url", why);
            String::new()
        }),
        (None, None) => GithubConfig::default_api_url(&host),
    };
    let mut repos = Vec::new();
    for (i, r) in gh.repos.iter().flatten().enumerate() {
        match Repo::parse(r.get_ref()) {
            Ok(repo) if repos.contains(&repo) => cx.report(
                r,
                &format!("github.repos[{i}]"),
                format!("{repo} is listed twice"),
            ),
            Ok(repo) => repos.push(repo),
            Err(why) => cx.report(r, &format!("github.repos[{i}]"), why),
        }
    }
    let github = GithubConfig {
        host,
        api_url,
        repos: env.github_repos.clone().unwrap_or(repos),
        branch: gh.branch.filter(|b| !b.is_empty()),
        token_command: gh.token_command.filter(|c| !c.trim().is_empty()),
        token_file: gh.token_file.map(|p| paths.expand_tilde(&p)),
        timeout: positive_secs(
            &mut cx,
            gh.timeout_seconds.as_ref(),
            "github.timeout_seconds",
        ),
        ca_file: gh.ca_file.as_ref().and_then(|f| ca_file(&mut cx, f, paths)),
    };

    // [kubernetes]
    let strings = |list: &Option<Vec<Spanned<String>>>| -> Vec<String> {
        list.iter().flatten().map(|s| s.get_ref().clone()).collect()
    };
    for (i, ns) in kube.namespaces.iter().flatten().enumerate() {
        if !is_dns_label(ns.get_ref()) {
            cx.report(
                ns,
                &format!("kubernetes.namespaces[{i}]"),
                format!("{:?} is not a valid namespace name", ns.get_ref()),
            );
        }
    }
    let kubernetes = KubernetesConfig {
        kubeconfig: env
            .kubeconfig
            .clone()
            .or(kube.kubeconfig)
            .map(|p| paths.expand_tilde(&p)),
        contexts: strings(&kube.contexts),
        namespaces: strings(&kube.namespaces),
        timeout: positive_secs(
            &mut cx,
            kube.timeout_seconds.as_ref(),
            "kubernetes.timeout_seconds",
        ),
    };

    // [[environments]]
    let environments = match file.environments {
        Some(list) => environments(&mut cx, list, &kubernetes, read_only),
        None => default_environments()
            .into_iter()
            .map(|e| Environment { read_only, ..e })
            .collect(),
    };

    // [[gates]]
    let gates = match file.gates {
        Some(list) => super::gates::gates(&mut cx, list, &environments),
        None => default_gates(),
    };

    // [ui]
    let theme = match (&env.theme, &ui.theme) {
        (Some(t), _) => t.clone(),
        (None, Some(t)) if t.get_ref().trim().is_empty() => {
            cx.report(t, "ui.theme", "the theme name is empty");
            DEFAULT_THEME.to_string()
        }
        (None, Some(t)) => t.get_ref().clone(),
        (None, None) => DEFAULT_THEME.to_string(),
    };
    let refresh = match env.refresh_seconds {
        Some(s) => Duration::from_secs(s),
        None => positive(
            &mut cx,
            ui.refresh_seconds.as_ref(),
            "ui.refresh_seconds",
            DEFAULT_REFRESH_SECONDS,
        )
        .map_or(Duration::ZERO, Duration::from_secs),
    };
    let idle_refresh = positive(
        &mut cx,
        ui.idle_refresh_seconds.as_ref(),
        "ui.idle_refresh_seconds",
        DEFAULT_IDLE_REFRESH_SECONDS,
    )
    .map_or(Duration::ZERO, Duration::from_secs);
    let tick = positive(&mut cx, ui.tick_ms.as_ref(), "ui.tick_ms", DEFAULT_TICK_MS)
        .map_or(Duration::ZERO, Duration::from_millis);
    let clock = match &ui.clock {
        None => Clock::Utc,
        Some(c) => match c.get_ref().as_str() {
            "utc" => Clock::Utc,
            "local" => Clock::Local,
            other => {
                cx.report(
                    c,
                    "ui.clock",
                    format!("{other:?} is not one of: utc, local"),
                );
                Clock::Utc
            }
        },
    };

    // [log]
    let level = match &log.level {
        Some(l) if !LOG_LEVELS.contains(&l.get_ref().as_str()) => {
            cx.report(
                l,
                "log.level",
                format!("{:?} is not one of: {}", l.get_ref(), LOG_LEVELS.join(", ")),
            );
            "info".to_string()
        }
        Some(l) => l.get_ref().clone(),
        None => "info".to_string(),
    };

    if !cx.problems.is_empty() {
        cx.problems.sort_by_key(|p| (p.line, p.column));
        return Err(cx.problems);
    }
    Ok(Config {
        source,
        paths: paths.clone(),
        read_only,
        github,
        kubernetes,
        environments,
        gates,
        keys: file.keys.unwrap_or_default(),
        ui: UiConfig {
            theme,
            refresh,
            idle_refresh,
            tick,
            clock,
            ascii: ui.ascii.unwrap_or(false),
        },
        audit: AuditConfig {
            enabled: audit.enabled.unwrap_or(true),
            path: audit
                .path
                .map_or_else(|| paths.audit_file.clone(), |p| paths.expand_tilde(&p)),
        },
        prometheus_url,
        notify: NotifyConfig {
            bell: notify.bell.unwrap_or(true),
            command: notify.command.filter(|c| !c.trim().is_empty()),
            desktop: notify.desktop.unwrap_or(true),
            webhook: notify.webhook.filter(|c| !c.trim().is_empty()),
        },
        log: LogConfig {
            level,
            path: log
                .path
                .map_or_else(|| paths.log_file.clone(), |p| paths.expand_tilde(&p)),
        },
    })
}

/// A value that must be above zero; `None` after reporting when it is not.
fn positive(
    cx: &mut Ctx<'_>,
    value: Option<&Spanned<u64>>,
    path: &str,
    default: u64,
) -> Option<u64> {
    match value {
        None => Some(default),
        Some(v) if *v.get_ref() == 0 => {
            cx.report(v, path, "must be above 0");
            None
        }
        Some(v) => Some(*v.get_ref()),
    }
}

/// A CA bundle must be readable and hold certificates now, not fail at the first request.
fn ca_file(cx: &mut Ctx, at: &Spanned<String>, paths: &Paths) -> Option<PathBuf> {
    let path = paths.expand_tilde(at.get_ref());
    let checked = std::fs::read(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
        .and_then(|pem| {
            crate::tls::certs_from_pem(&pem).map_err(|why| format!("{}: {why}", path.display()))
        });
    match checked {
        Ok(_) => Some(path),
        Err(why) => {
            cx.report(at, "github.ca_file", why);
            None
        }
    }
}

fn positive_secs(cx: &mut Ctx<'_>, value: Option<&Spanned<u64>>, path: &str) -> Duration {
    positive(cx, value, path, DEFAULT_TIMEOUT_SECONDS).map_or(Duration::ZERO, Duration::from_secs)
}

fn environments(
    cx: &mut Ctx<'_>,
    list: Vec<EnvironmentFile>,
    kube: &KubernetesConfig,
    global_read_only: bool,
) -> Vec<Environment> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, e) in list.into_iter().enumerate() {
        let at = |key: &str| format!("environments[{i}].{key}");
        let name = e.name.get_ref().trim().to_string();
        if name.is_empty() {
            cx.report(&e.name, &at("name"), "the name is empty");
        } else if !seen.insert(name.clone()) {
            cx.report(
                &e.name,
                &at("name"),
                format!("environment {name:?} is defined twice"),
            );
        }
        let unlisted = e
            .context
            .as_ref()
            .filter(|c| !kube.contexts.is_empty() && !kube.contexts.contains(c.get_ref()));
        if let Some(c) = unlisted {
            let why = format!(
                "context {:?} is not in kubernetes.contexts ({})",
                c.get_ref(),
                kube.contexts.join(", ")
            );
            cx.report(c, &at("context"), why);
        }
        if let Some(ns) = &e.namespace {
            if !is_dns_label(ns.get_ref()) {
                cx.report(
                    ns,
                    &at("namespace"),
                    format!("{:?} is not a valid namespace name", ns.get_ref()),
                );
            } else if !kube.namespaces.is_empty() && !kube.namespaces.contains(ns.get_ref()) {
                let why = format!(
                    "namespace {:?} is not in kubernetes.namespaces ({})",
                    ns.get_ref(),
                    kube.namespaces.join(", ")
                );
                cx.report(ns, &at("namespace"), why);
            }
        }
        let workload = e.workload.as_ref().and_then(|w| {
            Workload::parse(w.get_ref())
                .map_err(|why| cx.report(w, &at("workload"), why))
                .ok()
        });
        let confirm = match &e.confirm {
            None => Confirm::default_for(&name),
            Some(c) => Confirm::parse(c.get_ref()).unwrap_or_else(|| {
                cx.report(
                    c,
                    &at("confirm"),
                    format!("{:?} is not one of: {}", c.get_ref(), Confirm::NAMES),
                );
                Confirm::TypeName
            }),
        };
        out.push(Environment {
            context: e.context.map(Spanned::into_inner),
            namespace: e.namespace.map(Spanned::into_inner),
            workload,
            read_only: global_read_only || e.read_only.unwrap_or(false),
            confirm,
            name,
        });
    }
    out
}
