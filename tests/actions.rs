//! The one audited path for actions, against the simulator: the intent is on disk before the request,
//! exactly one request goes out, the outcome follows; read-only and a broken trail send nothing.

mod common;

use common::{SimExt, sim};
use gantry::audit::{Action, ActionResult, Entry, Intent, Origin, Reader, Status, Target, Verdict};
use gantry::model::request::{Operation, Request};
use gantry::sources::act::{Audit, Executor};
use gantry_sim::{RequestRecord, Scenario, Server, SimHandle};

fn executor(s: &SimHandle, audit: Audit, read_only: bool) -> Executor {
    common::executor_as(s, &s.token, audit, read_only)
}

fn trail(dir: &tempfile::TempDir) -> (Audit, std::path::PathBuf) {
    common::trail_in(dir)
}

fn rerun(run: u64) -> Request {
    let target = Target {
        repo: Some("acme/shop".into()),
        run: Some(run),
        ..Target::default()
    };
    Request {
        dialog: 1,
        intent: Intent::new(Action::Rerun, Origin::Tui, target).param("failed_only", true),
        op: Operation::RerunFailed {
            repo: "acme/shop".into(),
            run,
            debug: false,
        },
    }
}

/// A run with the given conclusion, from the simulator's history.
async fn run_id(s: &SimHandle, conclusion: &str) -> u64 {
    let runs = s.json("/repos/acme/shop/actions/runs?per_page=100").await;
    runs["workflow_runs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["conclusion"] == conclusion)
        .and_then(|r| r["id"].as_u64())
        .unwrap_or_else(|| panic!("a run that ended in {conclusion}"))
}

async fn posts(s: &SimHandle) -> Vec<RequestRecord> {
    let log = s.admin().requests().await.unwrap();
    log.into_iter()
        .filter(|r| r.server == Server::Github && r.method == "POST")
        .collect()
}

/// The trail's records, oldest first, after checking the chain.
fn records(path: &std::path::Path) -> Vec<Entry> {
    let reader = Reader::load(path).unwrap();
    assert_eq!(reader.report().verdict(), Verdict::Intact);
    reader
        .lines()
        .iter()
        .filter_map(|l| l.record().map(|r| r.entry.clone()))
        .collect()
}

#[tokio::test]
async fn a_confirmed_rerun_is_recorded_then_sent_exactly_once() {
    let s = sim(Scenario::Release).await;
    let dir = tempfile::tempdir().unwrap();
    let (audit, path) = trail(&dir);
    let failed = run_id(&s, "failure").await;
    s.admin().clear_requests().await.unwrap();
    let result = executor(&s, audit, false).perform(&rerun(failed)).await;
    assert_eq!(result.status, Status::Ok, "{result:?}");
    assert_eq!(result.http, Some(201));
    let posts = posts(&s).await;
    assert_eq!(posts.len(), 1, "{posts:?}");
    assert_eq!(
        posts[0].path,
        format!("/repos/acme/shop/actions/runs/{failed}/rerun-failed-jobs")
    );
    assert_eq!(
        posts[0].body,
        Some(serde_json::json!({"enable_debug_logging": false}))
    );
    let entries = records(&path);
    assert!(
        matches!(&entries[..], [Entry::Intent(_), Entry::Outcome(_)]),
        "{entries:?}"
    );
    if let Entry::Outcome(o) = &entries[1] {
        assert_eq!(
            o.result,
            ActionResult::ok(Some(201), result.message.clone())
        );
    }
    // The run is queued again.
    let run = s
        .json(&format!("/repos/acme/shop/actions/runs/{failed}"))
        .await;
    assert_eq!(run["status"], "queued");
}

#[tokio::test]
async fn github_refusing_is_recorded_as_refused() {
    let s = sim(Scenario::Release).await;
    let dir = tempfile::tempdir().unwrap();
    let (audit, path) = trail(&dir);
    let fine = run_id(&s, "success").await;
    let result = executor(&s, audit, false).perform(&rerun(fine)).await;
    assert_eq!(result.status, Status::Refused);
    assert_eq!(result.http, Some(403));
    assert!(
        result.message.contains("no failed jobs"),
        "{}",
        result.message
    );
    let entries = records(&path);
    match &entries[..] {
        [Entry::Intent(_), Entry::Outcome(o)] => assert_eq!(o.result.status, Status::Refused),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn read_only_sends_nothing_and_records_the_refusal() {
    let s = sim(Scenario::Release).await;
    let dir = tempfile::tempdir().unwrap();
    let (audit, path) = trail(&dir);
    let failed = run_id(&s, "failure").await;
    s.admin().clear_requests().await.unwrap();
    let result = executor(&s, audit, true).perform(&rerun(failed)).await;
    assert_eq!(result.status, Status::Refused);
    assert!(!result.sent);
    assert!(posts(&s).await.is_empty(), "no POST in read-only mode");
    match &records(&path)[..] {
        [Entry::Intent(_), Entry::Outcome(o)] => {
            assert!(!o.result.sent);
            assert!(o.result.message.contains("read-only"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_audit_trail_that_cannot_be_written_sends_nothing() {
    let s = sim(Scenario::Release).await;
    let failed = run_id(&s, "failure").await;
    s.admin().clear_requests().await.unwrap();
    // Opened fine, then its directory became a file: the intent cannot be written.
    let dir = tempfile::tempdir().unwrap();
    let (audit, path) = trail(&dir);
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    let result = executor(&s, audit, false).perform(&rerun(failed)).await;
    assert_eq!(result.status, Status::Failed);
    assert!(!result.sent);
    assert!(
        result.message.contains("nothing was sent"),
        "{}",
        result.message
    );
    // A trail that could not be opened at all refuses every action.
    let broken = Audit::Broken("permission denied".into());
    let result = executor(&s, broken, false).perform(&rerun(failed)).await;
    assert_eq!(result.status, Status::Refused);
    assert!(posts(&s).await.is_empty());
}
