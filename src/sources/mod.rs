//! Sources: one tokio task each. They own their clients, fetch, and send `Event::Source` to the loop;
//! they take commands on a bounded channel of their own, and never see the app's state or actions.

pub mod act;
pub mod evidence;
pub mod github;
pub mod kube;
pub mod logs;
pub mod review;
pub mod trail;

use std::future::Future;
use std::pin::Pin;

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::event::EventTx;

/// Names a source task: effects are addressed to it, and its end is reported under this name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SourceId {
    Github,
    /// The task that performs confirmed actions (audited).
    Act,
    /// Pending reviews and the environment board.
    Review,
    /// The notification command and webhook.
    Notify,
    /// The quality gates' evidence.
    Evidence,
    /// The cluster source: every environment's workload.
    Kube,
    /// Workflow files for the pipeline graph, fetched once per path and SHA.
    WorkflowFiles,
    /// Job and pod logs.
    Logs,
    /// The audit trail, read for the Audit screen.
    Trail,
}

impl SourceId {
    pub fn name(self) -> &'static str {
        match self {
            SourceId::Github => "GitHub",
            SourceId::Act => "The action task",
            SourceId::Review => "Reviews",
            SourceId::Notify => "Notifications",
            SourceId::Evidence => "Gates",
            SourceId::Kube => "Kubernetes",
            SourceId::WorkflowFiles => "Workflow files",
            SourceId::Logs => "Logs",
            SourceId::Trail => "Audit trail",
        }
    }
}

/// What a source task is given: the loop's sender, its own command receiver, and its cancellation.
#[derive(Debug)]
pub struct SourceLink<C> {
    pub events: EventTx,
    pub commands: mpsc::Receiver<C>,
    pub cancel: CancellationToken,
}

/// A source's task, ready to be spawned into the runner's JoinSet.
pub type Task = Pin<Box<dyn Future<Output = ()> + Send>>;

/// How to start a source: the runner makes its link (channels, token), keeps the command sender for
/// the effects addressed to it, and spawns the task.
pub enum Starter {
    Github(Box<dyn FnOnce(SourceLink<github::Command>) -> Task + Send>),
    Act(Box<dyn FnOnce(SourceLink<crate::model::request::Request>) -> Task + Send>),
    Review(Box<dyn FnOnce(SourceLink<review::Command>) -> Task + Send>),
    Notify(Box<dyn FnOnce(SourceLink<crate::notify::send::Note>) -> Task + Send>),
    Evidence(Box<dyn FnOnce(SourceLink<evidence::Command>) -> Task + Send>),
    Kube(Box<dyn FnOnce(SourceLink<kube::Command>) -> Task + Send>),
    WorkflowFiles(Box<dyn FnOnce(SourceLink<crate::model::pipeline::FileKey>) -> Task + Send>),
    Logs(Box<dyn FnOnce(SourceLink<logs::Command>) -> Task + Send>),
    Trail(Box<dyn FnOnce(SourceLink<trail::Command>) -> Task + Send>),
}

impl Starter {
    pub fn id(&self) -> SourceId {
        match self {
            Starter::Github(_) => SourceId::Github,
            Starter::Act(_) => SourceId::Act,
            Starter::Review(_) => SourceId::Review,
            Starter::Notify(_) => SourceId::Notify,
            Starter::Evidence(_) => SourceId::Evidence,
            Starter::Kube(_) => SourceId::Kube,
            Starter::WorkflowFiles(_) => SourceId::WorkflowFiles,
            Starter::Logs(_) => SourceId::Logs,
            Starter::Trail(_) => SourceId::Trail,
        }
    }
}

/// Depth of each source's command channel. Commands come from key presses and the task coalesces
/// them while it works, so a full channel means the task is stuck: the runner reports it.
pub const COMMAND_DEPTH: usize = 8;
