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
    /// `POST /repos/{repo}/actions/runs/{run}/pending_deployments` with exactly
    /// `{environment_ids, state, comment}`, after reading the pending deployments again.
    Review {
        repo: String,
        run: u64,
        /// The chosen environments, by id and name (only the ids are sent).
        environments: Vec<(u64, String)>,
        approve: bool,
        comment: String,
    },
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
            Operation::Review {
                repo,
                run,
                environments,
                approve,
                ..
            } => {
                let names: Vec<&str> = environments.iter().map(|(_, n)| n.as_str()).collect();
                format!(
                    "{} {} of {repo} run {run}",
                    if *approve { "approve" } else { "reject" },
                    names.join(", ")
                )
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

impl Request {
    /// The request with what the dialog's user chose: the environments (for a review) and the
    /// comment, in both the operation and the audit intent.
    pub fn with_choice(&self, chosen: Option<&[(u64, String)]>, comment: Option<&str>) -> Request {
        let mut req = self.clone();
        if let Some(c) = comment {
            let c = crate::sanitize::clean(c);
            req.intent.comment = (!c.is_empty()).then(|| c.clone());
            if let Operation::Review { comment, .. } = &mut req.op {
                *comment = c;
            }
        }
        if let (Some(chosen), Operation::Review { environments, .. }) = (chosen, &mut req.op) {
            *environments = chosen.to_vec();
            req.intent.target.environments = chosen.iter().map(|(_, n)| n.clone()).collect();
            let ids: Vec<u64> = chosen.iter().map(|(id, _)| *id).collect();
            req.intent = req.intent.clone().param("environment_ids", ids);
        }
        req
    }
}
