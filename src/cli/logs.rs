//! `gantry logs`: the viewer full screen on a file, and a job's or pods' log printed as plain,
//! sanitised text for scripts (the same source and engine as the TUI's Logs pane).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};

use super::{Cli, setup};
use crate::config::Config;
use crate::event::{Event, SourceEvent, Update};
use crate::logs::{LogBuffer, write_plain_from};
use crate::model::logs::{LogEvent, LogFeed, LogSubject, PodQuery};
use crate::sources::logs::{Clients, KubeAccess, fetch_to};

#[derive(Debug, clap::Subcommand)]
pub enum LogsCmd {
    /// Open the log viewer full screen on a file (a downloaded Actions log, a saved pod log)
    View {
        /// The log file
        file: PathBuf,
    },
    /// Print a GitHub Actions job's log as plain sanitised text
    Job {
        /// The job's id (as in .../actions/runs/RUN/job/JOB)
        job_id: u64,
        /// owner/name (default: the first configured repository)
        #[arg(long)]
        repo: Option<String>,
        /// Wait for a running job to complete, then print its log
        #[arg(long)]
        follow: bool,
        /// Print each line's timestamp (RFC 3339, UTC)
        #[arg(long)]
        timestamps: bool,
    },
    /// Print pod logs as plain sanitised text: one pod, or every pod a selector picks, merged in time
    Pod {
        /// The pod's name (or use --selector)
        name: Option<String>,
        #[arg(short, long, default_value = "default")]
        namespace: String,
        /// A label selector (app=shop): every pod it picks, each line prefixed with its pod
        #[arg(short = 'l', long)]
        selector: Option<String>,
        #[arg(short, long)]
        container: Option<String>,
        /// The previous (terminated) container's logs
        #[arg(long)]
        previous: bool,
        /// Only the last N lines of each pod
        #[arg(long, value_name = "N")]
        tail: Option<i64>,
        /// Only lines of the last SECONDS
        #[arg(long, value_name = "SECONDS")]
        since: Option<i64>,
        /// Keep printing new lines; a dropped stream reconnects where it stopped
        #[arg(short, long)]
        follow: bool,
        /// Print each line's timestamp (RFC 3339, UTC)
        #[arg(long)]
        timestamps: bool,
        /// The kubeconfig context (default: the config's, else the current one)
        #[arg(long)]
        context: Option<String>,
    },
}

pub fn run(cli: &Cli, cmd: &LogsCmd) -> Result<ExitCode> {
    match cmd {
        LogsCmd::View { file } => view(cli, file),
        LogsCmd::Job {
            job_id,
            repo,
            follow,
            timestamps,
        } => {
            let config = setup::load_config(cli.config.as_ref())?;
            let repo = match repo {
                Some(r) => r.clone(),
                None => config
                    .github
                    .repos
                    .first()
                    .map(|r| r.to_string())
                    .ok_or_else(|| anyhow!("no repository: pass --repo owner/name"))?,
            };
            let token = config.github.read_token()?;
            let client = crate::sources::github::Client::from_config(&config.github, Some(token))?;
            let clients = Clients {
                github: Some(client),
                kube: None,
            };
            let subject = LogSubject::Job {
                repo,
                job_id: *job_id,
                name: job_id.to_string(),
            };
            print_log(clients, subject, *follow, *timestamps)
        }
        LogsCmd::Pod {
            name,
            namespace,
            selector,
            container,
            previous,
            tail,
            since,
            follow,
            timestamps,
            context,
        } => {
            if name.is_none() && selector.is_none() {
                bail!("name a pod, or pick pods with --selector");
            }
            let config = config_or_defaults(cli)?;
            let clients = Clients {
                github: None,
                kube: Some(KubeAccess {
                    kubeconfig: config.kubernetes.kubeconfig.clone(),
                    context: context
                        .clone()
                        .or_else(|| config.kubernetes.contexts.first().cloned()),
                }),
            };
            let subject = LogSubject::Pods(PodQuery {
                namespace: namespace.clone(),
                pod: name.clone(),
                selector: selector.clone(),
                container: container.clone(),
                previous: *previous,
                tail_lines: *tail,
                since_seconds: *since,
                follow: *follow,
            });
            print_log(clients, subject, *follow, *timestamps)
        }
    }
}

/// Streams the log to stdout as it arrives; notes and failures go to stderr.
fn print_log(
    clients: Clients,
    subject: LogSubject,
    follow: bool,
    timestamps: bool,
) -> Result<ExitCode> {
    let is_job = matches!(subject, LogSubject::Job { .. });
    setup::runtime()?.block_on(async move {
        let (tx, mut rx) = crate::event::channel();
        let fetch = tokio::spawn(fetch_to(clients, subject, tx));
        let mut buf = LogBuffer::new(crate::logs::Limits::default());
        let mut printed = 0;
        let stdout = std::io::stdout();
        let mut code = ExitCode::SUCCESS;
        while let Some(ev) = rx.recv().await {
            let Event::Source(SourceEvent::Logs(update)) = ev else {
                continue;
            };
            let feed = match update {
                Update::Loaded(LogEvent { feed, .. }) => feed,
                Update::Fetching => continue,
                Update::Failed { message, retry_in } => {
                    eprintln!(
                        "gantry: {} (retrying in {} s)",
                        crate::sanitize::clean(&message),
                        retry_in.as_secs()
                    );
                    continue;
                }
            };
            match feed {
                LogFeed::Bytes(bytes) => buf.push_bytes(&bytes),
                LogFeed::Lines(lines) => {
                    for line in lines {
                        let tag = buf.tag(&line.pod);
                        buf.push_line(&line.text, Some(tag));
                    }
                }
                LogFeed::Running(job) if is_job && !follow => {
                    eprintln!(
                        "gantry: job {} is still running: GitHub publishes its log when it completes (--follow waits for it)",
                        crate::sanitize::clean(&job.name)
                    );
                    code = ExitCode::from(3);
                    break;
                }
                LogFeed::Running(job) => {
                    let done = job.steps.iter().filter(|s| !s.status.active()).count();
                    eprintln!(
                        "gantry: job running, {done} of {} steps done; its log is fetched when it completes",
                        job.steps.len()
                    );
                }
                LogFeed::Note(note) => eprintln!("gantry: {}", crate::sanitize::clean(&note)),
                LogFeed::End => buf.finish(),
            }
            let mut out = stdout.lock();
            write_plain_from(&buf, printed, &mut out, timestamps)
                .and_then(|()| out.flush())
                .context("cannot write to standard output")?;
            printed = buf.end();
        }
        fetch.abort();
        Ok(code)
    })
}

/// The config file if there is one, else the built-in defaults: reading logs needs no set-up.
fn config_or_defaults(cli: &Cli) -> Result<Config> {
    match setup::load_config(cli.config.as_ref()) {
        Ok(c) => Ok(c),
        Err(crate::config::ConfigError::NotFound { .. }) => {
            Ok(crate::config::load_str("(defaults)", "")?)
        }
        Err(e) => Err(e.into()),
    }
}

/// `gantry logs view FILE`: the file read into the viewer's buffer, the viewer full screen.
fn view(cli: &Cli, file: &PathBuf) -> Result<ExitCode> {
    // A config is welcome (theme, keys, caps) but not needed to read a file.
    let config = config_or_defaults(cli)?;
    let mut warnings = Vec::new();
    let theme = setup::theme(cli.theme.as_deref(), &config, &mut warnings);
    let (mut state, init) = setup::initial_state(&config, true, warnings, String::new());
    let text = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let name = file.display().to_string();
    state
        .logs
        .open(LogSubject::File(name), state.settings.log_limits);
    state.logs.feed(LogFeed::Bytes(text));
    state.logs.feed(LogFeed::End);
    state.settings.viewer_only = true;
    state.screen = crate::app::Screen::Logs;
    state.set_focus(crate::app::Pane::Logs);
    // The log source only saves here (`s`): the file is already read.
    let sources = vec![crate::sources::Starter::Logs(Box::new(|link| {
        crate::sources::logs::task(Clients::default(), link)
    }))];
    setup::run_tui(state, theme, sources, init)?;
    Ok(ExitCode::SUCCESS)
}
