//! Everything the loop reacts to arrives on one channel: terminal input, ticks, signals and source
//! events. Each producer is its own tokio task. The runner turns events into the app's actions, so
//! producers (sources among them) never speak the app's language.

use std::time::Duration;

use chrono::{DateTime, Utc};
use crossterm::event::{Event as TermEvent, EventStream, KeyEvent, KeyEventKind};
use futures::StreamExt;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::model::approval::Board;
use crate::model::gates::GateBoard;
use crate::model::github::Snapshot;
use crate::model::kube::{Link, Rollout};
use crate::model::logs::LogEvent;
use crate::model::pipeline::WorkflowFiles;

#[derive(Debug)]
pub enum Event {
    Key(KeyEvent),
    Resize(u16, u16),
    /// The wall clock, once a second.
    Tick(DateTime<Utc>),
    Source(SourceEvent),
    /// How a confirmed action ended, in words, for the dialog that asked (`dialog`).
    Outcome {
        dialog: u64,
        result: Result<String, String>,
    },
    /// SIGTERM or SIGHUP: quit cleanly.
    Signal(&'static str),
    /// The input stream failed or ended; the terminal is gone.
    InputClosed(String),
}

/// What a source tells the loop: one variant per source, each carrying the same kind of `Update`, so the
/// bookkeeping (loading, stale, failing, retrying) is written once, in the app's source slots.
#[derive(Debug, Clone, PartialEq)]
pub enum SourceEvent {
    /// The selected repository's data (`state.github`): kept for states built without a repository list.
    Github(Update<Snapshot>),
    /// Pending reviews and the environment board.
    Review(Update<Board>),
    Evidence(Update<GateBoard>),
    /// One environment's workload (`env` names it); `link` says how its cluster connection stands.
    Kube {
        env: String,
        link: Link,
        update: Update<Box<Rollout>>,
    },
    /// One repository's data, by its `owner/name` as configured: the GitHub task sends these.
    GithubRepo {
        repo: String,
        update: Update<Snapshot>,
    },
    /// Workflow files for the pipeline graph: every one known so far.
    WorkflowFiles(Update<WorkflowFiles>),
    /// The log source: its health as an `Update` (`Loaded` carries what arrived).
    Logs(Update<LogEvent>),
    /// The audit trail, for the Audit screen.
    Audit(Update<crate::model::trail::TrailView>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Update<T> {
    /// A request went out (the UI says so when it takes long).
    Fetching,
    /// Fresh data.
    Loaded(T),
    /// The attempt failed; the source tries again after `retry_in`, and the last data stays on screen.
    Failed { message: String, retry_in: Duration },
}

pub type EventTx = mpsc::Sender<Event>;
pub type EventRx = mpsc::Receiver<Event>;

pub fn channel() -> (EventTx, EventRx) {
    mpsc::channel(1024)
}

/// Reads the terminal with crossterm's async EventStream (no polling). Keeps key presses only.
pub fn spawn_input(tx: EventTx, cancel: CancellationToken) {
    tokio::spawn(async move {
        let mut stream = EventStream::new();
        loop {
            let next = tokio::select! {
                _ = cancel.cancelled() => return,
                next = stream.next() => next,
            };
            let event = match next {
                Some(Ok(TermEvent::Key(key))) if key.kind == KeyEventKind::Press => Event::Key(key),
                Some(Ok(TermEvent::Resize(w, h))) => Event::Resize(w, h),
                Some(Ok(_)) => continue,
                Some(Err(e)) => {
                    let _ = tx.send(Event::InputClosed(e.to_string())).await;
                    return;
                }
                None => {
                    let _ = tx.send(Event::InputClosed("end of input".into())).await;
                    return;
                }
            };
            if tx.send(event).await.is_err() {
                return;
            }
        }
    });
}

/// Sends the time once a second; `update` redraws only when something on screen depends on it.
pub fn spawn_ticks(tx: EventTx, cancel: CancellationToken, period: Duration) {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(period);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            tokio::select! {
                _ = cancel.cancelled() => return,
                _ = interval.tick() => {}
            }
            if tx.send(Event::Tick(Utc::now())).await.is_err() {
                return;
            }
        }
    });
}

/// SIGTERM and SIGHUP (the SSH connection dropped) quit cleanly so the terminal is restored.
pub fn spawn_signals(tx: EventTx, cancel: CancellationToken) {
    use tokio::signal::unix::{SignalKind, signal};
    tokio::spawn(async move {
        let (Ok(mut term), Ok(mut hup)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
        ) else {
            tracing::warn!("cannot install signal handlers");
            return;
        };
        let name = tokio::select! {
            _ = cancel.cancelled() => return,
            _ = term.recv() => "SIGTERM",
            _ = hup.recv() => "SIGHUP",
        };
        tracing::info!("{name}: quitting");
        let _ = tx.send(Event::Signal(name)).await;
    });
}
