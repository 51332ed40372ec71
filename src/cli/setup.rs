//! Everything the TUI needs before it starts: config, theme, keymap, logging, and the first state.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result};
use chrono::Utc;

use crate::app::state::{Context as ViewContext, Settings};
use crate::app::{Action, State};
use crate::audit::{Actor, Trail};
use crate::config::{Config, Secret};
use crate::keymap::Keymap;
use crate::sources::{Starter, act, evidence, github};
use crate::theme::{ColorSupport, Symbols, Theme};

/// Sends tracing to a file, never to the terminal (it would tear the TUI). Creates the directory
/// 0700 and the file 0600, as the audit trail: logs name repositories, runs and people.
/// Returns a warning for the UI when the file cannot be opened (gantry still runs, without a
/// log) or when an existing file or directory is open to other users.
pub fn init_logging(path: &Path, level: &str) -> Option<String> {
    let (file, mut warnings) = match crate::audit::private::prepare_file(path, "log file") {
        Ok(opened) => opened,
        Err(e) => return Some(format!("cannot open log file {}: {e}", path.display())),
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("GANTRY_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("gantry={level},warn")));
    let installed = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .try_init();
    if let Err(e) = installed {
        warnings.push(format!("logging not set up: {e}"));
    }
    (!warnings.is_empty()).then(|| warnings.join("; "))
}

/// Where the log goes: the flag, else the config, else the state directory.
pub fn log_path(flag: Option<&PathBuf>, config: &Config) -> PathBuf {
    flag.cloned().unwrap_or_else(|| config.log.path.clone())
}

/// Loads the theme the flag or config names and adapts it to what the terminal can show.
pub fn theme(flag: Option<&str>, config: &Config, warnings: &mut Vec<String>) -> Theme {
    let name = flag.unwrap_or(&config.ui.theme);
    let theme = match Theme::load(name, Some(&config.paths.themes_dir)) {
        Ok(theme) => theme,
        Err(e) => {
            warnings.push(format!("theme: {e}; using the default"));
            Theme::default()
        }
    };
    // NO_COLOR, 16-colour terminals and 256-colour terminals get a theme they can show.
    theme.adapt(ColorSupport::from_env())
}

/// The first state, from the config and flags, and the actions that bring in what set-up found on the
/// way (warnings for the banner, the keymap's among them): only `update` writes the state after this.
pub fn initial_state(
    config: &Config,
    read_only: bool,
    warnings: Vec<String>,
    empty_note: String,
) -> (State, Vec<Action>) {
    let (keymap, key_warnings) = Keymap::load(Some(&config.keys));
    let settings = Settings {
        keymap,
        read_only: read_only || config.read_only,
        environments: config.environments.clone(),
        notify: crate::app::notice::Prefs {
            bell: config.notify.bell,
            desktop: config.notify.desktop,
            external: config.notify.command.is_some() || config.notify.webhook.is_some(),
        },
        symbols: Symbols::choose(config.ui.ascii, &|k| std::env::var(k).ok()),
        context: ViewContext {
            repo: config.github.repos.first().map(|r| r.to_string()),
            branch: config.github.branch.clone(),
            cluster: config
                .environments
                .iter()
                .find_map(|e| e.context.clone())
                .or_else(|| config.kubernetes.contexts.first().cloned()),
        },
        empty_note,
        log_limits: crate::logs::Limits::default(),
        log_dir: crate::paths::Paths::from_env().state_dir.join("logs"),
        viewer_only: false,
    };
    let mut state = State::new(settings, Utc::now());
    state.repos = crate::app::repos::Repos::new(
        config
            .github
            .repos
            .iter()
            .map(ToString::to_string)
            .collect(),
    );
    let actions = warnings
        .into_iter()
        .chain(key_warnings)
        .inspect(|w| tracing::warn!("{w}"))
        .map(Action::Warning)
        .collect();
    state.rollouts = super::kube_setup::rollouts(config, read_only);
    (state, actions)
}

/// Reads the config for the TUI: the flag's file, else the default place.
pub fn load_config(flag: Option<&PathBuf>) -> Result<Config, crate::config::ConfigError> {
    match flag {
        Some(path) => crate::config::load(path),
        None => crate::config::load_default(),
    }
}

/// The async runtime: two workers are plenty for a UI and a few sources.
pub fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// Runs the TUI to the end on a fresh tokio runtime.
pub fn run_tui(state: State, theme: Theme, sources: Vec<Starter>, init: Vec<Action>) -> Result<()> {
    runtime()?.block_on(async move { crate::runner::run(state, &theme, sources, init).await })?;
    Ok(())
}

/// The sources the config asks for, and warnings for what could not start. Without a token the
/// GitHub source does not start and a warning says where the token is looked for; the pane then
/// explains why it is empty. `token` overrides the config's: the demo passes the simulator's own, so
/// a real `GH_TOKEN` in the environment is never sent to the simulator (and never rejected by it).
pub fn sources(
    config: &Config,
    polling: github::Polling,
    token: Option<Secret>,
    read_only: bool,
) -> (Vec<Starter>, Vec<Action>) {
    let mut github_client = None;
    let (mut out, warnings) = github_sources(config, polling, token, read_only, &mut github_client);
    // Logs: the job logs of the GitHub source's repository, and pod logs of the configured cluster.
    let clients = crate::sources::logs::Clients {
        github: github_client,
        kube: Some(crate::sources::logs::KubeAccess {
            kubeconfig: config.kubernetes.kubeconfig.clone(),
            context: config
                .environments
                .iter()
                .find_map(|e| e.context.clone())
                .or_else(|| config.kubernetes.contexts.first().cloned()),
        }),
    };
    out.push(Starter::Logs(Box::new(move |link| {
        crate::sources::logs::task(clients, link)
    })));
    (out, warnings)
}

fn github_sources(
    config: &Config,
    polling: github::Polling,
    token: Option<Secret>,
    read_only: bool,
    github_client: &mut Option<github::Client>,
) -> (Vec<Starter>, Vec<Action>) {
    let mut out: Vec<Starter> = Vec::new();
    let mut warnings = Vec::new();
    let clusters = super::kube_setup::clusters(config);
    out.extend(super::kube_setup::source(config, &clusters));
    let read_only = read_only || config.read_only;
    // The GitHub sources need a repository and a token; actions need the audit trail either way.
    let client = match config.github.repos.first() {
        None => None,
        Some(repo) => match token.map_or_else(|| config.github.read_token(), Ok) {
            Err(e) => {
                warnings.push(Action::Warning(format!(
                    "GitHub source off: {e} (looked in {})",
                    token_places(&config.github)
                )));
                None
            }
            Ok(token) => match github::Client::from_config(&config.github, Some(token)) {
                Ok(c) => Some((repo.clone(), c)),
                Err(e) => {
                    warnings.push(Action::Warning(format!("GitHub source off: {e}")));
                    None
                }
            },
        },
    };
    if client.is_none() && out.is_empty() {
        return (out, warnings);
    }
    let (audit, audit_warnings) = audit_trail(config, client.as_ref().map(|(_, c)| c));
    warnings.extend(audit_warnings.into_iter().map(Action::Warning));
    let executor = act::Executor {
        audit,
        github: client.as_ref().map(|(_, c)| c.clone()),
        kube: (!out.is_empty()).then(|| clusters.clone()),
        read_only,
    };
    if let Some((repo, client)) = client {
        let (review_client, shared, files_client) =
            (client.clone(), client.clone(), client.clone());
        *github_client = Some(client.clone());
        let target = evidence_target(config, &repo);
        let repos = config.github.repos.clone();
        let envs: Vec<String> = config.environments.iter().map(|e| e.name.clone()).collect();
        let refresh = polling.live;
        // One task watches every repository (see `sources::github::poll` for why).
        let all = repos.clone();
        out.push(Starter::Github(Box::new(move |link| {
            github::task(client, all, polling, link)
        })));
        out.push(Starter::Review(Box::new(move |link| {
            crate::sources::review::task(review_client, repos, envs, refresh, link)
        })));
        out.push(Starter::Evidence(Box::new(move |link| {
            evidence::task(shared, target, refresh, link)
        })));
        out.push(Starter::WorkflowFiles(Box::new(move |link| {
            github::workflow_file::task(files_client, link)
        })));
    }
    if config.audit.enabled {
        let refresh = polling.live;
        let path = config.audit.path.clone();
        out.push(Starter::Trail(Box::new(move |link| {
            crate::sources::trail::task(path, refresh, link)
        })));
    }
    let targets = crate::notify::send::Targets {
        command: config.notify.command.clone(),
        webhook: config.notify.webhook.clone(),
    };
    if targets.command.is_some() || targets.webhook.is_some() {
        out.push(Starter::Notify(Box::new(move |link| {
            crate::notify::send::task(targets, link)
        })));
    }
    out.push(Starter::Act(Box::new(move |link| {
        act::task(executor, link)
    })));
    (out, warnings)
}

/// What the evidence source and `gantry gates` judge: the repository's candidate, for every
/// configured environment (production alone when none is configured).
pub fn evidence_target(config: &Config, repo: &crate::config::Repo) -> evidence::Target {
    let mut environments: Vec<String> =
        config.environments.iter().map(|e| e.name.clone()).collect();
    if environments.is_empty() {
        environments.push("production".into());
    }
    evidence::Target {
        repo: repo.clone(),
        branch: config.github.branch.clone(),
        environments,
        gates: config.gates.clone(),
        audit: config.audit.enabled.then(|| config.audit.path.clone()),
        prometheus: config.prometheus_url.clone(),
    }
}

/// The audit trail the config asks for. One that cannot be opened makes every action refuse (an
/// action that cannot be recorded is not taken), and says why.
pub fn audit_trail(config: &Config, client: Option<&github::Client>) -> (act::Audit, Vec<String>) {
    if !config.audit.enabled {
        return (act::Audit::Off, Vec::new());
    }
    match Trail::open(&config.audit.path, Actor::local(None)) {
        Ok(mut trail) => {
            if let Some(token) = client.and_then(|c| c.token_text()) {
                trail.mark_secret(token);
            }
            let warnings = trail.warnings().to_vec();
            (act::Audit::On(trail), warnings)
        }
        Err(e) => {
            let why = e.to_string();
            let warning = format!("audit trail unavailable, actions are refused: {why}");
            (act::Audit::Broken(why), vec![warning])
        }
    }
}

/// Where a token is looked for, in order, for the warning.
fn token_places(gh: &crate::config::GithubConfig) -> String {
    let mut places: Vec<String> = gh.token_vars().iter().map(|v| format!("${v}")).collect();
    places.push(match &gh.token_file {
        Some(p) => format!("token_file {}", p.display()),
        None => "token_file (unset)".into(),
    });
    places.push(match &gh.token_command {
        Some(c) => format!("token_command `{c}`"),
        None => "token_command (unset)".into(),
    });
    places.join(", ")
}
