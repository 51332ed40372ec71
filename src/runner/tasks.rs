//! The source tasks (in a JoinSet, so one that dies is reported) and the effects addressed to them:
//! each source has a bounded command channel, and an effect that cannot be handed over comes back as
//! an action, so the failure is visible.

use std::collections::HashMap;

use tokio::sync::mpsc;
use tokio::task::{self, JoinError, JoinSet};
use tokio_util::sync::CancellationToken;

use crate::app::Action;
use crate::app::effect::{Effect, Terminal};
use crate::event::EventTx;
use crate::model::pipeline::FileKey;
use crate::model::request::Request;
use crate::sources::logs;
use crate::sources::{
    COMMAND_DEPTH, SourceId, SourceLink, Starter, evidence, github, kube, review,
};

/// Carries terminal effects out (the real terminal, or a recorder in tests).
pub type TerminalSink = Box<dyn FnMut(&Terminal) + Send>;

pub struct Tasks {
    set: JoinSet<()>,
    ids: HashMap<task::Id, SourceId>,
    github: Option<mpsc::Sender<github::Command>>,
    act: Option<mpsc::Sender<Request>>,
    review: Option<mpsc::Sender<review::Command>>,
    notify: Option<mpsc::Sender<crate::notify::send::Note>>,
    evidence: Option<mpsc::Sender<evidence::Command>>,
    kube: Option<mpsc::Sender<kube::Command>>,
    workflow_files: Option<mpsc::Sender<FileKey>>,
    logs: Option<mpsc::Sender<logs::Command>>,
    trail: Option<mpsc::Sender<crate::sources::trail::Command>>,
    terminal: TerminalSink,
    cancel: CancellationToken,
}

impl Tasks {
    pub fn new(terminal: TerminalSink, cancel: CancellationToken) -> Tasks {
        Tasks {
            set: JoinSet::new(),
            ids: HashMap::new(),
            github: None,
            act: None,
            review: None,
            notify: None,
            evidence: None,
            kube: None,
            workflow_files: None,
            logs: None,
            trail: None,
            terminal,
            cancel,
        }
    }

    /// Spawns a source with its link to the loop; the action tells `update` it started.
    pub fn start(&mut self, starter: Starter, events: &EventTx) -> Action {
        let id = starter.id();
        let cancel = self.cancel.child_token();
        let handle = match starter {
            Starter::Github(start) => spawn(&mut self.set, &mut self.github, start, events, cancel),
            Starter::Act(start) => spawn(&mut self.set, &mut self.act, start, events, cancel),
            Starter::Trail(start) => spawn(&mut self.set, &mut self.trail, start, events, cancel),
            Starter::Notify(start) => spawn(&mut self.set, &mut self.notify, start, events, cancel),
            Starter::Review(start) => spawn(&mut self.set, &mut self.review, start, events, cancel),
            Starter::Evidence(start) => {
                spawn(&mut self.set, &mut self.evidence, start, events, cancel)
            }
            Starter::Kube(start) => spawn(&mut self.set, &mut self.kube, start, events, cancel),
            Starter::WorkflowFiles(start) => spawn(
                &mut self.set,
                &mut self.workflow_files,
                start,
                events,
                cancel,
            ),
            Starter::Logs(start) => spawn(&mut self.set, &mut self.logs, start, events, cancel),
        };
        self.ids.insert(handle.id(), id);
        Action::SourceStarted(id)
    }

    /// Hands an effect to its task; `Some(action)` when it could not be handed over.
    pub fn carry(&mut self, effect: Effect) -> Option<Action> {
        match effect {
            Effect::Terminal(t) => {
                (self.terminal)(&t);
                None
            }
            Effect::Github(cmd) => send(SourceId::Github, self.github.as_ref(), cmd),
            Effect::Act(req) => send(SourceId::Act, self.act.as_ref(), *req),
            Effect::Review(cmd) => send(SourceId::Review, self.review.as_ref(), cmd),
            Effect::Notify(note) => send(SourceId::Notify, self.notify.as_ref(), note),
            Effect::Evidence(cmd) => send(SourceId::Evidence, self.evidence.as_ref(), cmd),
            Effect::Kube(cmd) => send(SourceId::Kube, self.kube.as_ref(), cmd),
            Effect::WorkflowFile(key) => {
                send(SourceId::WorkflowFiles, self.workflow_files.as_ref(), key)
            }
            Effect::Logs(cmd) => send(SourceId::Logs, self.logs.as_ref(), cmd),
            Effect::Trail(cmd) => send(SourceId::Trail, self.trail.as_ref(), cmd),
        }
    }

    /// Waits for a task to end and says how; never resolves while none runs.
    pub async fn ended(&mut self) -> Action {
        loop {
            match self.set.join_next_with_id().await {
                Some(done) => {
                    if let Some(action) = self.report(done) {
                        return action;
                    }
                }
                None => std::future::pending::<()>().await,
            }
        }
    }

    fn report(&mut self, done: Result<(task::Id, ()), JoinError>) -> Option<Action> {
        let (id, reason) = match done {
            Ok((id, ())) => (id, "the task ended".to_string()),
            Err(e) => {
                let id = e.id();
                (id, why(e))
            }
        };
        let source = self.ids.remove(&id)?;
        match source {
            SourceId::Github => self.github = None,
            SourceId::Act => self.act = None,
            SourceId::Review => self.review = None,
            SourceId::Notify => self.notify = None,
            SourceId::Evidence => self.evidence = None,
            SourceId::Kube => self.kube = None,
            SourceId::WorkflowFiles => self.workflow_files = None,
            SourceId::Logs => self.logs = None,
            SourceId::Trail => self.trail = None,
        }
        tracing::error!(source = source.name(), "source task ended: {reason}");
        Some(Action::SourceEnded { source, reason })
    }

    /// Stops every task and waits for them.
    pub async fn shutdown(mut self) {
        self.cancel.cancel();
        self.set.shutdown().await;
    }
}

/// Spawns one task with a fresh bounded command channel, keeping its sender in `slot`.
fn spawn<C: Send + 'static>(
    set: &mut JoinSet<()>,
    slot: &mut Option<mpsc::Sender<C>>,
    start: Box<dyn FnOnce(SourceLink<C>) -> crate::sources::Task + Send>,
    events: &EventTx,
    cancel: CancellationToken,
) -> task::AbortHandle {
    let (tx, commands) = mpsc::channel(COMMAND_DEPTH);
    *slot = Some(tx);
    set.spawn(start(SourceLink {
        events: events.clone(),
        commands,
        cancel,
    }))
}

fn send<C>(target: SourceId, tx: Option<&mpsc::Sender<C>>, cmd: C) -> Option<Action> {
    let Some(tx) = tx else {
        return Some(Action::EffectFailed {
            target,
            reason: "the source is not running".into(),
        });
    };
    let reason = match tx.try_send(cmd) {
        Ok(()) => return None,
        Err(mpsc::error::TrySendError::Full(_)) => "its queue is full (is it stuck?)",
        Err(mpsc::error::TrySendError::Closed(_)) => "it has stopped",
    };
    tracing::warn!(source = target.name(), "effect not delivered: {reason}");
    Some(Action::EffectFailed {
        target,
        reason: reason.into(),
    })
}

fn why(e: JoinError) -> String {
    if e.is_cancelled() {
        return "cancelled".into();
    }
    let payload = e.into_panic();
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".into());
    format!("panicked: {}", crate::sanitize::clean(&text))
}
