//! Sources: one tokio task each. They fetch, then speak to the loop through `Action::Source`; they
//! never touch `State`.

pub mod github;
pub mod kube;

use std::collections::BTreeMap;
use std::time::Duration;

use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use crate::app::state::Quota;
use crate::event::EventTx;
use github::{Job, Run};

/// What a source task is given: the loop's sender, its cancellation, and the "refresh now" signal
/// (a counter bumped by the refresh key; a watch never misses a bump made while a fetch runs).
#[derive(Debug, Clone)]
pub struct SourceLink {
    pub tx: EventTx,
    pub cancel: CancellationToken,
    pub refresh: watch::Receiver<u64>,
}

/// What a source tells the loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceEvent {
    /// A fresh GitHub snapshot: the newest runs, the jobs of the runs the pipeline pane shows.
    GithubLoaded {
        runs: Vec<Run>,
        jobs_by_run: BTreeMap<u64, Vec<Job>>,
        quota: Quota,
    },
    /// A fetch failed; the source tries again after `retry_in` and the last data stays on screen.
    GithubFailed { message: String, retry_in: Duration },
}
