//! Scenarios: the scripted timeline of pushes, schedules and reviews. History (earlier releases, a
//! rejected production deployment, weekly compliance runs with one failure) is replayed before startup;
//! the candidate is pushed at startup.

use chrono::{Datelike, Duration, Weekday};

use super::World;
use super::model::{Environment, Time};
use crate::commits::{self, Commit};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scenario {
    #[default]
    Release,
    BadRelease,
    /// `release`, plus a regional release the on-call engineer dispatches at start-up, waiting for
    /// review on three environments at once (one prevents self-review, one lets them approve, one
    /// does not list them as a reviewer).
    Regions,
}

/// The environments of a scenario: the guide's three, and the regional ones for `regions`.
pub(crate) fn environments(scenario: Scenario) -> Vec<Environment> {
    let env = |id, name: &str, reviewers: &[&str], wait_timer, prevent_self_review| Environment {
        id,
        name: name.into(),
        reviewers: reviewers.iter().map(|r| r.to_string()).collect(),
        wait_timer,
        prevent_self_review,
    };
    let mut v = vec![
        env(1_800_000_101, "development", &[], 0, false),
        env(1_800_000_202, "staging", &[], 0, false),
        env(
            1_800_000_303,
            "production",
            &[super::ONCALL, "alice"],
            1,
            false,
        ),
    ];
    if scenario == Scenario::Regions {
        v.push(env(
            1_800_000_404,
            "production-eu",
            &[super::ONCALL, "alice"],
            0,
            true,
        ));
        v.push(env(
            1_800_000_505,
            "production-us",
            &[super::ONCALL, "bob"],
            0,
            false,
        ));
        v.push(env(1_800_000_606, "production-ap", &["alice"], 0, false));
    }
    v
}

#[derive(Debug, Clone)]
pub(crate) enum Action {
    Push(Commit),
    /// A Compliance Automation run on what main holds: weekly on schedule, or started by hand.
    Compliance {
        event: &'static str,
        actor: &'static str,
        fail: bool,
    },
    /// A workflow_dispatch of the workflow at this index, by `actor`.
    Dispatch {
        workflow: usize,
        actor: &'static str,
    },
    Review {
        sha: &'static str,
        state: &'static str,
        user: &'static str,
        comment: &'static str,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct Scripted {
    pub(crate) at: Time,
    pub(crate) action: Action,
}

/// The scripted events from 12 days before `start` up to `start`.
pub(crate) fn timeline(scenario: Scenario, start: Time) -> Vec<Scripted> {
    let mut v = Vec::new();
    let h = commits::HISTORY;
    let days = [10i64, 7, 4, 1];
    for (i, c) in h.iter().enumerate() {
        let push = start - Duration::days(days[i])
            + Duration::hours(11)
            + Duration::minutes(13 * i as i64);
        v.push(Scripted {
            at: push,
            action: Action::Push(*c),
        });
        let last = i + 1 == h.len();
        v.push(Scripted {
            at: push + Duration::minutes(47),
            action: Action::Review {
                sha: c.sha,
                state: if last { "rejected" } else { "approved" },
                user: if i % 2 == 0 { "alice" } else { super::ONCALL },
                comment: if last {
                    "Holding: checkout pool tuning needs a load test first"
                } else {
                    "Staging looks good, shipping"
                },
            },
        });
    }
    // Compliance Automation: started by hand the morning after the first release, when its GDPR
    // assessment failed, then weekly (Mondays 06:00 UTC) and passing. Always on a commit already
    // pushed: a run is never older than its commit.
    if let Some(first_push) = v.iter().map(|e| e.at).min() {
        v.push(Scripted {
            at: first_push + Duration::hours(20),
            action: Action::Compliance {
                event: "workflow_dispatch",
                actor: "carol",
                fail: true,
            },
        });
        let mondays = (0..=12)
            .filter_map(|d| {
                let day = (start - Duration::days(d)).date_naive();
                let at = day.and_hms_opt(6, 0, 0)?.and_utc();
                (day.weekday() == Weekday::Mon).then_some(at)
            })
            .filter(|at| *at > first_push && *at < start);
        for at in mondays {
            v.push(Scripted {
                at,
                action: Action::Compliance {
                    event: "schedule",
                    actor: "alice",
                    fail: false,
                },
            });
        }
    }
    v.push(Scripted {
        at: start,
        action: Action::Push(commits::CANDIDATE),
    });
    if scenario == Scenario::Regions {
        // Right after the push, so its three environments wait within the first minute.
        v.push(Scripted {
            at: start + Duration::seconds(1),
            action: Action::Dispatch {
                workflow: 3,
                actor: super::ONCALL,
            },
        });
    }
    v.sort_by_key(|e| e.at);
    v
}

impl World {
    pub(super) fn fire(&mut self, ev: Scripted) {
        match ev.action {
            Action::Push(c) => {
                self.pushed.push((c.sha.to_string(), ev.at));
                self.create_run(0, "push", c.sha, "main", c.author, ev.at);
            }
            Action::Compliance { event, actor, fail } => {
                let sha = self.head().sha;
                let id = self.create_run(2, event, sha, "main", actor, ev.at);
                if fail {
                    for j in self.jobs.iter_mut().filter(|j| j.run_id == id) {
                        for s in j
                            .steps
                            .iter_mut()
                            .filter(|s| s.name == "Run GDPR Assessment")
                        {
                            s.fails = true;
                        }
                    }
                }
            }
            Action::Dispatch { workflow, actor } => {
                let sha = self.head().sha;
                self.create_run(workflow, "workflow_dispatch", sha, "main", actor, ev.at);
            }
            Action::Review {
                sha,
                state,
                user,
                comment,
            } => {
                let run = self
                    .runs
                    .iter()
                    .rev()
                    .find(|r| r.workflow == 1 && r.head_sha == sha)
                    .map(|r| r.id);
                if let Some(run) = run {
                    let env = self
                        .environment("production")
                        .map(|e| e.id)
                        .unwrap_or_default();
                    // History is scripted to be valid; a refusal here would only mean an odd timeline.
                    let _ = self.review(run, user, &[env], state, comment);
                }
            }
        }
    }
}
