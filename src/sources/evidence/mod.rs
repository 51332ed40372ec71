//! The evidence source: a task that gathers the candidate commit's gate evidence (check runs,
//! statuses, code-scanning alerts, job steps, reviews, the compliance run, gantry's audit trail,
//! Prometheus queries) and sends the gates' verdicts per environment. It shares the GitHub client
//! (one request at a time, one meter) and asks again only with ETags; a commit whose runs have
//! finished is never asked about again.

mod fetch;
mod prom;
mod trail;
mod wire;

pub use fetch::{Memory, Target, gather};
pub use prom::query as prometheus_query;
pub use wire::clean_lines;

use std::time::Duration;

use chrono::Utc;

use crate::event::{Event, SourceEvent, Update};
use crate::sources::github::{Client, Streak};
use crate::sources::{SourceLink, Task};

/// What the evidence source can be asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Gather now, whatever the timer or a backoff says.
    Refresh,
}

/// Gathers every `refresh` (or at once on `Command::Refresh`) until cancelled or the loop goes
/// away, sending an update before and after each attempt.
pub fn task(client: Client, target: Target, refresh: Duration, link: SourceLink<Command>) -> Task {
    let SourceLink {
        events,
        mut commands,
        cancel,
    } = link;
    let send = move |update| {
        let events = events.clone();
        async move {
            events
                .send(Event::Source(SourceEvent::Evidence(update)))
                .await
                .is_ok()
        }
    };
    Box::pin(async move {
        let mut memory = Memory::default();
        let mut streak = Streak::default();
        loop {
            if !send(Update::Fetching).await {
                return;
            }
            // Soak time and reviews are judged on GitHub's clock.
            let now = Utc::now() + client.meter().clock_offset;
            let fetch = gather(&client, &target, None, &mut memory, now);
            tokio::pin!(fetch);
            let fetched = loop {
                tokio::select! {
                    _ = cancel.cancelled() => return,
                    r = &mut fetch => break r,
                    cmd = commands.recv() => if cmd.is_none() { return },
                }
            };
            let (update, wait) = streak.settle(fetched, refresh, "gate evidence fetch");
            if !send(update).await {
                return;
            }
            tokio::select! {
                _ = cancel.cancelled() => return,
                _ = tokio::time::sleep(wait) => {}
                cmd = commands.recv() => match cmd {
                    Some(Command::Refresh) => {}
                    None => return,
                },
            }
        }
    })
}
