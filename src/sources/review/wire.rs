//! The fields of pending deployments, deployments, their statuses and comparisons that gantry reads,
//! and their conversion into the model. Text from GitHub is sanitised here, once, on arrival.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;

use crate::model::approval::{Deployed, PendingEnv, PendingRun, ShipCommit};
use crate::sanitize::clean;

#[derive(Debug, Clone, Deserialize)]
pub(super) struct WireUser {
    pub login: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct WaitingRuns {
    pub workflow_runs: Vec<WireRun>,
}

#[derive(Debug, Clone, Deserialize)]
pub(super) struct WireRun {
    pub id: u64,
    #[serde(default)]
    pub name: Option<String>,
    pub head_sha: String,
    #[serde(default)]
    pub head_branch: Option<String>,
    #[serde(default)]
    pub run_number: u64,
    #[serde(default)]
    pub display_title: String,
    #[serde(default)]
    pub html_url: String,
    #[serde(default)]
    pub triggering_actor: Option<WireUser>,
    #[serde(default)]
    pub actor: Option<WireUser>,
}

#[derive(Debug, Deserialize)]
pub(super) struct WirePending {
    environment: WireEnvRef,
    #[serde(default)]
    wait_timer: u32,
    #[serde(default)]
    wait_timer_started_at: Option<DateTime<Utc>>,
    #[serde(default)]
    current_user_can_approve: bool,
    #[serde(default)]
    reviewers: Vec<WireReviewer>,
}

#[derive(Debug, Deserialize)]
struct WireEnvRef {
    id: u64,
    #[serde(default)]
    name: String,
}

/// A reviewer is a User (`login`) or a Team (`slug`, `name`).
#[derive(Debug, Deserialize)]
struct WireReviewer {
    #[serde(default)]
    reviewer: Value,
}

impl WireReviewer {
    fn name(&self) -> Option<String> {
        let r = &self.reviewer;
        r.get("login")
            .or_else(|| r.get("slug"))
            .or_else(|| r.get("name"))
            .and_then(Value::as_str)
            .map(clean)
    }
}

/// The environments a run waits on, with whether `user` may review each and GitHub's reason if not.
pub(super) fn pending_envs(
    list: Vec<WirePending>,
    user: Option<&str>,
    triggered_by: Option<&str>,
) -> Vec<PendingEnv> {
    list.into_iter()
        .map(|p| {
            let reviewers: Vec<String> =
                p.reviewers.iter().filter_map(WireReviewer::name).collect();
            let may_review = if p.current_user_can_approve {
                Ok(())
            } else {
                Err(PendingEnv::why_not(user, &reviewers, triggered_by))
            };
            PendingEnv {
                id: p.environment.id,
                name: clean(&p.environment.name),
                wait_timer: p.wait_timer,
                since: p.wait_timer_started_at,
                reviewers,
                may_review,
            }
        })
        .collect()
}

impl WireRun {
    pub(super) fn triggered_by(&self) -> Option<String> {
        self.triggering_actor
            .as_ref()
            .or(self.actor.as_ref())
            .map(|u| clean(&u.login))
    }

    pub(super) fn into_pending(self, repo: &str, envs: Vec<PendingEnv>) -> PendingRun {
        let triggered_by = self.triggered_by();
        PendingRun {
            repo: repo.to_string(),
            run: self.id,
            workflow: clean(self.name.as_deref().unwrap_or("workflow")),
            run_number: self.run_number,
            head_sha: clean(&self.head_sha),
            head_branch: self.head_branch.as_deref().map(clean),
            title: clean(self.display_title.lines().next().unwrap_or_default()),
            triggered_by,
            html_url: clean(&self.html_url),
            envs,
        }
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct WireDeployment {
    pub id: u64,
    sha: String,
    #[serde(rename = "ref", default)]
    git_ref: String,
    #[serde(default)]
    payload: Value,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    creator: Option<WireUser>,
    created_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize)]
pub(super) struct WireStatus {
    pub state: String,
    #[serde(default)]
    environment_url: Option<String>,
    #[serde(default)]
    log_url: Option<String>,
}

impl WireDeployment {
    pub(super) fn into_model(self, status: Option<WireStatus>) -> Deployed {
        // A version or an image in the payload says more than the description.
        let version = ["version", "image", "tag"]
            .iter()
            .find_map(|k| self.payload.get(*k).and_then(Value::as_str))
            .map(str::to_string)
            .or(self.description)
            .filter(|v| !v.is_empty());
        let url = status
            .as_ref()
            .and_then(|s| s.environment_url.clone().or_else(|| s.log_url.clone()))
            .filter(|u| !u.is_empty());
        Deployed {
            id: self.id,
            sha: clean(&self.sha),
            git_ref: clean(&self.git_ref),
            version: version.as_deref().map(clean),
            creator: self.creator.map(|c| clean(&c.login)),
            created_at: self.created_at,
            state: status.map(|s| clean(&s.state)),
            url: url.as_deref().map(clean),
        }
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct Comparison {
    #[serde(default)]
    commits: Vec<WireCompareCommit>,
}

#[derive(Debug, Deserialize)]
struct WireCompareCommit {
    sha: String,
    commit: WireGitCommit,
    #[serde(default)]
    author: Option<WireUser>,
}

#[derive(Debug, Deserialize)]
struct WireGitCommit {
    #[serde(default)]
    message: String,
    #[serde(default)]
    author: Option<WireGitAuthor>,
}

#[derive(Debug, Deserialize)]
struct WireGitAuthor {
    #[serde(default)]
    name: String,
}

impl Comparison {
    pub(super) fn into_model(self) -> Vec<ShipCommit> {
        self.commits
            .into_iter()
            .map(|c| ShipCommit {
                sha: clean(&c.sha),
                author: clean(
                    &c.author
                        .map(|a| a.login)
                        .or(c.commit.author.map(|a| a.name))
                        .unwrap_or_default(),
                ),
                message: clean(c.commit.message.lines().next().unwrap_or_default()),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_deployments_say_who_may_review_and_why_not() {
        let json = serde_json::json!([
            {"environment": {"id": 1, "name": "production-eu"}, "wait_timer": 0,
             "wait_timer_started_at": "2026-11-27T03:00:00Z", "current_user_can_approve": false,
             "reviewers": [{"type": "User", "reviewer": {"login": "oncall"}}]},
            {"environment": {"id": 2, "name": "prod\u{1b}[2Jap"}, "current_user_can_approve": false,
             "reviewers": [{"type": "Team", "reviewer": {"slug": "sre", "name": "SRE"}}]},
            {"environment": {"id": 3, "name": "production-us"}, "current_user_can_approve": true,
             "reviewers": [{"type": "User", "reviewer": {"login": "oncall"}}]}
        ]);
        let list: Vec<WirePending> = serde_json::from_value(json).unwrap();
        let envs = pending_envs(list, Some("oncall"), Some("oncall"));
        assert_eq!(
            envs[0].may_review,
            Err("self-review prevented: oncall triggered this run".into())
        );
        assert!(!envs[1].name.contains('\u{1b}'), "{:?}", envs[1].name);
        assert_eq!(
            envs[1].may_review,
            Err("oncall is not a required reviewer (reviewers: sre)".into())
        );
        assert_eq!(envs[2].may_review, Ok(()));
    }
}
