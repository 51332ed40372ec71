//! The review source: a task that polls what waits for review across every configured repository
//! and what each environment runs (the environment board), and takes `Refresh` on its own channel.
//! It shares the GitHub client (serial requests, one meter) with the GitHub source.

mod fetch;
mod send;
mod wire;

pub use fetch::{board, pending_run, user, waiting};
pub use send::{NOT_PENDING, review};

use std::time::Duration;

use crate::config::Repo;
use crate::event::{Event, SourceEvent, Update};
use crate::sources::github::{self, Client, Etags};
use crate::sources::{SourceLink, Task};

/// What the review source can be asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Fetch now (after an approval, say).
    Refresh,
}

/// Polls every `refresh` until cancelled or the loop goes away.
pub fn task(
    client: Client,
    repos: Vec<Repo>,
    envs: Vec<String>,
    refresh: Duration,
    link: SourceLink<Command>,
) -> Task {
    let SourceLink {
        events,
        mut commands,
        cancel,
    } = link;
    let send = move |update| {
        let events = events.clone();
        async move {
            events
                .send(Event::Source(SourceEvent::Review(update)))
                .await
                .is_ok()
        }
    };
    Box::pin(async move {
        let mut etags = Etags::default();
        let mut login: Option<String> = None;
        let mut streak = github::Streak::default();
        loop {
            if !send(Update::Fetching).await {
                return;
            }
            let fetched = async {
                if login.is_none() {
                    login = Some(user(&client, &mut etags).await?);
                }
                board(&client, &repos, &envs, login.clone(), &mut etags).await
            };
            let fetched = tokio::select! {
                _ = cancel.cancelled() => return,
                r = fetched => r,
            };
            let (update, wait) = streak.settle(fetched, refresh, "review fetch");
            if !send(update).await {
                return;
            }
            tokio::select! {
                _ = cancel.cancelled() => return,
                _ = tokio::time::sleep(wait) => {}
                cmd = commands.recv() => if cmd.is_none() { return },
            }
        }
    })
}
