//! Adaptive polling against the simulator over real HTTP: what cannot change is not asked for again,
//! and once nothing moves the polls are free 304s.

mod common;

use std::time::Duration;

use common::sim;
use gantry::config::{Repo, Secret};
use gantry::event::{Event, EventRx, SourceEvent, Update};
use gantry::model::github::{Snapshot, Status};
use gantry::sources::SourceLink;
use gantry::sources::github::{self, Client, Memory, Polling, poll_snapshot};
use gantry_sim::{RequestRecord, Scenario, Server, SimHandle};
use tokio_util::sync::CancellationToken;

fn client(s: &SimHandle) -> Client {
    Client::new(
        &format!("{}/", s.github_url),
        Some(Secret::new(s.token.clone())),
        Duration::from_secs(10),
    )
    .unwrap()
}

fn repo() -> Repo {
    Repo::parse("acme/shop").unwrap()
}

async fn requests(s: &SimHandle) -> Vec<RequestRecord> {
    let log = s.admin().requests().await.unwrap();
    log.into_iter()
        .filter(|r| r.server == Server::Github)
        .collect()
}

/// Advances the simulator a minute at a time until the pipeline's CI run has completed.
async fn until_ci_done(s: &SimHandle, c: &Client, memory: &mut Memory) -> (Snapshot, u64) {
    for _ in 0..120 {
        let snap = poll_snapshot(c, &repo(), memory).await.unwrap();
        if let (Some(ci), _) = snap.pipeline() {
            if matches!(ci.status, Status::Done(_)) {
                let id = ci.id;
                return (snap, id);
            }
        }
        s.admin().advance(60.0).await.unwrap();
    }
    panic!("CI never completed in two simulated hours");
}

#[tokio::test]
async fn a_completed_runs_jobs_are_never_fetched_again() {
    let s = sim(Scenario::Release).await;
    let c = client(&s);
    let mut memory = Memory::default();
    let (done, ci) = until_ci_done(&s, &c, &mut memory).await;
    assert!(
        memory.finished_runs().any(|id| id == ci),
        "CI's final jobs are kept"
    );
    s.admin().clear_requests().await.unwrap();
    // Time moves on (the CD run progresses), and the CI run's jobs are not asked for again.
    for _ in 0..3 {
        s.admin().advance(30.0).await.unwrap();
        let snap = poll_snapshot(&c, &repo(), &mut memory).await.unwrap();
        assert_eq!(snap.jobs.get(&ci), done.jobs.get(&ci), "kept as they were");
    }
    let log = requests(&s).await;
    let ci_jobs = format!("/actions/runs/{ci}/jobs");
    assert!(!log.is_empty());
    assert!(
        log.iter().all(|r| !r.path.ends_with(&ci_jobs)),
        "{:#?}",
        log.iter().map(|r| &r.path).collect::<Vec<_>>()
    );
    assert!(
        log.iter()
            .all(|r| r.conditional || r.path.contains("/jobs"))
    );
}

/// The task's events until `n` snapshots arrived.
async fn loaded(rx: &mut EventRx, n: usize) -> Vec<Snapshot> {
    let mut out = Vec::new();
    while out.len() < n {
        let ev = tokio::time::timeout(Duration::from_secs(10), rx.recv())
            .await
            .expect("an event within 10 s")
            .expect("the channel is open");
        match ev {
            Event::Source(SourceEvent::GithubRepo {
                update: Update::Loaded(snap),
                ..
            }) => out.push(snap),
            Event::Source(SourceEvent::GithubRepo {
                update: Update::Fetching,
                ..
            }) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    out
}

fn start(s: &SimHandle, polling: Polling) -> (EventRx, CancellationToken) {
    let (tx, rx) = gantry::event::channel();
    let (_commands_tx, commands) = tokio::sync::mpsc::channel(8);
    let cancel = CancellationToken::new();
    let link = SourceLink {
        events: tx,
        commands,
        cancel: cancel.clone(),
    };
    // The command sender lives as long as the task: dropping it would end the task.
    let task = github::task(client(s), vec![repo()], polling, link);
    tokio::spawn(async move {
        let _keep = _commands_tx;
        task.await
    });
    (rx, cancel)
}

#[tokio::test]
async fn idle_after_ci_finished_polls_cost_nothing() {
    let s = sim(Scenario::Release).await;
    // Bring CI to its end with a throwaway poller; the clock stays paused from here on.
    until_ci_done(&s, &client(&s), &mut Memory::default()).await;
    // Polling as fast as the live rate could ever be: a minute of 4 s polls in 1.5 s.
    let fast = Duration::from_millis(100);
    let (mut rx, cancel) = start(&s, Polling::every(fast));
    loaded(&mut rx, 1).await;
    s.admin().clear_requests().await.unwrap();
    let snaps = loaded(&mut rx, 15).await;
    cancel.cancel();
    let log = requests(&s).await;
    assert!(log.len() >= 15, "{} requests", log.len());
    let charged: Vec<_> = log.iter().filter(|r| r.charged).collect();
    assert!(charged.is_empty(), "{charged:#?}");
    assert!(log.iter().all(|r| r.conditional && r.status == 304));
    assert!(snaps.windows(2).all(|w| w[0].runs == w[1].runs));
}

#[tokio::test]
async fn a_finished_repository_is_polled_at_the_idle_rate() {
    let s = sim(Scenario::Release).await;
    let (mut rx, cancel) = start(
        &s,
        Polling {
            live: Duration::from_millis(50),
            idle: Duration::from_secs(3600),
        },
    );
    let first = loaded(&mut rx, 1).await.remove(0);
    // The release is under way at startup: live polling follows.
    assert!(first.moving());
    loaded(&mut rx, 3).await;
    cancel.cancel();
    // Now a repository where nothing moves: one poll, then an hour's wait.
    let mut quiet = first.clone();
    quiet.runs.retain(|r| !r.status.active());
    quiet.jobs.clear();
    let p = Polling {
        live: Duration::from_millis(50),
        idle: Duration::from_secs(3600),
    };
    assert!(!quiet.moving());
    assert_eq!(p.after(&quiet), p.idle);
}
