//! The world's state: runs, jobs, steps, deployments, statuses, check results and alerts. Kept compact;
//! `github::render` turns them into GitHub's JSON shapes.

use chrono::{DateTime, Utc};
use serde::Serialize;

pub(crate) type Time = DateTime<Utc>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Status {
    Queued,
    InProgress,
    Completed,
    Waiting,
}

impl Status {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::Queued => "queued",
            Status::InProgress => "in_progress",
            Status::Completed => "completed",
            Status::Waiting => "waiting",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Conclusion {
    Success,
    Failure,
    Cancelled,
    Skipped,
}

impl Conclusion {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Conclusion::Success => "success",
            Conclusion::Failure => "failure",
            Conclusion::Cancelled => "cancelled",
            Conclusion::Skipped => "skipped",
        }
    }
}

/// A step that waits on the cluster instead of a fixed duration (only for live runs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gate {
    None,
    StagingRollout,
    ProductionCanary,
}

#[derive(Debug, Clone)]
pub(crate) struct Step {
    pub(crate) name: String,
    pub(crate) number: u32,
    /// The `run:` script, echoed in cyan in the log.
    pub(crate) script: Option<String>,
    pub(crate) uses: Option<String>,
    pub(crate) status: Status,
    pub(crate) conclusion: Option<Conclusion>,
    pub(crate) started_at: Option<Time>,
    pub(crate) completed_at: Option<Time>,
    /// Planned duration in milliseconds (gated steps end when the cluster says so).
    pub(crate) duration_ms: i64,
    pub(crate) gate: Gate,
    /// This step fails (planned outcome).
    pub(crate) fails: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Annotation {
    pub(crate) path: String,
    pub(crate) line: u32,
    pub(crate) level: &'static str,
    pub(crate) title: String,
    pub(crate) message: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Job {
    pub(crate) id: u64,
    pub(crate) run_id: u64,
    pub(crate) run_attempt: u32,
    pub(crate) key: String,
    pub(crate) name: String,
    pub(crate) matrix: Option<String>,
    pub(crate) needs: Vec<String>,
    pub(crate) environment: Option<(String, Option<String>)>,
    pub(crate) status: Status,
    pub(crate) conclusion: Option<Conclusion>,
    pub(crate) created_at: Time,
    pub(crate) started_at: Option<Time>,
    pub(crate) completed_at: Option<Time>,
    pub(crate) steps: Vec<Step>,
    pub(crate) runner_name: Option<String>,
    /// Earliest time it may start (set when its needs complete, or by a wait timer/approval).
    pub(crate) ready_at: Option<Time>,
    /// Whether this job's outcome touches the simulated cluster (runs after startup do).
    pub(crate) live: bool,
    pub(crate) deployment_id: Option<u64>,
    pub(crate) annotations: Vec<Annotation>,
    /// Check-run output: title, summary, text.
    pub(crate) output: Option<(String, String, String)>,
}

#[derive(Debug, Clone)]
pub(crate) struct Run {
    pub(crate) id: u64,
    pub(crate) run_number: u64,
    pub(crate) workflow: usize,
    pub(crate) event: String,
    pub(crate) head_sha: String,
    pub(crate) head_branch: String,
    pub(crate) display_title: String,
    pub(crate) status: Status,
    pub(crate) conclusion: Option<Conclusion>,
    pub(crate) created_at: Time,
    pub(crate) updated_at: Time,
    pub(crate) run_started_at: Time,
    pub(crate) run_attempt: u32,
    pub(crate) actor: String,
    pub(crate) triggering_actor: String,
    /// A CD run follows a CI run once; remember it did.
    pub(crate) followed_up: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct DeploymentStatus {
    pub(crate) id: u64,
    pub(crate) state: String,
    pub(crate) description: String,
    pub(crate) creator: String,
    pub(crate) environment: String,
    pub(crate) log_url: String,
    pub(crate) environment_url: String,
    pub(crate) created_at: Time,
}

#[derive(Debug, Clone)]
pub(crate) struct Deployment {
    pub(crate) id: u64,
    pub(crate) sha: String,
    pub(crate) git_ref: String,
    pub(crate) task: String,
    pub(crate) environment: String,
    pub(crate) description: Option<String>,
    pub(crate) creator: String,
    pub(crate) payload: serde_json::Value,
    pub(crate) production: bool,
    pub(crate) created_at: Time,
    pub(crate) updated_at: Time,
    pub(crate) statuses: Vec<DeploymentStatus>,
}

#[derive(Debug, Clone)]
pub(crate) struct CommitStatus {
    pub(crate) id: u64,
    pub(crate) sha: String,
    pub(crate) state: String,
    pub(crate) context: String,
    pub(crate) description: String,
    pub(crate) target_url: String,
    pub(crate) created_at: Time,
}

#[derive(Debug, Clone)]
pub(crate) struct Alert {
    pub(crate) number: u64,
    pub(crate) sha: String,
    pub(crate) rule_id: String,
    pub(crate) rule_name: String,
    pub(crate) description: String,
    pub(crate) severity: &'static str,
    pub(crate) security_severity: &'static str,
    pub(crate) path: String,
    pub(crate) line: u32,
    pub(crate) state: &'static str,
    pub(crate) created_at: Time,
    pub(crate) fixed_at: Option<Time>,
}

#[derive(Debug, Clone)]
pub(crate) struct Approval {
    pub(crate) run_id: u64,
    pub(crate) environment: String,
    pub(crate) state: &'static str,
    pub(crate) user: String,
    pub(crate) comment: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Environment {
    pub(crate) id: u64,
    pub(crate) name: String,
    pub(crate) reviewers: Vec<String>,
    pub(crate) wait_timer: u32,
    /// GitHub's `prevent_self_review`: whoever triggered a run may not approve its deployment.
    pub(crate) prevent_self_review: bool,
}

impl Environment {
    /// Whether `user` may review a deployment of `run` here, and GitHub's reason when not.
    pub(crate) fn may_review(&self, user: &str, run: &Run) -> Result<(), String> {
        if !self.reviewers.iter().any(|r| r == user) {
            return Err(format!(
                "{user} is not a required reviewer of the {} environment",
                self.name
            ));
        }
        if self.prevent_self_review && run.triggering_actor == user {
            return Err(format!(
                "{user} triggered this run and the {} environment prevents self-review",
                self.name
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Artifact {
    pub(crate) id: u64,
    pub(crate) run_id: u64,
    pub(crate) name: String,
    pub(crate) size: u64,
    pub(crate) created_at: Time,
}

#[derive(Debug, Clone)]
pub(crate) struct User {
    pub(crate) id: u64,
    pub(crate) login: String,
    pub(crate) name: String,
    pub(crate) token: String,
}
