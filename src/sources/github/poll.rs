//! The GitHub task: it watches every configured repository, each on its own timer, at the live rate
//! while something there still moves and at the idle rate once every run has finished.
//!
//! One task for all repositories rather than one each: the client sends one request at a time
//! whichever task asks, and GitHub's limits are per token, so one scheduler that knows every
//! repository's timer can honour a rate limit once for all of them and adds no concurrency.

use std::time::Duration;

use tokio::time::Instant;

use super::runs::{Memory, poll_snapshot};
use super::{Command, backoff};
use crate::config::Repo;
use crate::event::{Event, EventTx, SourceEvent, Update};
use crate::model::github::Snapshot;
use crate::sources::github::Client;
use crate::sources::{SourceLink, Task};

/// How often a repository is polled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Polling {
    /// While a run is queued, in progress or waiting for a human (`ui.refresh_seconds`).
    pub live: Duration,
    /// Once every run has finished (`ui.idle_refresh_seconds`): only a push can change anything.
    pub idle: Duration,
}

impl Polling {
    /// The same rate whatever the repository does.
    pub fn every(period: Duration) -> Polling {
        Polling {
            live: period,
            idle: period,
        }
    }

    /// The wait before polling a repository again, after it answered `snap`.
    pub fn after(&self, snap: &Snapshot) -> Duration {
        if snap.moving() { self.live } else { self.idle }
    }
}

/// One repository's timer and memory.
struct Watched {
    repo: Repo,
    name: String,
    memory: Memory,
    failures: u32,
    due: Instant,
    /// When its last fetch began.
    started: Option<Instant>,
}

/// Polls every repository of `repos` (when due, or all at once on `Command::Refresh`, which also
/// cuts backoffs short) until cancelled or the loop goes away, sending an update for the repository
/// before and after each attempt.
pub fn task(client: Client, repos: Vec<Repo>, polling: Polling, link: SourceLink<Command>) -> Task {
    let SourceLink {
        events,
        mut commands,
        cancel,
    } = link;
    Box::pin(async move {
        let start = Instant::now();
        let mut watched: Vec<Watched> = repos
            .into_iter()
            .map(|repo| Watched {
                name: repo.to_string(),
                repo,
                memory: Memory::default(),
                failures: 0,
                due: start,
                started: None,
            })
            .collect();
        loop {
            let round = Instant::now();
            let mut refresh = false;
            for i in 0..watched.len() {
                if watched[i].due > Instant::now() {
                    continue;
                }
                let w = &mut watched[i];
                if !send(&events, &w.name, Update::Fetching).await {
                    return;
                }
                w.started = Some(Instant::now());
                // Refresh commands that arrive during a fetch are served by this round.
                let fetched = {
                    let fetch = poll_snapshot(&client, &w.repo, &mut w.memory);
                    tokio::pin!(fetch);
                    loop {
                        tokio::select! {
                            _ = cancel.cancelled() => return,
                            r = &mut fetch => break r,
                            cmd = commands.recv() => match cmd {
                                Some(Command::Refresh) => refresh = true,
                                None => return,
                            },
                        }
                    }
                };
                let (update, wait, limited) = match fetched {
                    Ok(snap) => {
                        w.failures = 0;
                        let wait = polling.after(&snap);
                        (Update::Loaded(snap), wait, false)
                    }
                    Err(e) => {
                        w.failures = w.failures.saturating_add(1);
                        let wait = backoff(w.failures, e.retry_after);
                        tracing::warn!(repo = %w.repo, "GitHub fetch failed: {}", e.message);
                        // A rate limit is the token's, not the repository's.
                        let limited =
                            matches!(e.status, Some(403 | 429)) && e.retry_after.is_some();
                        let update = Update::Failed {
                            message: e.message,
                            retry_in: wait,
                        };
                        (update, wait, limited)
                    }
                };
                let due = Instant::now() + wait;
                w.due = due;
                if !send(&events, &w.name, update).await {
                    return;
                }
                if limited {
                    for other in &mut watched {
                        other.due = other.due.max(due);
                    }
                }
            }
            if refresh {
                due_now(&mut watched, round);
                continue;
            }
            let next = watched
                .iter()
                .map(|w| w.due)
                .min()
                .unwrap_or_else(|| Instant::now() + polling.idle);
            tokio::select! {
                _ = cancel.cancelled() => return,
                _ = tokio::time::sleep_until(next) => {}
                cmd = commands.recv() => match cmd {
                    Some(Command::Refresh) => due_now(&mut watched, Instant::now()),
                    // The loop is gone; nothing will read what we fetch.
                    None => return,
                },
            }
        }
    })
}

/// Every repository not fetched since `since` is due now.
fn due_now(watched: &mut [Watched], since: Instant) {
    let now = Instant::now();
    for w in watched {
        if w.started.is_none_or(|s| s < since) {
            w.due = now;
        }
    }
}

async fn send(events: &EventTx, repo: &str, update: Update<Snapshot>) -> bool {
    let event = SourceEvent::GithubRepo {
        repo: repo.to_string(),
        update,
    };
    events.send(Event::Source(event)).await.is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::github::{Conclusion, Run, Status};

    fn run(status: Status) -> Run {
        Run {
            id: 1,
            name: "CI".into(),
            head_sha: "a".repeat(40),
            head_branch: None,
            status,
            run_number: 1,
            event: "push".into(),
            created_at: chrono::DateTime::UNIX_EPOCH,
            display_title: String::new(),
            html_url: String::new(),
            commit: None,
            path: ".github/workflows/ci.yml".into(),
            actor: None,
        }
    }

    #[test]
    fn live_while_anything_moves_idle_once_all_finished() {
        let p = Polling {
            live: Duration::from_secs(2),
            idle: Duration::from_secs(60),
        };
        let mut snap = Snapshot::default();
        assert_eq!(p.after(&snap), p.idle, "nothing at all: idle");
        for status in [Status::Queued, Status::Running, Status::Waiting] {
            snap.runs = vec![run(status.clone())];
            assert_eq!(p.after(&snap), p.live, "{status:?}");
        }
        snap.runs = vec![run(Status::Done(Conclusion::Success))];
        assert_eq!(p.after(&snap), p.idle);
    }
}
