//! What a log is of, and what a log source sends for it. Plain data: the log source fills it, the
//! app keeps it in its log buffer, the Logs pane says what it shows.

use super::github::Job;

/// The log being shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogSubject {
    /// A GitHub Actions job of `repo` ("owner/name").
    Job {
        repo: String,
        job_id: u64,
        name: String,
    },
    /// Pods of a cluster: one by name, or every pod a label selector picks (a workload's).
    Pods(PodQuery),
    /// A file read once (`gantry logs view FILE`).
    File(String),
}

impl LogSubject {
    /// One line naming the log, for the pane's title. Names came sanitised from their sources.
    pub fn title(&self) -> String {
        match self {
            LogSubject::Job { name, job_id, .. } => format!("job {name} (#{job_id})"),
            LogSubject::Pods(q) => q.title(),
            LogSubject::File(path) => path.clone(),
        }
    }
}

/// Which pods' logs, and how much of them (kube's `LogParams`, plus the selector).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PodQuery {
    pub namespace: String,
    /// One pod by name; else every pod `selector` picks.
    pub pod: Option<String>,
    /// A label selector (`app=shop`): a workload's pods, merged in time order.
    pub selector: Option<String>,
    /// The container (default: the pod's only or default container).
    pub container: Option<String>,
    /// The previous (crashed) container's logs.
    pub previous: bool,
    /// Only the last lines of each pod.
    pub tail_lines: Option<i64>,
    /// Only lines newer than this many seconds.
    pub since_seconds: Option<i64>,
    /// Keep streaming new lines.
    pub follow: bool,
}

impl PodQuery {
    pub fn title(&self) -> String {
        let what = match (&self.pod, &self.selector) {
            (Some(pod), _) => format!("pod {}/{pod}", self.namespace),
            (None, Some(sel)) => format!("pods {}/{sel}", self.namespace),
            (None, None) => format!("pods of {}", self.namespace),
        };
        let container = self
            .container
            .as_ref()
            .map(|c| format!(" [{c}]"))
            .unwrap_or_default();
        let previous = if self.previous { " (previous)" } else { "" };
        format!("{what}{container}{previous}")
    }
}

/// One line of a pod's log, with the pod it came from (for the merged view's prefix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodLine {
    pub pod: String,
    /// The line without its `\n`, as the container wrote it (untrusted: sanitised by the buffer).
    pub text: Vec<u8>,
}

/// What a log source sends for the log it was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogFeed {
    /// The next bytes of a single log (a job's text): lines are split where they end.
    Bytes(Vec<u8>),
    /// Whole lines of pods, in time order.
    Lines(Vec<PodLine>),
    /// The job is still running: GitHub publishes its log only when it completes, so this is its
    /// step progress until then.
    Running(Job),
    /// Something worth saying on screen (a stream reconnected, a pod has no previous container).
    Note(String),
    /// The log is complete: nothing more will come.
    End,
}

/// A log source's event, for the log asked for with `generation`: events for a log the user
/// has since left are dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEvent {
    pub generation: u64,
    pub feed: LogFeed,
}
