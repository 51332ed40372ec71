//! Deployment reviews and the environment board, as plain data: which runs wait for whom, what each
//! environment runs, and what a promotion would ship. Text in here was sanitised on arrival.

use chrono::{DateTime, TimeDelta, Utc};

/// GitHub fails a job that waits for review after 30 days.
pub const REVIEW_TIMEOUT_DAYS: i64 = 30;

/// A run waiting for review on one or more environments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingRun {
    pub repo: String,
    pub run: u64,
    pub workflow: String,
    pub run_number: u64,
    pub head_sha: String,
    pub head_branch: Option<String>,
    /// The head commit's first line.
    pub title: String,
    /// Who triggered the run (prevent_self_review stops them approving).
    pub triggered_by: Option<String>,
    pub html_url: String,
    pub envs: Vec<PendingEnv>,
}

/// One environment a run waits on, and whether the token's user may review it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingEnv {
    pub id: u64,
    pub name: String,
    /// Minutes GitHub holds the job after approval (`wait_timer`).
    pub wait_timer: u32,
    /// Since when the job waits here (GitHub's `wait_timer_started_at`).
    pub since: Option<DateTime<Utc>>,
    pub reviewers: Vec<String>,
    /// `Ok` when the token's user may approve or reject; else GitHub's reason, in words.
    pub may_review: Result<(), String>,
}

impl PendingEnv {
    /// GitHub's reason for `current_user_can_approve = false`, in words: not a reviewer, or a
    /// reviewer who triggered the run where self-review is prevented.
    pub fn why_not(user: Option<&str>, reviewers: &[String], triggered_by: Option<&str>) -> String {
        let listed = if reviewers.is_empty() {
            "none listed".to_string()
        } else {
            reviewers.join(", ")
        };
        match user {
            Some(u) if reviewers.iter().any(|r| r == u) && triggered_by == Some(u) => {
                format!("self-review prevented: {u} triggered this run")
            }
            Some(u) if reviewers.iter().any(|r| r == u) => {
                "GitHub says you may not review it".to_string()
            }
            Some(u) => format!("{u} is not a required reviewer (reviewers: {listed})"),
            None => format!("not a required reviewer (reviewers: {listed})"),
        }
    }
}

impl PendingRun {
    /// Since when the run waits: its earliest environment's start.
    pub fn since(&self) -> Option<DateTime<Utc>> {
        self.envs.iter().filter_map(|e| e.since).min()
    }

    /// When GitHub fails the waiting job (30 days after it started waiting).
    pub fn fails_at(&self) -> Option<DateTime<Utc>> {
        self.since()
            .map(|s| s + TimeDelta::days(REVIEW_TIMEOUT_DAYS))
    }

    pub fn short_sha(&self) -> &str {
        self.head_sha.get(..7).unwrap_or(&self.head_sha)
    }

    /// Whether the token's user may review at least one of its environments.
    pub fn reviewable(&self) -> bool {
        self.envs.iter().any(|e| e.may_review.is_ok())
    }

    pub fn env(&self, name: &str) -> Option<&PendingEnv> {
        self.envs.iter().find(|e| e.name == name)
    }
}

/// The newest deployment to an environment and its latest status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deployed {
    pub id: u64,
    pub sha: String,
    pub git_ref: String,
    /// The payload's version or image when the deployment carries one, else its description.
    pub version: Option<String>,
    pub creator: Option<String>,
    pub created_at: DateTime<Utc>,
    /// GitHub's deployment status word (success, failure, in_progress, ...), `None` before any.
    pub state: Option<String>,
    pub url: Option<String>,
}

impl Deployed {
    pub fn short_sha(&self) -> &str {
        self.sha.get(..7).unwrap_or(&self.sha)
    }
}

/// A commit a promotion would ship.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipCommit {
    pub sha: String,
    pub author: String,
    pub message: String,
}

/// One environment of the board, in promotion order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvRow {
    pub repo: String,
    pub name: String,
    pub deployed: Option<Deployed>,
    /// The run waiting to deploy here, by id (see `Board::pending`).
    pub pending_run: Option<u64>,
    /// The commits between what runs here and the candidate, oldest first (`None`: not compared).
    pub ships: Option<Vec<ShipCommit>>,
}

/// Everything the environment board, the approval dialog and the waiting list read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Board {
    /// The token's GitHub login.
    pub user: Option<String>,
    pub envs: Vec<EnvRow>,
    /// Runs waiting for review across every configured repository.
    pub pending: Vec<PendingRun>,
}

impl Board {
    pub fn run(&self, repo: &str, run: u64) -> Option<&PendingRun> {
        self.pending.iter().find(|p| p.repo == repo && p.run == run)
    }

    /// The run waiting to deploy to this row's environment.
    pub fn pending_for(&self, row: &EnvRow) -> Option<&PendingRun> {
        row.pending_run.and_then(|id| self.run(&row.repo, id))
    }

    /// What a promotion of `run` would ship to the environment it waits on (the first with a
    /// comparison).
    pub fn ships_for(&self, run: &PendingRun) -> Option<&[ShipCommit]> {
        self.envs
            .iter()
            .filter(|r| r.repo == run.repo && r.pending_run == Some(run.run))
            .find_map(|r| r.ships.as_deref())
    }
}

/// Something that waits for a human, from any source: the Waiting screen lists them oldest first.
/// The rollout source adds paused canaries with `WaitKind::Canary`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitItem {
    pub kind: WaitKind,
    /// Where: `owner/repo`, or a cluster context.
    pub place: String,
    /// One line: what waits ("Enterprise CD Pipeline #42 -> production").
    pub title: String,
    pub since: Option<DateTime<Utc>>,
    /// Whether the user can act on it now (approve, promote), with the reason when not.
    pub actionable: Result<(), String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaitKind {
    /// A deployment review: `a` / `x` open the approval dialog.
    Review { repo: String, run: u64 },
    /// A paused canary (rollout issue): promote or abort.
    Canary {
        context: String,
        namespace: String,
        rollout: String,
        step: Option<u32>,
    },
}

impl Board {
    /// The reviews as waiting items.
    pub fn wait_items(&self) -> Vec<WaitItem> {
        self.pending
            .iter()
            .map(|p| {
                let names: Vec<&str> = p.envs.iter().map(|e| e.name.as_str()).collect();
                WaitItem {
                    kind: WaitKind::Review {
                        repo: p.repo.clone(),
                        run: p.run,
                    },
                    place: p.repo.clone(),
                    title: format!(
                        "{} #{} {} -> {}",
                        p.workflow,
                        p.run_number,
                        p.short_sha(),
                        names.join(", ")
                    ),
                    since: p.since(),
                    actionable: if p.reviewable() {
                        Ok(())
                    } else {
                        Err(p
                            .envs
                            .iter()
                            .find_map(|e| e.may_review.clone().err())
                            .unwrap_or_default())
                    },
                }
            })
            .collect()
    }
}

/// Items from every source, oldest first (those without a start last, by title).
pub fn oldest_first(mut items: Vec<WaitItem>) -> Vec<WaitItem> {
    items.sort_by(|a, b| match (a.since, b.since) {
        (Some(x), Some(y)) => x.cmp(&y).then_with(|| a.title.cmp(&b.title)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.title.cmp(&b.title),
    });
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn item(title: &str, since: Option<i64>) -> WaitItem {
        WaitItem {
            kind: WaitKind::Review {
                repo: "a/b".into(),
                run: 1,
            },
            place: "a/b".into(),
            title: title.into(),
            since: since.map(|s| Utc.timestamp_opt(s, 0).unwrap()),
            actionable: Ok(()),
        }
    }

    #[test]
    fn waiting_items_sort_oldest_first_undated_last() {
        let got = oldest_first(vec![
            item("c", None),
            item("b", Some(200)),
            item("a", Some(100)),
        ]);
        let titles: Vec<&str> = got.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(titles, ["a", "b", "c"]);
    }

    #[test]
    fn why_not_names_github_reasons() {
        let r = vec!["oncall".to_string(), "alice".to_string()];
        assert_eq!(
            PendingEnv::why_not(Some("oncall"), &r, Some("oncall")),
            "self-review prevented: oncall triggered this run"
        );
        assert_eq!(
            PendingEnv::why_not(Some("bob"), &r, Some("oncall")),
            "bob is not a required reviewer (reviewers: oncall, alice)"
        );
    }
}
