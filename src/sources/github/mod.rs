//! The GitHub source: a task that polls one repository's runs and the pipeline's jobs, and takes
//! commands (refresh now) on its own channel.

mod fetch;
pub mod logs;
mod runs;
mod wire;
mod write;

pub use fetch::{Client, Etags, FetchError, Meter, get};
pub use runs::fetch_snapshot;
pub use wire::{job_from_json, run_from_json};

use std::time::Duration;

use crate::config::Repo;
use crate::event::{Event, SourceEvent, Update};
use crate::sources::{SourceLink, Task};

/// What the GitHub source can be asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Fetch now, whatever the timer or a backoff says.
    Refresh,
}

/// Backoff after failures never waits longer than this.
pub const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// How long to wait after the `failures`-th failure in a row: 2 s, 4 s, 8 s ... capped at a minute,
/// and never less than the server asked for.
pub fn backoff(failures: u32, server: Option<Duration>) -> Duration {
    let exp = Duration::from_secs(1u64 << failures.clamp(1, 6));
    let wait = exp.min(MAX_BACKOFF);
    server.map_or(wait, |s| s.max(wait))
}

/// Polls `repo` every `refresh` (or at once on `Command::Refresh`, which also cuts a backoff short)
/// until cancelled or the loop goes away, sending an update before and after each attempt.
pub fn task(client: Client, repo: Repo, refresh: Duration, link: SourceLink<Command>) -> Task {
    let SourceLink {
        events,
        mut commands,
        cancel,
    } = link;
    let send = move |update| {
        let events = events.clone();
        async move {
            events
                .send(Event::Source(SourceEvent::Github(update)))
                .await
                .is_ok()
        }
    };
    Box::pin(async move {
        let mut etags = Etags::default();
        let mut failures = 0u32;
        loop {
            if !send(Update::Fetching).await {
                return;
            }
            // Refresh commands that arrive during a fetch are served by this fetch.
            let fetch = fetch_snapshot(&client, &repo, &mut etags);
            tokio::pin!(fetch);
            let fetched = loop {
                tokio::select! {
                    _ = cancel.cancelled() => return,
                    r = &mut fetch => break r,
                    cmd = commands.recv() => if cmd.is_none() { return },
                }
            };
            let (update, wait) = match fetched {
                Ok(snap) => {
                    failures = 0;
                    (Update::Loaded(snap), refresh)
                }
                Err(e) => {
                    failures = failures.saturating_add(1);
                    let wait = backoff(failures, e.retry_after);
                    tracing::warn!(repo = %repo, "GitHub fetch failed: {}", e.message);
                    let update = Update::Failed {
                        message: e.message,
                        retry_in: wait,
                    };
                    (update, wait)
                }
            };
            if !send(update).await {
                return;
            }
            tokio::select! {
                _ = cancel.cancelled() => return,
                _ = tokio::time::sleep(wait) => {}
                cmd = commands.recv() => match cmd {
                    Some(Command::Refresh) => {}
                    // The loop is gone; nothing will read what we fetch.
                    None => return,
                },
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_a_minute_and_honours_the_server() {
        let s = Duration::from_secs;
        assert_eq!(backoff(1, None), s(2));
        assert_eq!(backoff(3, None), s(8));
        assert_eq!(backoff(10, None), s(60));
        assert_eq!(backoff(1, Some(s(42))), s(42));
    }
}
