//! The evidence source against the embedded simulator over real HTTP: the candidate's gates per
//! environment as the issue says (`release` passes all but Business until approved; `bad-release`
//! fails Security and Performance with those numbers), gantry's audit trail behind Compliance, a
//! finished commit costing nothing more (the simulator's request log), the polling task, and
//! `gantry gates` / `gantry status --json` run as binaries.

mod common;

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use common::{SimExt, sim};
use gantry::audit::{self, Actor, Intent, Origin, Trail};
use gantry::config::{self, Repo, Secret};
use gantry::event::{Event, SourceEvent, Update};
use gantry::gates::Verdict;
use gantry::model::gates::{GateBoard, Verdicts};
use gantry::sources::SourceLink;
use gantry::sources::evidence::{self, Memory, Target};
use gantry::sources::github::Client;
use gantry_sim::commits::{CANDIDATE, HISTORY};
use gantry_sim::{Scenario, SimHandle};
use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;

const P: &str = "/repos/acme/shop";

fn client(s: &SimHandle) -> Client {
    Client::new(
        &format!("{}/", s.github_url),
        Some(Secret::new(s.token.clone())),
        Duration::from_secs(10),
    )
    .unwrap()
}

fn target(audit: Option<&Path>) -> Target {
    let gates = config::load_str("config.example.toml", config::EXAMPLE)
        .unwrap()
        .gates;
    Target {
        repo: Repo::parse("acme/shop").unwrap(),
        branch: Some("main".into()),
        environments: vec!["development".into(), "staging".into(), "production".into()],
        gates,
        audit: audit.map(Path::to_path_buf),
        prometheus: None,
    }
}

/// The simulated clock's time (soak and reviews are judged on it).
fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-27T03:25:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

async fn after_ci(scenario: Scenario) -> SimHandle {
    let s = sim(scenario).await;
    s.advance(1200).await;
    assert_eq!(
        s.latest_run("Enterprise CD Pipeline").await["status"],
        "waiting"
    );
    s
}

async fn gather(s: &SimHandle, t: &Target, memory: &mut Memory) -> GateBoard {
    evidence::gather(&client(s), t, None, memory, now())
        .await
        .unwrap()
}

fn verdicts(v: &Verdicts) -> Vec<(&str, Verdict)> {
    v.reports
        .iter()
        .map(|r| (r.name.as_str(), r.verdict))
        .collect()
}

fn gate<'a>(v: &'a Verdicts, name: &str) -> &'a gantry::gates::GateReport {
    v.reports.iter().find(|g| g.name == name).unwrap()
}

#[tokio::test]
async fn bad_release_fails_security_and_performance_with_the_numbers() {
    let s = after_ci(Scenario::BadRelease).await;
    let dir = tempfile::tempdir().unwrap();
    let board = gather(
        &s,
        &target(Some(&dir.path().join("audit.jsonl"))),
        &mut Memory::default(),
    )
    .await;
    assert_eq!(board.sha.as_deref(), Some(CANDIDATE.sha));
    assert_eq!(board.waiting, ["production"]);
    let prod = board.next_environment().unwrap();
    assert_eq!(prod.environment, "production");
    use Verdict::*;
    assert_eq!(
        verdicts(prod),
        [
            ("Code Quality", Pass),
            ("Security", Fail),
            ("Performance", Fail),
            ("Compliance", Pass),
            ("Business", Pending),
        ],
        "{:#?}",
        prod.reports
    );
    let security = gate(prod, "Security").headline();
    assert!(
        security.contains("CVE-2024-53981 in requirements.txt:11"),
        "{security}"
    );
    let p95 = &gate(prod, "Performance").rules[0].display();
    assert_eq!(
        (p95.observed.as_str(), p95.detail.as_deref()),
        ("287 ms", Some("287 ms > 200 ms"))
    );
    assert!(prod.holds());
    assert_eq!(prod.failed_blocking().count(), 2);
    // The same commit in staging: no Business gate there, the same failures.
    let staging = board.get(CANDIDATE.sha, "staging").unwrap();
    assert_eq!(staging.reports.len(), 4);
}

#[tokio::test]
async fn release_waits_for_business_then_passes_once_approved_through_gantry() {
    let s = after_ci(Scenario::Release).await;
    let dir = tempfile::tempdir().unwrap();
    let trail_path = dir.path().join("audit.jsonl");
    let t = target(Some(&trail_path));
    let mut memory = Memory::default();
    let board = gather(&s, &t, &mut memory).await;
    let prod = board.next_environment().unwrap();
    use Verdict::*;
    assert_eq!(
        verdicts(prod),
        [
            ("Code Quality", Pass),
            ("Security", Pass),
            ("Performance", Pass),
            ("Compliance", Pass),
            ("Business", Pending),
        ]
    );
    let coverage = gate(prod, "Code Quality").rules[0].display();
    assert_eq!(coverage.observed, "92.4%");

    // Approved as gantry does it: the intent on disk first, then the request.
    let cd = s.latest_run("Enterprise CD Pipeline").await;
    let run = cd["id"].as_u64().unwrap();
    let trail = Trail::open(&trail_path, Actor::local(Some("oncall".into()))).unwrap();
    let target = audit::Target {
        repo: Some("acme/shop".into()),
        run: Some(run),
        environments: vec!["production".into()],
        ..Default::default()
    };
    trail
        .intent(&Intent::new(audit::Action::Approve, Origin::Tui, target))
        .unwrap();
    let pending = s
        .json(&format!("{P}/actions/runs/{run}/pending_deployments"))
        .await;
    let body = json!({"environment_ids": [pending[0]["environment"]["id"]], "state": "approved", "comment": "ship it"});
    let r = s
        .post(&format!("{P}/actions/runs/{run}/pending_deployments"), body)
        .await;
    assert_eq!(r.status(), 200);

    let board = gather(&s, &t, &mut memory).await;
    let prod = board.get(CANDIDATE.sha, "production").unwrap();
    assert!(
        prod.reports.iter().all(|g| g.verdict == Pass),
        "{:#?}",
        prod.reports
    );
    assert_eq!(
        gate(prod, "Business").rules[0].detail.as_deref(),
        Some("approved by oncall: ship it")
    );
    assert!(!prod.holds());

    // Without gantry's record of that approval (taken elsewhere), Compliance names what is missing.
    std::fs::remove_file(&trail_path).unwrap();
    let board = gather(&s, &t, &mut memory).await;
    let prod = board.get(CANDIDATE.sha, "production").unwrap();
    let compliance = gate(prod, "Compliance");
    assert_eq!(compliance.verdict, Fail);
    assert!(
        compliance
            .headline()
            .contains("no record of oncall's approval of production"),
        "{}",
        compliance.headline()
    );
}

#[tokio::test]
async fn a_finished_commit_costs_nothing_more() {
    let s = after_ci(Scenario::Release).await;
    let c = client(&s);
    let t = target(None);
    let mut memory = Memory::default();
    let old = HISTORY[HISTORY.len() - 1].sha;
    let first = evidence::gather(&c, &t, Some(old), &mut memory, now())
        .await
        .unwrap();
    let prod = first.get(old, "production").unwrap();
    assert!(prod.evidence.runs_finished);
    assert!(!prod.evidence.check_runs.is_empty());
    s.admin().clear_requests().await.unwrap();
    let second = evidence::gather(&c, &t, Some(old), &mut memory, now())
        .await
        .unwrap();
    let log = s.admin().requests().await.unwrap();
    // One conditional look at the recent runs (for the compliance run), answered 304, and nothing
    // about the commit itself.
    assert_eq!(log.len(), 1, "{log:#?}");
    assert!(
        log.iter().all(|r| r.status == 304 && !r.charged),
        "{log:#?}"
    );
    assert_eq!(first, second);
}

#[tokio::test]
async fn an_unchanged_candidate_is_asked_again_only_with_free_304s() {
    let s = after_ci(Scenario::BadRelease).await;
    let c = client(&s);
    let t = target(None);
    let mut memory = Memory::default();
    let first = evidence::gather(&c, &t, None, &mut memory, now())
        .await
        .unwrap();
    s.admin().clear_requests().await.unwrap();
    let second = evidence::gather(&c, &t, None, &mut memory, now())
        .await
        .unwrap();
    let log = s.admin().requests().await.unwrap();
    // Recent runs, the commit's runs, check runs, status, alerts, the jobs of CI and CD, the CD
    // run's approvals and pending deployments: nine looks, none charged.
    let paths: Vec<&str> = log.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(log.len(), 9, "{paths:#?}");
    assert!(
        log.iter().all(|r| r.status == 304 && !r.charged),
        "{log:#?}"
    );
    assert_eq!(first, second);
}

#[tokio::test]
async fn the_task_sends_the_board_and_refreshes_on_command() {
    let s = after_ci(Scenario::BadRelease).await;
    let (events, mut rx) = gantry::event::channel();
    let (commands, command_rx) = tokio::sync::mpsc::channel(8);
    let cancel = CancellationToken::new();
    let link = SourceLink {
        events,
        commands: command_rx,
        cancel: cancel.clone(),
    };
    let task = tokio::spawn(evidence::task(
        client(&s),
        target(None),
        Duration::from_secs(3600),
        link,
    ));
    let mut loaded = 0;
    while loaded < 2 {
        match rx.recv().await.unwrap() {
            Event::Source(SourceEvent::Evidence(Update::Loaded(board))) => {
                assert_eq!(board.sha.as_deref(), Some(CANDIDATE.sha));
                loaded += 1;
                if loaded == 1 {
                    commands.send(evidence::Command::Refresh).await.unwrap();
                }
            }
            Event::Source(SourceEvent::Evidence(Update::Fetching)) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    cancel.cancel();
    task.await.unwrap();
}

fn gantry(s: &SimHandle, state: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_gantry"))
        .args(args)
        .arg("--config")
        .arg(&s.config)
        .env_remove("GH_TOKEN")
        .env_remove("GITHUB_TOKEN")
        .env_remove("GANTRY_CONFIG")
        .env("GANTRY_STATE_DIR", state)
        .output()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gantry_gates_json_exits_non_zero_on_bad_release() {
    let s = after_ci(Scenario::BadRelease).await;
    let dir = tempfile::tempdir().unwrap();
    let out = tokio::task::block_in_place(|| gantry(&s, dir.path(), &["gates", "--json"]));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["sha"], CANDIDATE.sha);
    assert_eq!(v["environment"], "production");
    let gates: Vec<(&str, &str)> = v["gates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["name"].as_str().unwrap(), g["verdict"].as_str().unwrap()))
        .collect();
    assert_eq!(
        gates,
        [
            ("Code Quality", "pass"),
            ("Security", "fail"),
            ("Performance", "fail"),
            ("Compliance", "pass"),
            ("Business", "pending"),
        ]
    );
    assert_eq!(v["gates"][2]["rules"][0]["observed_text"], "287 ms");

    // Staging has no Business gate: still failing there. An unknown environment is an error.
    let out =
        tokio::task::block_in_place(|| gantry(&s, dir.path(), &["gates", "--env", "staging"]));
    assert_eq!(out.status.code(), Some(3));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("088844b -> staging\n"), "{text}");
    assert!(text.contains("fail     Performance\n"), "{text}");
    let out = tokio::task::block_in_place(|| gantry(&s, dir.path(), &["gates", "--env", "qa"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no environment \"qa\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_json_lists_the_five_gates_of_the_candidate() {
    let s = after_ci(Scenario::Release).await;
    let dir = tempfile::tempdir().unwrap();
    let out = tokio::task::block_in_place(|| gantry(&s, dir.path(), &["status", "--json"]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let gates = &v["gates"];
    assert_eq!(gates["sha"], CANDIDATE.sha);
    assert_eq!(gates["next_environment"], "production");
    let prod = gates["environments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["environment"] == "production")
        .unwrap();
    let names: Vec<&str> = prod["gates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Code Quality",
            "Security",
            "Performance",
            "Compliance",
            "Business"
        ]
    );
    assert_eq!(prod["gates"][0]["verdict"], "pass");
    assert_eq!(prod["gates"][0]["rules"][0]["observed_text"], "92.4%");
    assert_eq!(prod["gates"][4]["verdict"], "pending");
}
