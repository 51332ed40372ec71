//! A job's log from the simulated GitHub through the log source: a completed job's log follows the
//! 302 to the text and arrives parsed and sanitised, once. (A running job's steps are checked at
//! the app's level in `logs_pane.rs`; the simulator starts with no job running.)

mod common;

use std::time::Duration;

use common::SimExt;
use gantry::app::logs::Logs;
use gantry::config::Secret;
use gantry::event::{Event, SourceEvent, Update};
use gantry::logs::Limits;
use gantry::model::logs::{LogEvent, LogSubject};
use gantry::sources::github::Client;
use gantry::sources::logs::{Clients, fetch_to};
use gantry_sim::{Scenario, SimHandle};

fn clients(s: &SimHandle) -> Clients {
    let client = Client::new(
        &format!("{}/", s.github_url),
        Some(Secret::new(s.token.clone())),
        Duration::from_secs(10),
    )
    .unwrap();
    Clients {
        github: Some(client),
        kube: None,
    }
}

/// The pipeline's jobs: (id, status) of every job of the newest runs.
async fn jobs(s: &SimHandle) -> Vec<(u64, String)> {
    let runs = s.json("/repos/acme/shop/actions/runs?per_page=20").await;
    let mut out = Vec::new();
    for run in runs["workflow_runs"].as_array().unwrap() {
        let id = run["id"].as_u64().unwrap();
        let jobs = s
            .json(&format!("/repos/acme/shop/actions/runs/{id}/jobs"))
            .await;
        for j in jobs["jobs"].as_array().unwrap() {
            out.push((
                j["id"].as_u64().unwrap(),
                j["status"].as_str().unwrap().to_string(),
            ));
        }
    }
    out
}

/// Runs the log source on `job` until it ends or `stop` says so; the events applied as `update` does.
async fn fetch(s: &SimHandle, job: u64, stop: impl Fn(&Logs) -> bool) -> Logs {
    let subject = LogSubject::Job {
        repo: "acme/shop".into(),
        job_id: job,
        name: job.to_string(),
    };
    let (tx, mut rx) = gantry::event::channel();
    let mut logs = Logs::default();
    logs.open(subject.clone(), Limits::default());
    let task = tokio::spawn(fetch_to(clients(s), subject, tx));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while !logs.complete && !stop(&logs) {
        let ev = tokio::time::timeout_at(deadline, rx.recv())
            .await
            .expect("timed out");
        match ev {
            Some(Event::Source(SourceEvent::Logs(Update::Loaded(LogEvent { feed, .. })))) => {
                logs.feed(feed);
            }
            Some(Event::Source(SourceEvent::Logs(Update::Failed { message, .. }))) => {
                panic!("failed: {message}")
            }
            Some(_) => {}
            None => break,
        }
    }
    task.abort();
    logs
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_completed_jobs_log_arrives_parsed_and_sanitised() {
    let s = common::sim(Scenario::Release).await;
    let (job, _) = jobs(&s)
        .await
        .into_iter()
        .find(|(_, status)| status == "completed")
        .expect("a completed job");
    let logs = fetch(&s, job, |_| false).await;
    assert!(logs.complete);
    let b = &logs.buffer;
    assert!(b.len() > 5, "{} lines", b.len());
    assert!(
        b.has_timestamps(),
        "the runner's timestamps were parsed off"
    );
    assert!(b.groups().count() > 0, "##[group] markers were parsed");
    for id in b.first()..b.end() {
        let text = b.line(id).unwrap().text();
        assert!(!text.contains('\x1b'), "line {id}: {text:?}");
        assert!(!text.starts_with("##["), "line {id}: {text:?}");
    }
}
