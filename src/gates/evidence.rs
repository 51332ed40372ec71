//! The evidence a source hands over for one SHA and one target environment: plain data, text kept
//! exactly as the APIs sent it (untrusted; the display forms in `report` sanitise it).
//!
//! Every piece is a [`Piece`]: absent (not there yet), present, or unreadable (with the reason), so a
//! rule can tell "wait" from "cannot tell" and never passes by default.

use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

/// One piece of evidence as far as the source could get it.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(tag = "state", content = "data", rename_all = "snake_case")]
pub enum Piece<T> {
    /// Not there yet (no run has produced it, or the source has not fetched it).
    #[default]
    Absent,
    Present(T),
    /// The source could not read it: unreachable, forbidden, or in an unexpected shape.
    Unreadable(String),
}

/// Everything the gates of one environment can look at for one commit.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Evidence {
    pub sha: String,
    /// The environment the commit would be promoted to.
    pub environment: String,
    /// Every workflow run for this SHA has completed: a check run, status or job missing now will
    /// not appear, so a rule waiting for one is `unknown` rather than `pending`.
    pub runs_finished: bool,
    /// Check runs by name (the latest per name, as `filter=latest` gives them).
    pub check_runs: BTreeMap<String, Piece<CheckRun>>,
    /// Commit statuses by context (the latest per context).
    pub statuses: BTreeMap<String, Piece<CommitStatus>>,
    /// Code-scanning alerts on the commit's ref, present once an analysis of this SHA exists.
    pub code_scanning: Piece<CodeScanning>,
    /// Jobs of this SHA's runs by name (matrix jobs as `Name (a, b)`), with their steps.
    pub jobs: BTreeMap<String, Piece<Job>>,
    /// Prometheus instant queries by query text.
    pub prometheus: BTreeMap<String, Piece<PromResult>>,
    /// `metrics.k8s.io` usage of the environment's workload pods.
    pub pod_metrics: Piece<Vec<PodUsage>>,
    /// The deployment review of the target environment (its required reviewers' decisions).
    pub review: Piece<Review>,
    /// The latest run of the compliance workflow (the weekly assessment).
    pub compliance_run: Piece<WorkflowRun>,
    /// gantry's own audit trail for the deployments that brought this SHA this far.
    pub audit_trail: Piece<AuditTrail>,
    /// How long the SHA has run healthy in the previous environment.
    pub soak: Piece<Soak>,
}

/// A check run (`check-run` in GitHub's schema); `status` and `conclusion` as GitHub spells them.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct CheckRun {
    pub name: String,
    /// queued, in_progress, completed, waiting, requested, pending.
    pub status: String,
    /// success, failure, neutral, cancelled, skipped, timed_out, action_required, stale; `None`
    /// until completed.
    pub conclusion: Option<String>,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub text: Option<String>,
    pub html_url: Option<String>,
}

/// A commit status (`status` in the combined status), e.g. `codecov/project`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct CommitStatus {
    pub context: String,
    /// error, failure, pending, success.
    pub state: String,
    pub description: Option<String>,
    pub target_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct CodeScanning {
    pub alerts: Vec<Alert>,
    /// Where the alerts are listed (the repository's code-scanning page).
    pub html_url: Option<String>,
}

/// A code-scanning alert, flattened from `rule` and `most_recent_instance`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Alert {
    pub number: u64,
    pub rule_id: String,
    /// `rule.severity`: none, note, warning, error.
    pub severity: Option<String>,
    /// `rule.security_severity_level`: low, medium, high, critical.
    pub security_severity_level: Option<String>,
    /// open, closed, dismissed, fixed.
    pub state: String,
    pub file: Option<String>,
    pub line: Option<u64>,
    pub description: Option<String>,
    pub html_url: Option<String>,
}

/// A job and its steps, as the jobs API reports them.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Job {
    pub name: String,
    pub status: String,
    pub conclusion: Option<String>,
    pub steps: Vec<JobStep>,
    pub html_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct JobStep {
    pub name: String,
    pub status: String,
    pub conclusion: Option<String>,
}

/// The answer to a Prometheus instant query (`/api/v1/query`): a scalar is one unlabelled sample.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct PromResult {
    pub samples: Vec<PromSample>,
    /// The query in Prometheus's graph page.
    pub link: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct PromSample {
    pub labels: BTreeMap<String, String>,
    pub value: f64,
}

/// One pod's usage from `metrics.k8s.io` (summed over its containers).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct PodUsage {
    pub pod: String,
    pub memory_bytes: u64,
    pub cpu_millicores: f64,
}

/// The target environment's deployment review: the decisions of its required reviewers.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Review {
    /// Decisions by required reviewers only, oldest first; empty while nobody has reviewed.
    pub decisions: Vec<Decision>,
    /// The run waiting for the review.
    pub html_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    pub user: String,
    pub approved: bool,
    pub at: Option<DateTime<Utc>>,
    pub comment: Option<String>,
}

/// A workflow run (the compliance workflow's latest).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct WorkflowRun {
    pub name: String,
    pub status: String,
    pub conclusion: Option<String>,
    pub created_at: Option<DateTime<Utc>>,
    pub html_url: Option<String>,
}

/// Whether every deployment that brought the SHA this far has its record in gantry's audit trail.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct AuditTrail {
    /// How many deployments were checked.
    pub deployments: u32,
    /// The ones without a record, described for the pane (e.g. `staging deployment 1234`).
    pub missing: Vec<String>,
}

/// When the SHA became healthy in the previous environment; `None` while it is not healthy there.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Soak {
    pub environment: String,
    pub healthy_since: Option<DateTime<Utc>>,
    pub link: Option<String>,
}
