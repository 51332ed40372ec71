//! The GitHub answers the evidence source reads, as GitHub sends them, and their conversion into the
//! gate engine's evidence types. Text is sanitised here, once, line by line (so a check run's
//! summary keeps its lines for the drill-down and the gates' patterns still match it).

use serde::Deserialize;

use crate::model::github::Run;
use crate::sources::github::run_from_json;

use crate::gates::{Alert, CheckRun, CommitStatus, Decision, Job, JobStep, WorkflowRun};
use crate::sanitize::clean;

/// Every line of `text` without control sequences; the line breaks stay.
pub fn clean_lines(text: &str) -> String {
    text.lines().map(clean).collect::<Vec<_>>().join("\n")
}

fn opt(text: Option<String>) -> Option<String> {
    text.map(|t| clean_lines(&t))
}

/// The runs list, each run read through the GitHub source's own conversion (sanitised there).
#[derive(Debug, Deserialize)]
pub struct RunList {
    pub workflow_runs: Vec<serde_json::Value>,
}

impl RunList {
    /// The runs that parse; one GitHub sends in a shape gantry does not know is left out.
    pub fn runs(self) -> Vec<Run> {
        self.workflow_runs
            .into_iter()
            .filter_map(|v| run_from_json(v).ok())
            .collect()
    }
}

pub fn workflow_run(r: &Run) -> WorkflowRun {
    WorkflowRun {
        name: r.name.clone(),
        status: r.status.api_status().to_string(),
        conclusion: r.status.api_conclusion().map(str::to_string),
        created_at: Some(r.created_at),
        html_url: Some(r.html_url.clone()),
    }
}

#[derive(Debug, Deserialize)]
pub struct CheckRunList {
    pub check_runs: Vec<WireCheckRun>,
}

#[derive(Debug, Deserialize)]
pub struct WireCheckRun {
    name: String,
    status: String,
    #[serde(default)]
    conclusion: Option<String>,
    #[serde(default)]
    output: Option<WireOutput>,
    #[serde(default)]
    html_url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct WireOutput {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

impl From<WireCheckRun> for CheckRun {
    fn from(c: WireCheckRun) -> CheckRun {
        let out = c.output.unwrap_or_default();
        CheckRun {
            name: clean(&c.name),
            status: clean(&c.status),
            conclusion: c.conclusion.as_deref().map(clean),
            title: opt(out.title),
            summary: opt(out.summary),
            text: opt(out.text),
            html_url: c.html_url.as_deref().map(clean),
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct Combined {
    pub statuses: Vec<WireStatus>,
}

#[derive(Debug, Deserialize)]
pub struct WireStatus {
    context: String,
    state: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    target_url: Option<String>,
}

impl From<WireStatus> for CommitStatus {
    fn from(s: WireStatus) -> CommitStatus {
        CommitStatus {
            context: clean(&s.context),
            state: clean(&s.state),
            description: opt(s.description),
            target_url: s.target_url.as_deref().map(clean),
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct WireAlert {
    number: u64,
    state: String,
    rule: WireRule,
    #[serde(default)]
    most_recent_instance: Option<WireInstance>,
    #[serde(default)]
    html_url: Option<String>,
}

#[derive(Debug, Deserialize)]
struct WireRule {
    id: String,
    #[serde(default)]
    severity: Option<String>,
    #[serde(default)]
    security_severity_level: Option<String>,
    #[serde(default)]
    description: Option<String>,
}

#[derive(Debug, Deserialize)]
struct WireInstance {
    #[serde(default)]
    location: Option<WireLocation>,
}

#[derive(Debug, Deserialize)]
struct WireLocation {
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    start_line: Option<u64>,
}

impl From<WireAlert> for Alert {
    fn from(a: WireAlert) -> Alert {
        let loc = a.most_recent_instance.and_then(|i| i.location);
        Alert {
            number: a.number,
            rule_id: clean(&a.rule.id),
            severity: a.rule.severity.as_deref().map(clean),
            security_severity_level: a.rule.security_severity_level.as_deref().map(clean),
            state: clean(&a.state),
            file: loc.as_ref().and_then(|l| l.path.as_deref()).map(clean),
            line: loc.and_then(|l| l.start_line),
            description: opt(a.rule.description),
            html_url: a.html_url.as_deref().map(clean),
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct JobList {
    pub jobs: Vec<WireJob>,
}

#[derive(Debug, Deserialize)]
pub struct WireJob {
    name: String,
    status: String,
    #[serde(default)]
    conclusion: Option<String>,
    #[serde(default)]
    steps: Vec<WireStep>,
    #[serde(default)]
    html_url: Option<String>,
}

#[derive(Debug, Deserialize)]
struct WireStep {
    name: String,
    status: String,
    #[serde(default)]
    conclusion: Option<String>,
}

impl From<WireJob> for Job {
    fn from(j: WireJob) -> Job {
        Job {
            name: clean(&j.name),
            status: clean(&j.status),
            conclusion: j.conclusion.as_deref().map(clean),
            steps: j
                .steps
                .into_iter()
                .map(|s| JobStep {
                    name: clean(&s.name),
                    status: clean(&s.status),
                    conclusion: s.conclusion.as_deref().map(clean),
                })
                .collect(),
            html_url: j.html_url.as_deref().map(clean),
        }
    }
}

/// One review of a run's deployments (`GET .../runs/{id}/approvals`).
#[derive(Debug, Deserialize)]
pub struct WireApproval {
    #[serde(default)]
    environments: Vec<WireEnvironment>,
    state: String,
    #[serde(default)]
    comment: Option<String>,
    user: WireUser,
}

#[derive(Debug, Deserialize)]
pub struct WireEnvironment {
    pub name: String,
}

#[derive(Debug, Deserialize)]
struct WireUser {
    login: String,
}

impl WireApproval {
    pub fn environments(&self) -> Vec<String> {
        self.environments.iter().map(|e| clean(&e.name)).collect()
    }

    pub fn to_decision(&self) -> Decision {
        Decision {
            user: clean(&self.user.login),
            approved: self.state == "approved",
            at: None,
            comment: self.comment.as_deref().map(clean),
        }
    }
}

/// A deployment of a run waiting for its reviewers (`GET .../runs/{id}/pending_deployments`).
#[derive(Debug, Deserialize)]
pub struct WirePending {
    pub environment: WireEnvironment,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_cleaned_one_by_one_and_keep_their_breaks() {
        let raw = "p95: \x1b[31m287\x1b[0m ms\nmemory: 380 MB\x1b]0;pwned\x07";
        assert_eq!(clean_lines(raw), "p95: 287 ms\nmemory: 380 MB");
    }

    #[test]
    fn a_check_run_arrives_without_control_sequences() {
        let raw = serde_json::json!({
            "name": "Perf\u{1b}[2J", "status": "completed", "conclusion": "success",
            "html_url": "https://x/\u{1b}]52;c;aGk=\u{7}",
            "output": {"title": "p95 \u{1b}[31m287 ms", "summary": "line 1\n\u{1b}]0;title\u{7}line 2", "text": null}
        });
        let c = CheckRun::from(serde_json::from_value::<WireCheckRun>(raw).unwrap());
        assert_eq!(c.name, "Perf");
        assert_eq!(c.title.as_deref(), Some("p95 287 ms"));
        assert_eq!(c.summary.as_deref(), Some("line 1\nline 2"));
        assert_eq!(c.html_url.as_deref(), Some("https://x/"));
        assert_eq!(c.text, None);
    }
}
