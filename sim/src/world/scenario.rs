//! Scenarios: the scripted timeline of pushes, schedules and reviews. History (earlier releases, a
//! rejected production deployment, weekly compliance runs with one failure) is replayed before startup;
//! the candidate is pushed at startup.

use chrono::{Duration, TimeZone, Utc};

use super::World;
use super::model::Time;
use crate::commits::{self, Commit};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scenario {
    #[default]
    Release,
    BadRelease,
}

#[derive(Debug, Clone)]
pub enum Action {
    Push(Commit),
    Schedule {
        fail: bool,
    },
    Review {
        sha: &'static str,
        state: &'static str,
        user: &'static str,
        comment: &'static str,
    },
}

#[derive(Debug, Clone)]
pub struct Scripted {
    pub at: Time,
    pub action: Action,
}

/// The scripted events from 12 days before `start` up to `start`.
pub fn timeline(_scenario: Scenario, start: Time) -> Vec<Scripted> {
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
    // Weekly compliance runs (Mondays 06:00 UTC), the earlier one failing its GDPR assessment.
    for (d, fail) in [(16u32, true), (23, false)] {
        if let Some(at) = Utc.with_ymd_and_hms(2026, 11, d, 6, 0, 0).single()
            && at < start
            && at > start - Duration::days(12)
        {
            v.push(Scripted {
                at,
                action: Action::Schedule { fail },
            });
        }
    }
    v.push(Scripted {
        at: start,
        action: Action::Push(commits::CANDIDATE),
    });
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
            Action::Schedule { fail } => {
                let sha = self.head().sha;
                let id = self.create_run(2, "schedule", sha, "main", "alice", ev.at);
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
