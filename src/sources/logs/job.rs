//! A GitHub job's log. GitHub publishes it only once the job completes, so a running job is
//! polled (conditional GETs, free when unchanged) and its steps shown; the moment it completes, its
//! log is fetched, once.

use std::time::Duration;

use super::Out;
use crate::event::Update;
use crate::model::logs::LogFeed;
use crate::sources::github::{self, Client, Etags, backoff};

/// How often a running job is looked at.
const POLL: Duration = Duration::from_secs(3);

pub(super) async fn follow(client: Client, repo: String, job_id: u64, out: Out) {
    let mut etags = Etags::default();
    let mut failures = 0u32;
    loop {
        if !out.send(Update::Fetching).await {
            return;
        }
        match github::logs::job(&client, &repo, job_id, &mut etags).await {
            Ok(job) if job.status.active() => {
                failures = 0;
                if !out.feed(LogFeed::Running(job)).await {
                    return;
                }
                tokio::time::sleep(POLL).await;
            }
            Ok(_) => break,
            Err(e) => {
                failures += 1;
                let wait = backoff(failures, e.retry_after);
                if !out.send(failed(e.message, wait)).await {
                    return;
                }
                tokio::time::sleep(wait).await;
            }
        }
    }
    failures = 0;
    loop {
        match fetch_text(&client, &repo, job_id, &out).await {
            Fetched::All | Fetched::Gone => return,
            Fetched::Cut(why) => {
                // Part of it is on screen: fetching again would repeat it.
                let note = format!("the log was cut short ({why}); reopen it to fetch it again");
                if out.feed(LogFeed::Note(note)).await {
                    out.feed(LogFeed::End).await;
                }
                return;
            }
            Fetched::Failed(e) => {
                // Not found: GitHub keeps logs for a limited time, or the job was never started.
                if e.status == Some(404) || e.status == Some(410) {
                    let note =
                        "GitHub has no log for this job (expired, deleted, or never written)";
                    if out.feed(LogFeed::Note(note.into())).await {
                        out.feed(LogFeed::End).await;
                    }
                    return;
                }
                failures += 1;
                let wait = backoff(failures, e.retry_after);
                if !out.send(failed(e.message, wait)).await {
                    return;
                }
                tokio::time::sleep(wait).await;
            }
        }
    }
}

fn failed(message: String, retry_in: Duration) -> Update<LogFeed> {
    Update::Failed { message, retry_in }
}

enum Fetched {
    All,
    /// The loop is gone.
    Gone,
    Cut(String),
    Failed(github::FetchError),
}

async fn fetch_text(client: &Client, repo: &str, job_id: u64, out: &Out) -> Fetched {
    if !out.send(Update::Fetching).await {
        return Fetched::Gone;
    }
    let mut resp = match github::logs::job_log(client, repo, job_id).await {
        Ok(r) => r,
        Err(e) => return Fetched::Failed(e),
    };
    let mut any = false;
    loop {
        match github::logs::next_chunk(&mut resp).await {
            Ok(Some(bytes)) => {
                any = true;
                if !out.feed(LogFeed::Bytes(bytes.to_vec())).await {
                    return Fetched::Gone;
                }
            }
            Ok(None) => {
                return if out.feed(LogFeed::End).await {
                    Fetched::All
                } else {
                    Fetched::Gone
                };
            }
            Err(e) if any => return Fetched::Cut(e.message),
            Err(e) => return Fetched::Failed(e),
        }
    }
}
