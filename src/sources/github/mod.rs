//! The GitHub source: a task that polls every configured repository's runs and the pipeline's jobs,
//! adaptively (`poll`), and takes commands (refresh now) on its own channel.

mod fetch;
pub mod logs;
mod poll;
mod runs;
mod wire;
pub mod workflow_file;
mod write;

pub use fetch::{Client, Etags, FetchError, Meter, get};
pub use poll::{Polling, task};
pub use runs::{Memory, fetch_snapshot, poll_snapshot};
pub use wire::{job_from_json, run_from_json};

use std::time::Duration;

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

/// A poller's failures in a row, turning each attempt's result into the update to send and how
/// long to wait: `ok_wait` after a success, a growing backoff (never less than the server asked)
/// after a failure, which the update states.
#[derive(Debug, Default)]
pub struct Streak(u32);

impl Streak {
    pub fn settle<T>(
        &mut self,
        fetched: Result<T, FetchError>,
        ok_wait: Duration,
        what: &str,
    ) -> (crate::event::Update<T>, Duration) {
        match fetched {
            Ok(data) => {
                self.0 = 0;
                (crate::event::Update::Loaded(data), ok_wait)
            }
            Err(e) => {
                self.0 = self.0.saturating_add(1);
                let wait = backoff(self.0, e.retry_after);
                tracing::warn!("{what} failed: {}", e.message);
                let update = crate::event::Update::Failed {
                    message: e.message,
                    retry_in: wait,
                };
                (update, wait)
            }
        }
    }
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
