//! The world's state: runs, jobs, steps, deployments, statuses, check results and alerts. Kept compact;
//! `github::render` turns them into GitHub's JSON shapes.

use chrono::{DateTime, Utc};
use serde::Serialize;

pub type Time = DateTime<Utc>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Queued,
    InProgress,
    Completed,
    Waiting,
    Pending,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Queued => "queued",
            Status::InProgress => "in_progress",
            Status::Completed => "completed",
            Status::Waiting => "waiting",
            Status::Pending => "pending",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Conclusion {
    Success,
    Failure,
    Cancelled,
    Skipped,
}

impl Conclusion {
    pub fn as_str(self) -> &'static str {
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
pub enum Gate {
    None,
    StagingRollout,
    ProductionCanary,
}

#[derive(Debug, Clone)]
pub struct Step {
    pub name: String,
    pub number: u32,
    /// The `run:` script, echoed in cyan in the log.
    pub script: Option<String>,
    pub uses: Option<String>,
    pub status: Status,
    pub conclusion: Option<Conclusion>,
    pub started_at: Option<Time>,
    pub completed_at: Option<Time>,
    /// Planned duration in milliseconds (gated steps end when the cluster says so).
    pub duration_ms: i64,
    pub gate: Gate,
    /// This step fails (planned outcome).
    pub fails: bool,
}

#[derive(Debug, Clone)]
pub struct Annotation {
    pub path: String,
    pub line: u32,
    pub level: &'static str,
    pub title: String,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct Job {
    pub id: u64,
    pub run_id: u64,
    pub run_attempt: u32,
    pub key: String,
    pub name: String,
    pub matrix: Option<String>,
    pub needs: Vec<String>,
    pub environment: Option<(String, Option<String>)>,
    pub status: Status,
    pub conclusion: Option<Conclusion>,
    pub created_at: Time,
    pub started_at: Option<Time>,
    pub completed_at: Option<Time>,
    pub steps: Vec<Step>,
    pub runner_name: Option<String>,
    /// Earliest time it may start (set when its needs complete, or by a wait timer/approval).
    pub ready_at: Option<Time>,
    /// Whether this job's outcome touches the simulated cluster (runs after startup do).
    pub live: bool,
    pub deployment_id: Option<u64>,
    pub annotations: Vec<Annotation>,
    /// Check-run output: title, summary, text.
    pub output: Option<(String, String, String)>,
    pub services: bool,
}

#[derive(Debug, Clone)]
pub struct Run {
    pub id: u64,
    pub run_number: u64,
    pub workflow: usize,
    pub event: String,
    pub head_sha: String,
    pub head_branch: String,
    pub display_title: String,
    pub status: Status,
    pub conclusion: Option<Conclusion>,
    pub created_at: Time,
    pub updated_at: Time,
    pub run_started_at: Time,
    pub run_attempt: u32,
    pub actor: String,
    pub triggering_actor: String,
    /// A CD run follows a CI run once; remember it did.
    pub followed_up: bool,
}

#[derive(Debug, Clone)]
pub struct DeploymentStatus {
    pub id: u64,
    pub state: String,
    pub description: String,
    pub creator: String,
    pub environment: String,
    pub log_url: String,
    pub environment_url: String,
    pub created_at: Time,
}

#[derive(Debug, Clone)]
pub struct Deployment {
    pub id: u64,
    pub sha: String,
    pub git_ref: String,
    pub task: String,
    pub environment: String,
    pub description: Option<String>,
    pub creator: String,
    pub payload: serde_json::Value,
    pub production: bool,
    pub created_at: Time,
    pub updated_at: Time,
    pub statuses: Vec<DeploymentStatus>,
    pub run_id: Option<u64>,
}

#[derive(Debug, Clone)]
pub struct CommitStatus {
    pub id: u64,
    pub sha: String,
    pub state: String,
    pub context: String,
    pub description: String,
    pub target_url: String,
    pub created_at: Time,
}

#[derive(Debug, Clone)]
pub struct Alert {
    pub number: u64,
    pub sha: String,
    pub rule_id: String,
    pub rule_name: String,
    pub description: String,
    pub severity: &'static str,
    pub security_severity: &'static str,
    pub path: String,
    pub line: u32,
    pub state: &'static str,
    pub created_at: Time,
    pub fixed_at: Option<Time>,
}

#[derive(Debug, Clone)]
pub struct Approval {
    pub run_id: u64,
    pub environment: String,
    pub state: &'static str,
    pub user: String,
    pub comment: String,
}

#[derive(Debug, Clone)]
pub struct Environment {
    pub id: u64,
    pub name: String,
    pub reviewers: Vec<String>,
    pub wait_timer: u32,
    pub url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Artifact {
    pub id: u64,
    pub run_id: u64,
    pub name: String,
    pub size: u64,
    pub created_at: Time,
}

#[derive(Debug, Clone)]
pub struct User {
    pub id: u64,
    pub login: String,
    pub name: String,
    pub token: String,
}
