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
    /// `POST /repos/{repo}/actions/runs/{run}/rerun`: every job again.
    RerunAll { repo: String, run: u64, debug: bool },
    /// `POST /repos/{repo}/actions/runs/{run}/cancel`.
    Cancel { repo: String, run: u64 },
    /// `POST /repos/{repo}/actions/workflows/{workflow}/dispatches` with `{"ref": git_ref}`;
    /// `workflow` is the file's name (`ci.yml`), which GitHub takes for the id.
    Dispatch {
        repo: String,
        workflow: String,
        git_ref: String,
    },
}

/// What a dialog's toggle changes in its request before it is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Switch {
    /// Rerun with debug logging (the runner's and step debug logs; gh's `--debug`).
    Debug,
    /// Rerun every job, not only the failed ones.
    AllJobs,
}

/// The field of a dispatch dialog that holds the ref.
pub const REF_FIELD: &str = "Ref (branch or tag)";

impl Request {
    /// Sets a toggle; the intent records it, so the audit trail says what was sent.
    pub fn switch(&mut self, switch: Switch, on: bool) {
        let op = std::mem::replace(
            &mut self.op,
            Operation::Cancel {
                repo: String::new(),
                run: 0,
            },
        );
        self.op = match (switch, op) {
            (Switch::Debug, Operation::RerunFailed { repo, run, .. }) => Operation::RerunFailed {
                repo,
                run,
                debug: on,
            },
            (Switch::Debug, Operation::RerunAll { repo, run, .. }) => Operation::RerunAll {
                repo,
                run,
                debug: on,
            },
            (
                Switch::AllJobs,
                Operation::RerunFailed { repo, run, debug }
                | Operation::RerunAll { repo, run, debug },
            ) => {
                if on {
                    Operation::RerunAll { repo, run, debug }
                } else {
                    Operation::RerunFailed { repo, run, debug }
                }
            }
            (_, other) => other,
        };
        let (name, value) = match switch {
            Switch::Debug => ("debug", on),
            Switch::AllJobs => ("failed_only", !on),
        };
        self.intent = self.intent.clone().param(name, value);
    }

    /// Takes a typed field's value (the ref of a dispatch).
    pub fn fill(&mut self, label: &str, value: &str) {
        if let (REF_FIELD, Operation::Dispatch { git_ref, .. }) = (label, &mut self.op) {
            *git_ref = value.trim().to_owned();
            self.intent = self.intent.clone().param("ref", value.trim());
        }
    }
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
            Operation::RerunAll { repo, run, .. } => format!("rerun every job of {repo} run {run}"),
            Operation::Cancel { repo, run } => format!("cancel {repo} run {run}"),
            Operation::Dispatch {
                repo,
                workflow,
                git_ref,
            } => format!("dispatch {workflow} of {repo} on {git_ref}"),
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
