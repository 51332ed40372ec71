//! The GitHub source against the embedded simulator over real HTTP: snapshots, conditional
//! refetches that cost nothing, faults and recovery, the polling task, and `gantry status --json`.

mod common;

use std::time::Duration;

use common::sim;
use gantry::app::Action;
use gantry::config::{Repo, Secret};
use gantry::event::Event;
use gantry::sources::github::{self, Client, Etags, Kind, Snapshot, fetch_snapshot};
use gantry::sources::{SourceEvent, SourceLink};
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

/// (job name, status, conclusion) of the snapshot's CI run.
fn ci_jobs(snap: &Snapshot) -> Vec<(String, String, Option<String>)> {
    let (ci, _) = github::pipeline_runs(&snap.runs);
    let ci = ci.expect("a CI run for the newest commit");
    assert_eq!(ci.kind(), Some(Kind::Ci));
    snap.jobs_by_run[&ci.id]
        .iter()
        .map(|j| (j.name.clone(), j.status.clone(), j.conclusion.clone()))
        .collect()
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
    assert_eq!(second.jobs_by_run, first.jobs_by_run);
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
    let (tx, mut rx) = gantry::event::channel();
    let cancel = CancellationToken::new();
    let (_refresh, refresh_rx) = tokio::sync::watch::channel(0u64);
    let link = SourceLink {
        tx,
        cancel: cancel.clone(),
        refresh: refresh_rx,
    };
    let task = github::spawn(client(&s), repo(), Duration::from_secs(1), link);
    let ev = tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .unwrap()
        .unwrap();
    match ev {
        Event::Action(Action::Source(SourceEvent::GithubLoaded { runs, quota, .. })) => {
            assert!(!runs.is_empty());
            assert!(quota.limit > 0);
        }
        other => panic!("unexpected {other:?}"),
    }
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
async fn the_refresh_key_fetches_at_once_instead_of_waiting_for_the_timer() {
    let s = sim(Scenario::Release).await;
    let (tx, mut rx) = gantry::event::channel();
    let cancel = CancellationToken::new();
    let (refresh, refresh_rx) = tokio::sync::watch::channel(0u64);
    let link = SourceLink {
        tx,
        cancel: cancel.clone(),
        refresh: refresh_rx,
    };
    // An hour between polls: only the refresh signal can bring a second snapshot.
    let _task = github::spawn(client(&s), repo(), Duration::from_secs(3600), link);
    let first = tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .unwrap()
        .unwrap();
    assert!(matches!(
        first,
        Event::Action(Action::Source(SourceEvent::GithubLoaded { .. }))
    ));
    let before = requests(&s).await.len();
    refresh.send_modify(|n| *n += 1);
    let second = tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .unwrap()
        .unwrap();
    assert!(matches!(
        second,
        Event::Action(Action::Source(SourceEvent::GithubLoaded { .. }))
    ));
    assert!(
        requests(&s).await.len() > before,
        "the refresh fetched again"
    );
    cancel.cancel();
}
