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
