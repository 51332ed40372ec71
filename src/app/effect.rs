//! What `update` asks the outside world to do, addressed to the task that carries it out. The runner
//! hands each effect to its task's bounded channel; a full or closed channel comes back as a visible
//! failure, never a silent drop.

use crate::model::pipeline::FileKey;
use crate::model::request::Request;
use crate::sources::{evidence, github, kube, logs, review};

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Written to the terminal by the runner itself.
    Terminal(Terminal),
    /// For the GitHub source.
    Github(github::Command),
    /// For the evidence source (the gates).
    Evidence(evidence::Command),
    /// A confirmed action, for the action task (audited, sent once).
    Act(Box<Request>),
    /// For the review source (refresh after an approval).
    Review(review::Command),
    /// For the notifier task (the configured command and webhook).
    Notify(crate::notify::send::Note),
    /// For the cluster source.
    Kube(kube::Command),
    /// For the workflow-file task: fetch this file once (the pipeline graph is drawn from it).
    WorkflowFile(FileKey),
    /// For the log source (open a log, stop, save).
    Logs(logs::Command),
    /// For the audit trail reader (read again after an action).
    Trail(crate::sources::trail::Command),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Terminal {
    /// Put text on the clipboard with OSC 52 (works over SSH).
    Copy(String),
    /// Ring the terminal bell.
    Bell,
    /// A desktop notification through the terminal: OSC 9 and OSC 777 (they travel through SSH).
    Notify { title: String, body: String },
}

impl Effect {
    pub const BELL: Effect = Effect::Terminal(Terminal::Bell);
}
