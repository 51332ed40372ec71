//! An action the user confirmed, as carried to the task that performs it: what the audit trail
//! records before and after, and the operation itself. Every action that changes something goes
//! through this one path, from the TUI and from the CLI.

use crate::audit::Intent;
use crate::model::kube::Target;
use crate::model::kube::canary::CanaryOp;

#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// The dialog that shows the outcome (0 when nothing shows it, as from the CLI).
    pub dialog: u64,
    /// Recorded, and on disk, before the request goes out.
    pub intent: Intent,
    pub op: Operation,
}

/// What is done, with exactly what the request carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    /// `POST /repos/{repo}/actions/runs/{run}/rerun-failed-jobs`.
    RerunFailed { repo: String, run: u64, debug: bool },
    /// `kubectl rollout undo --to-revision=N` (Argo's `undo` for a Rollout): one JSON patch,
    /// planned again from the cluster before it is sent. `uid` is the ReplicaSet the user
    /// confirmed: if revision N is another one by then, nothing is sent.
    Rollback {
        target: Target,
        revision: u64,
        uid: Option<String>,
        dry_run: bool,
    },
    /// A `kubectl argo rollouts` promote, promote --full, abort or retry.
    Canary { target: Target, op: CanaryOp },
}

impl Operation {
    /// One line for the status line and logs: what was asked.
    pub fn describe(&self) -> String {
        match self {
            Operation::RerunFailed { repo, run, .. } => {
                format!("rerun the failed jobs of {repo} run {run}")
            }
            Operation::Rollback {
                target,
                revision,
                dry_run,
                ..
            } => format!(
                "{}roll back {} to revision {revision}",
                if *dry_run { "dry run: " } else { "" },
                target.describe()
            ),
            Operation::Canary { target, op } => format!("{} {}", op.word(), target.describe()),
        }
    }
}
