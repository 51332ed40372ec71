//! Our own serde models of the few GitHub fields gantry reads. Statuses stay strings: GitHub adds
//! values (`requested`, `pending`) that a closed enum would fail to deserialize (octocrab's does).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    pub id: u64,
    #[serde(default)]
    pub name: Option<String>,
    pub head_sha: String,
    #[serde(default)]
    pub head_branch: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub conclusion: Option<String>,
    pub run_number: u64,
    #[serde(default)]
    pub event: String,
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    pub display_title: String,
    #[serde(default)]
    pub html_url: String,
    #[serde(default)]
    pub head_commit: Option<HeadCommit>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeadCommit {
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub author: Option<GitUser>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GitUser {
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    pub id: u64,
    pub run_id: u64,
    pub name: String,
    pub status: String,
    #[serde(default)]
    pub conclusion: Option<String>,
    #[serde(default)]
    pub started_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub completed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub name: String,
    pub status: String,
    #[serde(default)]
    pub conclusion: Option<String>,
    #[serde(default)]
    pub number: u64,
    #[serde(default)]
    pub started_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub completed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize)]
pub(super) struct RunList {
    pub workflow_runs: Vec<Run>,
}

#[derive(Debug, Deserialize)]
pub(super) struct JobList {
    pub jobs: Vec<Job>,
}

/// Which half of the pipeline a workflow is, from its name ("Enterprise CI Pipeline").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ci,
    Cd,
}

impl Run {
    /// CI or CD by a whole word of the workflow name; other workflows (compliance) are neither.
    pub fn kind(&self) -> Option<Kind> {
        let name = self.name.as_deref().unwrap_or_default();
        let words: Vec<&str> = name.split(|c: char| !c.is_ascii_alphanumeric()).collect();
        if words.iter().any(|w| w.eq_ignore_ascii_case("cd")) {
            Some(Kind::Cd)
        } else if words.iter().any(|w| w.eq_ignore_ascii_case("ci")) {
            Some(Kind::Ci)
        } else {
            None
        }
    }
}

/// The newest CI and CD runs of the newest commit, from runs listed newest first.
pub fn pipeline_runs(runs: &[Run]) -> (Option<&Run>, Option<&Run>) {
    let Some(head) = runs.iter().max_by_key(|r| r.created_at) else {
        return (None, None);
    };
    let of_head = |kind| {
        runs.iter()
            .filter(|r| r.head_sha == head.head_sha && r.kind() == Some(kind))
            .max_by_key(|r| (r.created_at, r.id))
    };
    (of_head(Kind::Ci), of_head(Kind::Cd))
}
