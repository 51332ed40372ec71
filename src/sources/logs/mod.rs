//! The log source: one task that fetches the log the user is looking at, a job's or pods', and
//! streams it to the loop as `SourceEvent::Logs`. Opening another log stops the one before (its
//! fetch is aborted, and its late events carry an old generation, which the app drops).

mod job;
mod pods;

use std::path::PathBuf;

use tokio::task::JoinHandle;

use crate::event::{Event, EventTx, SourceEvent, Update};
use crate::model::logs::{LogEvent, LogFeed, LogSubject};
use crate::sources::{SourceLink, Task, github};

pub use pods::{PodStreams, split_timestamp};

/// What the log source can be asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Fetch (and follow) `subject`; its events carry `generation`.
    Open {
        generation: u64,
        subject: LogSubject,
    },
    /// Stop fetching.
    Stop,
    /// Write `text` (the log as plain text) to `path`, and say so.
    Save { path: PathBuf, text: String },
}

/// The clients logs are fetched with; a missing one makes its logs fail with a reason.
#[derive(Clone, Default)]
pub struct Clients {
    pub github: Option<github::Client>,
    pub kube: Option<KubeAccess>,
}

/// How to reach the cluster; the client is built when pod logs are first asked for.
#[derive(Debug, Clone, Default)]
pub struct KubeAccess {
    pub kubeconfig: Option<PathBuf>,
    pub context: Option<String>,
}

/// Where a fetch sends what it got, for one generation.
#[derive(Clone)]
pub struct Out {
    events: EventTx,
    generation: u64,
}

impl Out {
    /// Sends an update; false when the loop is gone.
    pub async fn send(&self, update: Update<LogFeed>) -> bool {
        let update = match update {
            Update::Loaded(feed) => Update::Loaded(LogEvent {
                generation: self.generation,
                feed,
            }),
            Update::Fetching => Update::Fetching,
            Update::Failed { message, retry_in } => Update::Failed { message, retry_in },
        };
        self.events
            .send(Event::Source(SourceEvent::Logs(update)))
            .await
            .is_ok()
    }

    pub async fn feed(&self, feed: LogFeed) -> bool {
        self.send(Update::Loaded(feed)).await
    }
}

pub fn task(clients: Clients, link: SourceLink<Command>) -> Task {
    let SourceLink {
        events,
        mut commands,
        cancel,
    } = link;
    Box::pin(async move {
        let mut current: Option<JoinHandle<()>> = None;
        loop {
            let cmd = tokio::select! {
                _ = cancel.cancelled() => break,
                cmd = commands.recv() => match cmd {
                    Some(cmd) => cmd,
                    None => break,
                },
            };
            match cmd {
                Command::Open {
                    generation,
                    subject,
                } => {
                    if let Some(old) = current.take() {
                        old.abort();
                    }
                    let out = Out {
                        events: events.clone(),
                        generation,
                    };
                    current = Some(tokio::spawn(fetch(clients.clone(), subject, out)));
                }
                Command::Stop => {
                    if let Some(old) = current.take() {
                        old.abort();
                    }
                }
                Command::Save { path, text } => {
                    let note = save(&path, &text).await;
                    let out = Out {
                        events: events.clone(),
                        generation: 0,
                    };
                    // Generation 0: a note for whichever log is on screen.
                    if !out.feed(LogFeed::Note(note)).await {
                        break;
                    }
                }
            }
        }
        if let Some(old) = current.take() {
            old.abort();
        }
    })
}

async fn save(path: &std::path::Path, text: &str) -> String {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Err(e) = tokio::fs::create_dir_all(dir).await
    {
        return format!("not saved: cannot create {}: {e}", dir.display());
    }
    match tokio::fs::write(path, text).await {
        Ok(()) => format!("saved to {}", path.display()),
        Err(e) => format!("not saved: {}: {e}", path.display()),
    }
}

/// Fetches `subject` to its end (or for ever, when it follows), sending events for generation 1:
/// the CLI's `gantry logs job|pod` reads them from `events`.
pub async fn fetch_to(clients: Clients, subject: LogSubject, events: EventTx) {
    fetch(
        clients,
        subject,
        Out {
            events,
            generation: 1,
        },
    )
    .await;
}

async fn fetch(clients: Clients, subject: LogSubject, out: Out) {
    match subject {
        LogSubject::Job { repo, job_id, .. } => match clients.github {
            Some(client) => job::follow(client, repo, job_id, out).await,
            None => fail(&out, "no GitHub source is configured").await,
        },
        LogSubject::Pods(query) => match clients.kube {
            Some(access) => {
                let client = crate::sources::kube::client(
                    access.kubeconfig.as_deref(),
                    access.context.as_deref(),
                )
                .await;
                match client {
                    Ok(client) => PodStreams::new(client, query).run(&out).await,
                    Err(e) => fail(&out, &e.to_string()).await,
                }
            }
            None => fail(&out, "no cluster is configured").await,
        },
        LogSubject::File(path) => fail(&out, &format!("{path} is read when gantry starts")).await,
    }
}

/// A failure that trying again will not fix: said in the pane, not retried.
async fn fail(out: &Out, message: &str) {
    if out
        .feed(LogFeed::Note(format!("cannot fetch: {message}")))
        .await
    {
        out.feed(LogFeed::End).await;
    }
}
