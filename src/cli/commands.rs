//! What each subcommand does. Errors go to stderr with a non-zero exit; the TUI never starts on a
//! broken config.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;

use super::{Cli, Cmd, ConfigCmd, command, setup};
use crate::config::{self, ConfigError};
use crate::paths::Paths;
use crate::sources::github;

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(code) => code,
        Err(e) => {
            crate::tui::restore();
            eprintln!("gantry: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(cli: Cli) -> Result<ExitCode> {
    if cli.version {
        print!("{}", version_text(&Paths::from_env()));
        return Ok(ExitCode::SUCCESS);
    }
    match &cli.command {
        None => tui(&cli),
        Some(Cmd::Demo(args)) => demo(&cli, args),
        Some(Cmd::Sim(args)) => {
            setup::runtime()?.block_on(gantry_sim::run_headless(args.clone()))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Config {
            action: ConfigCmd::Check { file },
        }) => config_check(&cli, file.as_ref()),
        Some(Cmd::Status { json }) => super::status::status(&cli, *json),
        Some(Cmd::Gates { sha, env, json }) => {
            super::gates::gates(&cli, sha.as_deref(), env.as_deref(), *json)
        }
        Some(Cmd::Audit { action }) => super::audit::run(&cli, action),
        Some(Cmd::Approve(args)) => super::approve::run(&cli, args, true),
        Some(Cmd::Reject(args)) => super::approve::run(&cli, args, false),
        Some(Cmd::Rollback {
            env,
            to_revision,
            dry_run,
            yes,
        }) => super::rollback::rollback(&cli, env, *to_revision, *dry_run, *yes),
        Some(Cmd::Workflow { action }) => super::workflow::run(action),
        Some(Cmd::Logs { action }) => super::logs::run(&cli, action),
        Some(Cmd::Paths) => {
            print!("{}", paths_text(&Paths::from_env()));
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Completions { shell }) => {
            clap_complete::generate(*shell, &mut command(), "gantry", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Man) => {
            let mut out = Vec::new();
            clap_mangen::Man::new(command())
                .render(&mut out)
                .context("cannot render the man page")?;
            std::io::stdout()
                .write_all(&out)
                .context("cannot write the man page")?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub fn version_text(paths: &Paths) -> String {
    format!(
        "gantry {}\n{}",
        env!("CARGO_PKG_VERSION"),
        paths_text(paths)
    )
}

pub fn paths_text(paths: &Paths) -> String {
    paths
        .lines()
        .iter()
        .map(|(name, path)| format!("{name:<8} {}\n", path.display()))
        .collect()
}

fn tui(cli: &Cli) -> Result<ExitCode> {
    let config = match setup::load_config(cli.config.as_ref()) {
        Ok(c) => c,
        Err(ConfigError::NotFound { searched }) => {
            eprintln!("{}", no_config_text(&searched));
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(e.into()),
    };
    let note =
        "Nothing here yet: its source has sent nothing, or is not configured (see the warnings).";
    let (state, theme, mut init) = prepare(cli, &config, note.into());
    let polling = github::Polling {
        live: config.ui.refresh,
        idle: config.ui.idle_refresh,
    };
    let (sources, warnings) = setup::sources(&config, polling, None, cli.read_only);
    init.extend(warnings);
    setup::run_tui(state, theme, sources, init)?;
    Ok(ExitCode::SUCCESS)
}

/// Logging, theme and the first state, the same for the TUI on a user's config and on the demo's.
fn prepare(
    cli: &Cli,
    config: &config::Config,
    empty_note: String,
) -> (
    crate::app::State,
    crate::theme::Theme,
    Vec<crate::app::Action>,
) {
    let mut warnings = Vec::new();
    let log = setup::log_path(cli.log_file.as_ref(), config);
    if let Some(w) = setup::init_logging(&log, &config.log.level) {
        warnings.push(w);
    }
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "gantry starting");
    let theme = setup::theme(cli.theme.as_deref(), config, &mut warnings);
    let (state, init) = setup::initial_state(config, cli.read_only, warnings, empty_note);
    (state, theme, init)
}

const DEMO_REFRESH: std::time::Duration = std::time::Duration::from_secs(2);

fn demo(cli: &Cli, args: &gantry_sim::SimArgs) -> Result<ExitCode> {
    let runtime = setup::runtime()?;
    runtime.block_on(async {
        // The simulator runs in-process; gantry reads the config it wrote, exactly as it would
        // read a user's config pointing at real GitHub and a real cluster.
        let sim = gantry_sim::start(args).await?;
        let config = config::load(&sim.config)?;
        let note = format!(
            "Nothing here yet. The simulator plays the release at {} (admin {}).",
            sim.github_url, sim.admin_url
        );
        let (state, theme, mut init) = prepare(cli, &config, note);
        tracing::info!(github = %sim.github_url, kube = %sim.kube_url, "demo simulator started");
        // Two seconds: the demo should look alive, and 304s cost the simulated budget nothing.
        let polling = github::Polling {
            live: DEMO_REFRESH,
            idle: config.ui.idle_refresh,
        };
        let (sources, warnings) = setup::sources(
            &config,
            polling,
            Some(config::Secret::new(sim.token.clone())),
            cli.read_only,
        );
        init.extend(warnings);
        crate::runner::run(state, &theme, sources, init).await?;
        drop(sim);
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

fn config_check(cli: &Cli, file: Option<&std::path::PathBuf>) -> Result<ExitCode> {
    let path = file
        .or(cli.config.as_ref())
        .cloned()
        .unwrap_or_else(|| Paths::from_env().config_file);
    match config::check(&path) {
        Ok(report) => {
            println!("{report}");
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("{e}");
            Ok(ExitCode::FAILURE)
        }
    }
}

pub fn no_config_text(searched: &std::path::Path) -> String {
    format!(
        "gantry: no configuration found at {path}\n\n\
         To start, copy the commented example there and edit it:\n\
         \x20   mkdir -p {dir}\n\
         \x20   cp config.example.toml {path}\n\
         (config.example.toml is at the root of gantry's repository; `gantry --config FILE` uses another file.)\n\n\
         To see gantry working first, with nothing to configure:\n\
         \x20   gantry demo",
        path = searched.display(),
        dir = searched
            .parent()
            .map(|d| d.display().to_string())
            .unwrap_or_default(),
    )
}
