//! The GitHub source: a task that polls one repository's runs and the pipeline's jobs.

mod fetch;
mod model;

pub use fetch::{Client, Etags, FetchError, Snapshot, fetch_snapshot};
pub use model::{GitUser, HeadCommit, Job, Kind, Run, Step, pipeline_runs};

use std::time::Duration;

use crate::app::Action;
use crate::config::Repo;
use crate::event::Event;
use crate::sources::{SourceEvent, SourceLink};

/// Backoff after failures never waits longer than this.
pub const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// How long to wait after the `failures`-th failure in a row: 2 s, 4 s, 8 s ... capped at a minute,
/// and never less than the server asked for.
pub fn backoff(failures: u32, server: Option<Duration>) -> Duration {
    let exp = Duration::from_secs(1u64 << failures.clamp(1, 6));
    let wait = exp.min(MAX_BACKOFF);
    server.map_or(wait, |s| s.max(wait))
}

/// Polls `repo` every `refresh` (or at once when the refresh key is pressed, which also cuts a
/// backoff short) until cancelled, sending a `SourceEvent` after each attempt.
pub fn spawn(
    client: Client,
    repo: Repo,
    refresh: Duration,
    link: SourceLink,
) -> tokio::task::JoinHandle<()> {
    let SourceLink {
        tx,
        cancel,
        refresh: mut refresh_now,
    } = link;
    tokio::spawn(async move {
        let mut etags = Etags::default();
        let mut failures = 0u32;
        loop {
            let fetched = tokio::select! {
                _ = cancel.cancelled() => return,
                r = fetch_snapshot(&client, &repo, &mut etags) => r,
            };
            let (event, wait) = match fetched {
                Ok(snap) => {
                    failures = 0;
                    let ev = SourceEvent::GithubLoaded {
                        runs: snap.runs,
                        jobs_by_run: snap.jobs_by_run,
                        quota: snap.quota,
                    };
                    (ev, refresh)
                }
                Err(e) => {
                    failures = failures.saturating_add(1);
                    let wait = backoff(failures, e.retry_after);
                    tracing::warn!(repo = %repo, "GitHub fetch failed: {}", e.message);
                    let ev = SourceEvent::GithubFailed {
                        message: e.message,
                        retry_in: wait,
                    };
                    (ev, wait)
                }
            };
            if tx.send(Event::Action(Action::Source(event))).await.is_err() {
                return;
            }
            tokio::select! {
                _ = cancel.cancelled() => return,
                _ = tokio::time::sleep(wait) => {}
                changed = refresh_now.changed() => {
                    if changed.is_err() {
                        // The loop is gone; nothing will read what we fetch.
                        return;
                    }
                }
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
