//! Everything the TUI needs before it starts: config, theme, keymap, logging, and the first state.

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use anyhow::{Context, Result};
use chrono::Utc;

use crate::app::State;
use crate::app::state::Context as ViewContext;
use crate::app::state::SourceStatus;
use crate::config::{Config, Secret};
use crate::keymap::Keymap;
use crate::runner::SourceStarter;
use crate::sources::github;
use crate::theme::{ColorSupport, Symbols, Theme};

/// Sends tracing to a file, never to the terminal (it would tear the TUI). Creates the directory.
/// Returns a warning for the UI when the file cannot be opened: gantry still runs, without a log.
pub fn init_logging(path: &Path, level: &str) -> Option<String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Err(e) = std::fs::create_dir_all(dir) {
            return Some(format!(
                "cannot create log directory {}: {e}",
                dir.display()
            ));
        }
    }
    let file = match OpenOptions::new().create(true).append(true).open(path) {
        Ok(f) => f,
        Err(e) => return Some(format!("cannot open log file {}: {e}", path.display())),
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("GANTRY_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("gantry={level},warn")));
    let installed = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .try_init();
    installed.err().map(|e| format!("logging not set up: {e}"))
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

/// The first state: keymap from config (warnings kept for the banner), context for the header.
pub fn initial_state(config: &Config, read_only: bool, mut warnings: Vec<String>) -> State {
    let (keymap, key_warnings) = Keymap::load(Some(&config.keys));
    warnings.extend(key_warnings);
    for w in &warnings {
        tracing::warn!("{w}");
    }
    let mut state = State::new(keymap, Utc::now());
    state.read_only = read_only || config.read_only;
    state.symbols = Symbols::choose(config.ui.ascii, &|k| std::env::var(k).ok());
    state.warnings = warnings;
    state.context = ViewContext {
        repo: config.github.repos.first().map(|r| r.to_string()),
        branch: config.github.branch.clone(),
        cluster: config
            .environments
            .iter()
            .find_map(|e| e.context.clone())
            .or_else(|| config.kubernetes.contexts.first().cloned()),
    };
    state
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
pub fn run_tui(state: State, theme: Theme, sources: Vec<SourceStarter>) -> Result<()> {
    runtime()?.block_on(async move { crate::runner::run(state, &theme, sources).await })?;
    Ok(())
}

/// The sources the config asks for. Without a token the GitHub source does not start and a
/// warning says where the token is looked for; the pane then explains why it is empty.
/// `token` overrides the config's: the demo passes the simulator's own, so a real `GH_TOKEN` in
/// the environment is never sent to the simulator (and never rejected by it).
pub fn sources(
    config: &Config,
    refresh: Duration,
    token: Option<Secret>,
    state: &mut State,
) -> Vec<SourceStarter> {
    let mut out: Vec<SourceStarter> = Vec::new();
    // One repository for now: the header and the pipeline pane show one.
    let Some(repo) = config.github.repos.first().cloned() else {
        return out;
    };
    let token = match token.map_or_else(|| config.github.read_token(), Ok) {
        Ok(t) => t,
        Err(e) => {
            state.warnings.push(format!(
                "GitHub source off: {e} (looked in {})",
                token_places(&config.github)
            ));
            return out;
        }
    };
    let client = match github::Client::from_config(&config.github, Some(token)) {
        Ok(c) => c,
        Err(e) => {
            state.warnings.push(format!("GitHub source off: {e}"));
            return out;
        }
    };
    state.github.status = SourceStatus::Loading;
    out.push(Box::new(move |link| {
        github::spawn(client, repo, refresh, link);
    }));
    out
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
