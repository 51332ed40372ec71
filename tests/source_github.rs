//! The GitHub source against the embedded simulator over real HTTP: snapshots, conditional
//! refetches that cost nothing, faults and recovery, the polling task, and `gantry status --json`.

mod common;

use std::time::Duration;

use common::sim;
use gantry::config::{Repo, Secret};
use gantry::event::{Event, EventRx, SourceEvent, Update};
use gantry::model::github::{Kind, Snapshot};
use gantry::sources::SourceLink;
use gantry::sources::github::{self, Client, Etags, fetch_snapshot};
use gantry_sim::{FaultKind, FaultRule, RequestRecord, Scenario, Server, SimHandle};
use serde_json::Value;
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

/// (job name, status) of the snapshot's CI run.
fn ci_jobs(snap: &Snapshot) -> Vec<(String, gantry::model::github::Status)> {
    let (ci, _) = snap.pipeline();
    let ci = ci.expect("a CI run for the newest commit");
    assert_eq!(ci.kind(), Some(Kind::Ci));
    snap.jobs[&ci.id]
        .iter()
        .map(|j| (j.name.clone(), j.status.clone()))
        .collect()
}

/// The task's next snapshot, skipping the "request went out" notes before it.
async fn next_loaded(rx: &mut EventRx) -> Snapshot {
    loop {
        let ev = tokio::time::timeout(Duration::from_secs(10), rx.recv())
            .await
            .expect("an event within 10 s")
            .expect("the channel is open");
        match ev {
            Event::Source(SourceEvent::GithubRepo {
                update: Update::Loaded(snap),
                ..
            }) => return snap,
            Event::Source(SourceEvent::GithubRepo {
                update: Update::Fetching,
                ..
            }) => continue,
            other => panic!("unexpected {other:?}"),
        }
    }
}

/// The GitHub task on the simulator, polling every `every`; returns its events, its command sender
/// and its cancellation.
fn start_task(
    s: &SimHandle,
    every: Duration,
) -> (
    EventRx,
    tokio::sync::mpsc::Sender<github::Command>,
    CancellationToken,
    tokio::task::JoinHandle<()>,
) {
    let (tx, rx) = gantry::event::channel();
    let (commands_tx, commands) = tokio::sync::mpsc::channel(8);
    let cancel = CancellationToken::new();
    let link = SourceLink {
        events: tx,
        commands,
        cancel: cancel.clone(),
    };
    let polling = github::Polling::every(every);
    let task = tokio::spawn(github::task(client(s), vec![repo()], polling, link));
    (rx, commands_tx, cancel, task)
}

async fn requests(s: &SimHandle) -> Vec<RequestRecord> {
    let log = s.admin().requests().await.unwrap();
    log.into_iter()
        .filter(|r| r.server == Server::Github)
        .collect()
}

#[tokio::test]
async fn snapshot_has_ci_jobs_and_they_move_with_the_clock() {
    let s = sim(Scenario::Release).await;
    let c = client(&s);
    let mut etags = Etags::default();
    let first = fetch_snapshot(&c, &repo(), &mut etags).await.unwrap();
    assert_eq!(first.repo, "acme/shop");
    let before = ci_jobs(&first);
    assert!(!before.is_empty());
    assert!(first.quota.limit > 0 && first.quota.remaining < first.quota.limit);
    s.admin().advance(120.0).await.unwrap();
    let second = fetch_snapshot(&c, &repo(), &mut etags).await.unwrap();
    let after = ci_jobs(&second);
    assert_ne!(before, after, "two simulated minutes change some job");
}

#[tokio::test]
async fn unchanged_refetch_is_all_free_304s() {
    let s = sim(Scenario::Release).await;
    let c = client(&s);
    let mut etags = Etags::default();
    let first = fetch_snapshot(&c, &repo(), &mut etags).await.unwrap();
    assert_eq!(first.quota.not_modified, 0);
    s.admin().clear_requests().await.unwrap();
    let second = fetch_snapshot(&c, &repo(), &mut etags).await.unwrap();
    let log = requests(&s).await;
    assert!(!log.is_empty());
    for r in &log {
        assert_eq!(r.status, 304, "{r:?}");
        assert!(r.conditional, "{r:?}");
        assert!(!r.charged, "{r:?}");
    }
    assert_eq!(second.quota.not_modified as usize, log.len());
    assert_eq!(second.quota.remaining, first.quota.remaining);
    assert_eq!(second.runs, first.runs);
    assert_eq!(second.jobs, first.jobs);
}

#[tokio::test]
async fn a_502_is_an_error_then_the_next_fetch_recovers() {
    let s = sim(Scenario::Release).await;
    let c = client(&s);
    let mut etags = Etags::default();
    let fault = FaultRule::new(Server::Github, FaultKind::Status { status: 502 }).count(1);
    s.admin().add_fault(&fault).await.unwrap();
    let err = fetch_snapshot(&c, &repo(), &mut etags).await.unwrap_err();
    assert_eq!(err.status, Some(502));
    assert!(err.message.starts_with("502"), "{}", err.message);
    let ok = fetch_snapshot(&c, &repo(), &mut etags).await.unwrap();
    assert!(!ci_jobs(&ok).is_empty());
}

#[tokio::test]
async fn bad_token_and_closed_port_are_errors_in_words() {
    let s = sim(Scenario::Release).await;
    let bad = Client::new(
        &s.github_url,
        Some(Secret::new("ghp_nope")),
        Duration::from_secs(5),
    )
    .unwrap();
    let err = fetch_snapshot(&bad, &repo(), &mut Etags::default())
        .await
        .unwrap_err();
    assert_eq!(err.status, Some(401));
    assert!(err.message.contains("401"), "{}", err.message);
    assert!(!err.message.contains("ghp_nope"));
    let closed = Client::new("http://127.0.0.1:1/", None, Duration::from_secs(5)).unwrap();
    let err = fetch_snapshot(&closed, &repo(), &mut Etags::default())
        .await
        .unwrap_err();
    assert_eq!(err.message, "connection refused");
}

#[tokio::test]
async fn the_task_sends_loaded_then_stops_on_cancel() {
    let s = sim(Scenario::Release).await;
    let (mut rx, _commands, cancel, task) = start_task(&s, Duration::from_secs(1));
    let snap = next_loaded(&mut rx).await;
    assert!(!snap.runs.is_empty());
    assert!(snap.quota.limit > 0);
    cancel.cancel();
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .unwrap()
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_json_runs_the_binary_against_the_sim() {
    let s = sim(Scenario::Release).await;
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_gantry"))
        .args(["status", "--json", "--config"])
        .arg(&s.config)
        .env_remove("GH_TOKEN")
        .env_remove("GITHUB_TOKEN")
        .env_remove("GANTRY_CONFIG")
        .output()
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["repo"], "acme/shop");
    assert!(v["quota"]["limit"].as_u64().unwrap() > 0);
    let runs = v["runs"].as_array().unwrap();
    let ci = runs
        .iter()
        .find(|r| !r["jobs"].as_array().unwrap().is_empty())
        .expect("the pipeline's CI run carries its jobs");
    assert!(ci["name"].as_str().unwrap().contains("CI"));
    assert!(ci["head_sha"].as_str().unwrap().len() == 40);
    assert!(ci["jobs"][0]["status"].is_string());
}

#[test]
fn status_fails_clearly_when_github_is_unreachable() {
    let dir = tempfile::tempdir().unwrap();
    let token = dir.path().join("token");
    std::fs::write(&token, "ghp_x\n").unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[github]\napi_url = \"http://127.0.0.1:1/\"\nrepos = [\"acme/shop\"]\ntoken_file = \"{}\"\n",
            token.display()
        ),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gantry"))
        .args(["status", "--config"])
        .arg(&config)
        .env_remove("GH_TOKEN")
        .env_remove("GITHUB_TOKEN")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("connection refused"), "{stderr}");
}

#[tokio::test]
async fn the_refresh_command_fetches_at_once_instead_of_waiting_for_the_timer() {
    let s = sim(Scenario::Release).await;
    // An hour between polls: only the refresh command can bring a second snapshot.
    let (mut rx, commands, cancel, _task) = start_task(&s, Duration::from_secs(3600));
    next_loaded(&mut rx).await;
    let before = requests(&s).await.len();
    commands.send(github::Command::Refresh).await.unwrap();
    next_loaded(&mut rx).await;
    assert!(
        requests(&s).await.len() > before,
        "the refresh fetched again"
    );
    cancel.cancel();
}

#[tokio::test]
async fn the_task_ends_when_the_loop_drops_its_commands() {
    let s = sim(Scenario::Release).await;
    let (mut rx, commands, _cancel, task) = start_task(&s, Duration::from_secs(3600));
    next_loaded(&mut rx).await;
    drop(commands);
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .unwrap()
        .unwrap();
}

#[tokio::test]
async fn elapsed_times_use_the_servers_clock_from_the_date_header() {
    // A simulator started two days ago: its Date headers say so, and the snapshot measures it.
    let start = chrono::Utc::now() - chrono::TimeDelta::days(2);
    let dir = tempfile::tempdir().unwrap();
    let args = gantry_sim::SimArgs {
        start: Some(start),
        state_dir: Some(dir.path().to_path_buf()),
        ..gantry_sim::SimArgs::reproducible(Scenario::Release)
    };
    let s = gantry_sim::start(&args).await.unwrap();
    let snap = fetch_snapshot(&client(&s), &repo(), &mut Etags::default())
        .await
        .unwrap();
    let offset = snap.clock_offset.num_seconds();
    let expected = -2 * 86_400;
    assert!((offset - expected).abs() < 120, "offset {offset} s");
}
