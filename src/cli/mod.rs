//! The command line: `gantry` opens the TUI; subcommands for the demo, config checks, the audit
//! trail, paths, completions and the man page.

mod approve;
mod audit;
mod commands;
mod gates;
pub mod kube_setup;
mod logs;
mod rollback;
mod setup;
mod status;
mod status_kube;
mod workflow;

use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand};

pub use commands::main;

#[derive(Debug, Parser)]
#[command(
    name = "gantry",
    about = "Watch and drive deployments: GitHub Actions pipelines, quality gates, environments and Kubernetes rollouts",
    long_about = None,
    disable_version_flag = true
)]
pub struct Cli {
    /// Configuration file (default: $GANTRY_CONFIG_DIR, $XDG_CONFIG_HOME/gantry or ~/.config/gantry, config.toml)
    #[arg(long, global = true, value_name = "FILE", env = "GANTRY_CONFIG")]
    pub config: Option<PathBuf>,

    /// Theme: a built-in name (dark, light, high-contrast, ansi16) or a file
    #[arg(long, global = true, value_name = "NAME|FILE")]
    pub theme: Option<String>,

    /// Refuse every action that changes something (approve, reject, rerun, rollback, ...)
    #[arg(long, global = true)]
    pub read_only: bool,

    /// Write the log here instead of the state directory
    #[arg(long, global = true, value_name = "FILE")]
    pub log_file: Option<PathBuf>,

    /// Print the version and where gantry keeps its files
    #[arg(short = 'V', long)]
    pub version: bool,

    #[command(subcommand)]
    pub command: Option<Cmd>,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Run gantry against its embedded simulator of GitHub and a Kubernetes cluster (no setup needed)
    Demo(gantry_sim::SimArgs),
    /// Run the simulator headless; prints one JSON line with its URLs, kubeconfig, config and token
    Sim(gantry_sim::SimArgs),
    /// Check configuration files
    Config {
        #[command(subcommand)]
        action: ConfigCmd,
    },
    /// Fetch the first configured repository's runs and pipeline jobs once and print them
    Status {
        /// Print JSON: {repo, runs:[{id, name, status, conclusion, head_sha, jobs}], quota, gates, environments:[{name, workload, state, status, replicas, revision, images, canary}]}
        #[arg(long)]
        json: bool,
    },
    /// The candidate commit's quality gates with their evidence; exit 0 when every blocking gate
    /// passed, 3 when one failed, 4 when one is still pending or unknown
    Gates {
        /// Judge this commit instead of the head of the newest CI run
        #[arg(long, value_name = "SHA")]
        sha: Option<String>,
        /// The environment whose gates to show (default: the one the commit goes to next)
        #[arg(long, value_name = "NAME")]
        env: Option<String>,
        /// Print JSON: {sha, environment, holds, gates:[{name, kind, blocking, verdict, rules}]}
        #[arg(long)]
        json: bool,
    },
    /// Approve a run's pending deployment (same checks and audit trail as the TUI)
    Approve(approve::ReviewArgs),
    /// Reject a run's pending deployment (the waiting job fails)
    Reject(approve::ReviewArgs),
    /// Roll an environment's workload back, as `kubectl rollout undo` (or Argo's undo) does, through the audited path
    Rollback {
        /// The environment, as named in [[environments]]
        #[arg(long, value_name = "NAME")]
        env: String,
        /// The revision to go back to (default: the previous one)
        #[arg(long, value_name = "N")]
        to_revision: Option<u64>,
        /// Print the change and have the API server validate it (dryRun=All); changes nothing
        #[arg(long)]
        dry_run: bool,
        /// Do not ask for confirmation
        #[arg(long)]
        yes: bool,
    },
    /// Check or list the audit trail of actions taken from gantry
    Audit {
        #[command(subcommand)]
        action: audit::AuditCmd,
    },
    /// Read workflow files offline: the needs-graph as a picture or as JSON
    Workflow {
        #[command(subcommand)]
        action: workflow::WorkflowCmd,
    },
    /// View a log file full screen, or print a job's or pods' log as plain text
    Logs {
        #[command(subcommand)]
        action: logs::LogsCmd,
    },
    /// Print where gantry looks for its config and keeps its state, log and audit trail
    Paths,
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to standard output
    Man,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCmd {
    /// Validate a config file (default: the one gantry would load) and report errors with file:line:col
    Check {
        /// The file to check
        file: Option<PathBuf>,
    },
}

/// The clap command, for completions and the man page.
pub fn command() -> clap::Command {
    Cli::command()
}
