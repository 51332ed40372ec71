//! The few GitHub fields gantry reads, as GitHub sends them, and their conversion into the model.
//! This is where text from GitHub is sanitised: once, on arrival.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::model::github::{Commit, Job, Run, Status, Step};
use crate::sanitize::clean;

#[derive(Debug, Deserialize)]
pub(super) struct RunList {
    pub workflow_runs: Vec<WireRun>,
}

#[derive(Debug, Deserialize)]
pub(super) struct JobList {
    pub jobs: Vec<WireJob>,
}

#[derive(Debug, Deserialize)]
pub(super) struct WireRun {
    id: u64,
    #[serde(default)]
    name: Option<String>,
    head_sha: String,
    #[serde(default)]
    head_branch: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    conclusion: Option<String>,
    run_number: u64,
    #[serde(default)]
    event: String,
    created_at: DateTime<Utc>,
    #[serde(default)]
    display_title: String,
    #[serde(default)]
    html_url: String,
    #[serde(default)]
    path: String,
    #[serde(default)]
    actor: Option<WireUser>,
    #[serde(default)]
    head_commit: Option<WireCommit>,
}

#[derive(Debug, Deserialize)]
struct WireCommit {
    #[serde(default)]
    message: String,
    #[serde(default)]
    author: Option<WireAuthor>,
}

#[derive(Debug, Deserialize)]
struct WireUser {
    #[serde(default)]
    login: String,
}

#[derive(Debug, Deserialize)]
struct WireAuthor {
    #[serde(default)]
    name: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct WireJob {
    id: u64,
    run_id: u64,
    name: String,
    status: String,
    #[serde(default)]
    conclusion: Option<String>,
    #[serde(default)]
    started_at: Option<DateTime<Utc>>,
    #[serde(default)]
    completed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    steps: Vec<WireStep>,
}

#[derive(Debug, Deserialize)]
struct WireStep {
    name: String,
    status: String,
    #[serde(default)]
    conclusion: Option<String>,
    #[serde(default)]
    number: u64,
    #[serde(default)]
    started_at: Option<DateTime<Utc>>,
    #[serde(default)]
    completed_at: Option<DateTime<Utc>>,
}

fn status(status: &str, conclusion: Option<&str>) -> Status {
    Status::from_api(&clean(status), conclusion.map(clean).as_deref())
}

impl From<WireRun> for Run {
    fn from(r: WireRun) -> Run {
        Run {
            id: r.id,
            name: clean(r.name.as_deref().unwrap_or("workflow")),
            head_sha: clean(&r.head_sha),
            head_branch: r.head_branch.as_deref().map(clean),
            status: status(
                r.status.as_deref().unwrap_or("queued"),
                r.conclusion.as_deref(),
            ),
            run_number: r.run_number,
            event: clean(&r.event),
            created_at: r.created_at,
            display_title: clean(&r.display_title),
            html_url: clean(&r.html_url),
            path: clean(&r.path),
            actor: r.actor.map(|a| clean(&a.login)),
            commit: r.head_commit.map(|c| Commit {
                // The subject line is what every pane shows; the rest of a message is not kept.
                message: clean(c.message.lines().next().unwrap_or_default()),
                author: c.author.map(|a| clean(&a.name)),
            }),
        }
    }
}

impl From<WireJob> for Job {
    fn from(j: WireJob) -> Job {
        Job {
            id: j.id,
            run_id: j.run_id,
            name: clean(&j.name),
            status: status(&j.status, j.conclusion.as_deref()),
            started_at: j.started_at,
            completed_at: j.completed_at,
            steps: j.steps.into_iter().map(Step::from).collect(),
        }
    }
}

impl From<WireStep> for Step {
    fn from(s: WireStep) -> Step {
        Step {
            name: clean(&s.name),
            number: s.number,
            status: status(&s.status, s.conclusion.as_deref()),
            started_at: s.started_at,
            completed_at: s.completed_at,
        }
    }
}

/// A run from GitHub's JSON, through the same arrival path as a fetch (sanitised): for tools and tests.
pub fn run_from_json(v: serde_json::Value) -> Result<Run, serde_json::Error> {
    serde_json::from_value::<WireRun>(v).map(Run::from)
}

/// A job from GitHub's JSON, through the same arrival path as a fetch (sanitised).
pub fn job_from_json(v: serde_json::Value) -> Result<Job, serde_json::Error> {
    serde_json::from_value::<WireJob>(v).map(Job::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_sanitised_on_arrival() {
        let wire: WireJob = serde_json::from_value(serde_json::json!({
            "id": 1, "run_id": 2, "name": "build\u{1b}]0;pwned\u{7}", "status": "completed",
            "conclusion": "success",
            "steps": [{"name": "\u{1b}[2Jstep", "status": "in_progress", "number": 1}]
        }))
        .unwrap();
        let job = Job::from(wire);
        assert_eq!(job.name, "build");
        assert_eq!(job.steps[0].name, "step");
        assert_eq!(job.steps[0].status, Status::Running);
    }
}
