//! Workflow files and run actions against the embedded simulator over real HTTP: each file is
//! fetched once per (path, SHA) whatever asks for it again (the request log counts), a missing
//! file is kept as its error, cancel and rerun change the run, and read-only sends no write.

mod common;

use std::time::Duration;

use common::{SimExt, sim};
use gantry::audit::{Action, Intent, Origin, Status, Target};
use gantry::event::{Event, EventRx, SourceEvent, Update};
use gantry::model::pipeline::{FileKey, WorkflowFile, WorkflowFiles};
use gantry::model::request::{Operation, Request};
use gantry::sources::SourceLink;
use gantry::sources::act::{Audit, Executor};
use gantry::sources::github::{Client, workflow_file};
use gantry_sim::{Scenario, Server, SimHandle};
use tokio_util::sync::CancellationToken;

fn client(s: &SimHandle) -> Client {
    common::client_as(s, &s.token)
}

async fn next_files(rx: &mut EventRx) -> WorkflowFiles {
    loop {
        let ev = tokio::time::timeout(Duration::from_secs(10), rx.recv())
            .await
            .expect("an event within 10 s")
            .expect("the channel is open");
        match ev {
            Event::Source(SourceEvent::WorkflowFiles(Update::Loaded(files))) => return files,
            Event::Source(SourceEvent::WorkflowFiles(Update::Fetching)) => continue,
            other => panic!("unexpected {other:?}"),
        }
    }
}

async fn contents_gets(s: &SimHandle) -> usize {
    let log = s.admin().requests().await.unwrap();
    log.iter()
        .filter(|r| {
            r.server == Server::Github && r.method == "GET" && r.path.contains("/contents/")
        })
        .count()
}

#[tokio::test]
async fn each_workflow_file_is_fetched_once_per_sha() {
    let s = sim(Scenario::Release).await;
    let run = s.latest_run("Enterprise CI Pipeline").await;
    let key = FileKey {
        repo: "acme/shop".into(),
        path: run["path"].as_str().unwrap().into(),
        sha: run["head_sha"].as_str().unwrap().into(),
    };
    s.admin().clear_requests().await.unwrap();
    let (tx, mut rx) = gantry::event::channel();
    let (commands, rx_commands) = tokio::sync::mpsc::channel(8);
    let cancel = CancellationToken::new();
    let link = SourceLink {
        events: tx,
        commands: rx_commands,
        cancel: cancel.clone(),
    };
    let task = tokio::spawn(workflow_file::task(client(&s), link));
    commands.send(key.clone()).await.unwrap();
    let files = next_files(&mut rx).await;
    match files.get(&key) {
        Some(WorkflowFile::Parsed(w)) => {
            assert_eq!(w.name.as_deref(), Some("Enterprise CI Pipeline"));
            let build = w.job("build").expect("build");
            assert_eq!(
                build.needs,
                ["security-analysis", "code-quality", "test-suite"]
            );
        }
        other => panic!("{other:?}"),
    }
    // Asked again (a new poll, a restart of the pane): nothing more goes out. A missing file
    // is asked for after, so its answer proves the repeated keys were seen and skipped.
    commands.send(key.clone()).await.unwrap();
    commands.send(key.clone()).await.unwrap();
    let missing = FileKey {
        path: ".github/workflows/nope.yml".into(),
        ..key.clone()
    };
    commands.send(missing.clone()).await.unwrap();
    let files = next_files(&mut rx).await;
    match files.get(&missing) {
        Some(WorkflowFile::Broken(why)) => assert!(why.contains("not found"), "{why}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(contents_gets(&s).await, 2, "one GET per (path, SHA)");
    cancel.cancel();
    task.await.unwrap();
}

fn executor(s: &SimHandle, read_only: bool) -> Executor {
    common::executor_as(s, &s.token, Audit::Off, read_only)
}

fn request(action: Action, run: u64, op: Operation) -> Request {
    let target = Target {
        repo: Some("acme/shop".into()),
        run: Some(run),
        ..Target::default()
    };
    Request {
        dialog: 1,
        intent: Intent::new(action, Origin::Tui, target),
        op,
    }
}

#[tokio::test]
async fn cancel_then_rerun_all_change_the_run() {
    let s = sim(Scenario::Release).await;
    let run = s.latest_run("Enterprise CI Pipeline").await;
    let id = run["id"].as_u64().unwrap();
    assert_ne!(
        run["status"], "completed",
        "the release starts with CI running"
    );
    let repo = "acme/shop".to_string();
    let ex = executor(&s, false);
    let cancel = request(
        Action::Cancel,
        id,
        Operation::Cancel {
            repo: repo.clone(),
            run: id,
        },
    );
    let result = ex.perform(&cancel).await;
    assert_eq!(result.status, Status::Ok, "{result:?}");
    let after = s.json(&format!("/repos/acme/shop/actions/runs/{id}")).await;
    assert_eq!(after["status"], "completed");
    assert_eq!(after["conclusion"], "cancelled");
    let rerun = request(
        Action::Rerun,
        id,
        Operation::RerunAll {
            repo,
            run: id,
            debug: true,
        },
    );
    let result = ex.perform(&rerun).await;
    assert_eq!(result.status, Status::Ok, "{result:?}");
    let again = s.json(&format!("/repos/acme/shop/actions/runs/{id}")).await;
    assert_eq!(again["status"], "queued");
    assert_eq!(
        again["run_attempt"],
        after["run_attempt"].as_u64().unwrap() + 1
    );
}

#[tokio::test]
async fn read_only_sends_no_write() {
    let s = sim(Scenario::Release).await;
    let run = s.latest_run("Enterprise CI Pipeline").await;
    let id = run["id"].as_u64().unwrap();
    s.admin().clear_requests().await.unwrap();
    let ex = executor(&s, true);
    let repo = "acme/shop".to_string();
    for op in [
        Operation::Cancel {
            repo: repo.clone(),
            run: id,
        },
        Operation::RerunAll {
            repo: repo.clone(),
            run: id,
            debug: false,
        },
        Operation::Dispatch {
            repo: repo.clone(),
            workflow: "enterprise-ci.yml".into(),
            git_ref: "main".into(),
        },
    ] {
        let result = ex.perform(&request(Action::Cancel, id, op)).await;
        assert_eq!(result.status, Status::Refused);
        assert!(!result.sent);
    }
    let log = s.admin().requests().await.unwrap();
    assert!(
        log.iter().all(|r| r.method == "GET"),
        "no write in read-only mode: {log:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_json_carries_each_runs_graph() {
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
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let runs = v["runs"].as_array().unwrap();
    let ci = runs
        .iter()
        .find(|r| r["name"] == "Enterprise CI Pipeline" && !r["graph"].is_null())
        .expect("the pipeline's CI run carries its graph");
    assert_eq!(ci["path"], ".github/workflows/enterprise-ci.yml");
    let jobs = ci["graph"]["jobs"].as_array().unwrap();
    let build = jobs.iter().find(|j| j["id"] == "build").unwrap();
    assert_eq!(
        build["needs"],
        serde_json::json!(["security-analysis", "code-quality", "test-suite"])
    );
    let suite = jobs.iter().find(|j| j["id"] == "test-suite").unwrap();
    // The matrix's jobs from the API are matched to their job.
    for j in suite["jobs"].as_array().unwrap() {
        assert!(
            j["name"].as_str().unwrap().starts_with("Test Suite ("),
            "{j}"
        );
    }
}
