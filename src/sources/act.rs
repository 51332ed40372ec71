//! The one path every action that changes something takes, from the TUI (as a task fed by
//! `Effect::Act`) and from the CLI (calling `Executor::perform`): refuse in read-only mode, write the
//! intent to the audit trail and have it on disk, send exactly one request, write the outcome, and
//! say how it went. Requests are done one at a time, at least a second apart (GitHub's advice for
//! writes), so a burst of confirmations never becomes concurrent writes.

use std::time::Duration;

use tokio::time::Instant;

use crate::audit::{ActionResult, Intent, Status, Trail};
use crate::event::Event;
use crate::model::request::{Operation, Request};
use crate::sources::{SourceLink, Task, github, kube};

/// GitHub asks for at least a second between writes.
const WRITE_GAP: Duration = Duration::from_secs(1);

/// What actions are performed with: the audit trail and the clients.
#[derive(Clone)]
pub struct Executor {
    pub audit: Audit,
    pub github: Option<github::Client>,
    /// The clusters' clients, for rollbacks and canary actions.
    pub kube: Option<kube::Clusters>,
    pub read_only: bool,
}

/// The audit trail as configured.
#[derive(Clone)]
pub enum Audit {
    /// `[audit] enabled = false`: actions are not recorded.
    Off,
    On(Trail),
    /// Enabled, but it could not be opened: every action is refused, since it could not be recorded.
    Broken(String),
}

impl Executor {
    /// Performs one request through the audited path. The result says what happened, in words fit
    /// for the dialog; `sent` in it says whether anything left gantry.
    pub async fn perform(&self, req: &Request) -> ActionResult {
        if self.read_only {
            let result = ActionResult::refused_unsent("read-only mode: nothing was sent");
            // Refusals are recorded too: someone tried.
            return self.record_unsent(&req.intent, result).await;
        }
        if let Audit::Broken(why) = &self.audit {
            return ActionResult::refused_unsent(format!(
                "the audit trail is unavailable ({why}), so nothing was sent"
            ));
        }
        let receipt = match self.write_intent(&req.intent).await {
            Ok(r) => r,
            Err(e) => {
                return ActionResult::failed(
                    false,
                    None,
                    format!("the audit trail could not be written, so nothing was sent: {e}"),
                );
            }
        };
        let result = self.send(&req.op).await;
        if let (Audit::On(trail), Some(receipt)) = (&self.audit, receipt) {
            let outcome = req.intent.outcome(&receipt, result.clone());
            let trail = trail.clone();
            let written = tokio::task::spawn_blocking(move || trail.outcome(&outcome)).await;
            if !matches!(written, Ok(Ok(_))) {
                tracing::error!("the outcome of {} was not recorded", req.op.describe());
                let mut result = result;
                result
                    .message
                    .push_str(" (the outcome could not be recorded in the audit trail)");
                return result;
            }
        }
        result
    }

    async fn write_intent(&self, intent: &Intent) -> Result<Option<crate::audit::Receipt>, String> {
        let Audit::On(trail) = self.audit.clone() else {
            return Ok(None);
        };
        let intent = intent.clone();
        match tokio::task::spawn_blocking(move || trail.intent(&intent)).await {
            Ok(Ok(receipt)) => Ok(Some(receipt)),
            Ok(Err(e)) => Err(e.to_string()),
            Err(e) => Err(e.to_string()),
        }
    }

    async fn record_unsent(&self, intent: &Intent, result: ActionResult) -> ActionResult {
        if let Ok(Some(receipt)) = self.write_intent(intent).await
            && let Audit::On(trail) = self.audit.clone()
        {
            let outcome = intent.outcome(&receipt, result.clone());
            let _ = tokio::task::spawn_blocking(move || trail.outcome(&outcome)).await;
        }
        result
    }

    async fn send(&self, op: &Operation) -> ActionResult {
        match op {
            Operation::Review {
                repo,
                run,
                environments,
                approve,
                comment,
            } => {
                let Some(gh) = &self.github else {
                    return ActionResult::refused_unsent("no GitHub client is configured");
                };
                crate::sources::review::review(gh, repo, *run, environments, *approve, comment)
                    .await
            }
            Operation::Rollback {
                target,
                revision,
                uid,
                dry_run,
            } => {
                let Some(k) = &self.kube else {
                    return ActionResult::refused_unsent("no cluster is configured");
                };
                kube::ops::rollback(k, target, *revision, uid.as_deref(), *dry_run).await
            }
            Operation::Canary { target, op } => {
                let Some(k) = &self.kube else {
                    return ActionResult::refused_unsent("no cluster is configured");
                };
                kube::ops::canary(k, target, *op).await
            }
            Operation::RerunFailed { .. }
            | Operation::RerunAll { .. }
            | Operation::Cancel { .. }
            | Operation::Dispatch { .. } => self.run_post(op).await,
        }
    }

    /// The run actions: one POST each, with what GitHub documents as the body.
    async fn run_post(&self, op: &Operation) -> ActionResult {
        let Some(gh) = &self.github else {
            return ActionResult::refused_unsent("no GitHub client is configured");
        };
        let (path, body, done) = match op {
            Operation::RerunFailed { repo, run, debug } => (
                format!("repos/{repo}/actions/runs/{run}/rerun-failed-jobs"),
                serde_json::json!({ "enable_debug_logging": debug }),
                "GitHub is rerunning the failed jobs".to_string(),
            ),
            Operation::RerunAll { repo, run, debug } => (
                format!("repos/{repo}/actions/runs/{run}/rerun"),
                serde_json::json!({ "enable_debug_logging": debug }),
                "GitHub is rerunning every job".to_string(),
            ),
            Operation::Cancel { repo, run } => (
                format!("repos/{repo}/actions/runs/{run}/cancel"),
                serde_json::json!({}),
                "GitHub is cancelling the run".to_string(),
            ),
            Operation::Dispatch {
                repo,
                workflow,
                git_ref,
            } => (
                format!("repos/{repo}/actions/workflows/{workflow}/dispatches"),
                serde_json::json!({ "ref": git_ref }),
                format!("GitHub is starting {workflow} on {git_ref}"),
            ),
            _ => return ActionResult::refused_unsent("not a run action"),
        };
        let mut result = gh.post(&path, &body).await;
        if result.status == Status::Ok {
            result.message = done;
        }
        result
    }
}

/// The action task: requests in, outcomes out, one at a time.
pub fn task(executor: Executor, link: SourceLink<Request>) -> Task {
    let SourceLink {
        events,
        mut commands,
        cancel,
    } = link;
    Box::pin(async move {
        let mut last_write: Option<Instant> = None;
        loop {
            let req = tokio::select! {
                _ = cancel.cancelled() => return,
                req = commands.recv() => match req {
                    Some(r) => r,
                    None => return,
                },
            };
            if let Some(at) = last_write {
                tokio::time::sleep_until(at + WRITE_GAP).await;
            }
            let result = executor.perform(&req).await;
            if result.sent {
                last_write = Some(Instant::now());
            }
            tracing::info!(
                "{}: {} ({})",
                req.op.describe(),
                result.status.as_str(),
                result.message
            );
            let outcome = match result.status {
                Status::Ok => Ok(result.message),
                Status::Refused | Status::Failed => Err(result.message),
            };
            let ev = Event::Outcome {
                dialog: req.dialog,
                result: outcome,
            };
            if events.send(ev).await.is_err() {
                return;
            }
        }
    })
}
