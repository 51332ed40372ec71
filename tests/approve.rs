//! Approving and rejecting against the simulator, through the one audited path: exactly one POST
//! carrying exactly `{environment_ids, state, comment}`; a deployment reviewed elsewhere in between,
//! a token that may not review, and read-only mode send nothing. Also what the review source reads
//! (who may review what, and why not), and `gantry approve|reject` with its exit statuses.

mod common;

use std::process::Command;

use common::{SimExt, sim};
use gantry::audit::{Action, Entry, Intent, Origin, Reader, Status, Target, Verdict};
use gantry::config::Repo;
use gantry::model::request::{Operation, Request};
use gantry::sources::act::{Audit, Executor};
use gantry::sources::github::{Client, Etags};
use gantry::sources::review;
use gantry_sim::{RequestRecord, Scenario, Server, SimHandle};
use serde_json::json;

const P: &str = "/repos/acme/shop";

fn client(s: &SimHandle, token: &str) -> Client {
    common::client_as(s, token)
}

fn executor(s: &SimHandle, token: &str, audit: Audit, read_only: bool) -> Executor {
    common::executor_as(s, token, audit, read_only)
}

fn trail(dir: &tempfile::TempDir) -> (Audit, std::path::PathBuf) {
    common::trail_in(dir)
}

fn review_req(run: u64, envs: &[(u64, &str)], approve: bool, comment: &str) -> Request {
    let envs: Vec<(u64, String)> = envs.iter().map(|(i, n)| (*i, n.to_string())).collect();
    let target = Target {
        repo: Some("acme/shop".into()),
        run: Some(run),
        ..Target::default()
    };
    let action = if approve {
        Action::Approve
    } else {
        Action::Reject
    };
    Request {
        dialog: 1,
        intent: Intent::new(action, Origin::Tui, target),
        op: Operation::Review {
            repo: "acme/shop".into(),
            run,
            environments: envs.clone(),
            approve,
            comment: String::new(),
        },
    }
    .with_choice(Some(&envs), Some(comment))
}

async fn posts(s: &SimHandle) -> Vec<RequestRecord> {
    s.admin()
        .requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.server == Server::Github && r.method == "POST")
        .collect()
}

/// The CD run waiting on production after CI (10 to 15 simulated minutes with seed 1), and the
/// production environment's id.
async fn production_waits(scenario: Scenario) -> (SimHandle, u64, u64) {
    let s = sim(scenario).await;
    s.advance(1200).await;
    let cd = s.latest_run("Enterprise CD Pipeline").await;
    assert_eq!(cd["status"], "waiting");
    let run = cd["id"].as_u64().unwrap();
    let pending = s
        .json(&format!("{P}/actions/runs/{run}/pending_deployments"))
        .await;
    let env = pending[0]["environment"]["id"].as_u64().unwrap();
    (s, run, env)
}

fn entries(path: &std::path::Path) -> Vec<Entry> {
    let reader = Reader::load(path).unwrap();
    assert_eq!(reader.report().verdict(), Verdict::Intact);
    reader
        .lines()
        .iter()
        .filter_map(|l| l.record().map(|r| r.entry.clone()))
        .collect()
}

async fn job(s: &SimHandle, run: u64, name: &str) -> serde_json::Value {
    let jobs = s
        .json(&format!("{P}/actions/runs/{run}/jobs?per_page=100"))
        .await;
    jobs["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["name"].as_str().unwrap_or_default().contains(name))
        .cloned()
        .unwrap_or_else(|| panic!("no job {name}"))
}

#[tokio::test]
async fn approve_sends_exactly_one_post_with_exactly_the_three_fields_and_production_proceeds() {
    let (s, run, env) = production_waits(Scenario::Release).await;
    let dir = tempfile::tempdir().unwrap();
    let (audit, path) = trail(&dir);
    s.admin().clear_requests().await.unwrap();
    let req = review_req(run, &[(env, "production")], true, "ship it");
    let result = executor(&s, &s.token, audit, false).perform(&req).await;
    assert_eq!(result.status, Status::Ok, "{result:?}");
    assert!(result.message.contains("approved production"), "{result:?}");
    let sent = posts(&s).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(
        sent[0].path,
        format!("{P}/actions/runs/{run}/pending_deployments")
    );
    assert_eq!(
        sent[0].body,
        Some(json!({"environment_ids": [env], "state": "approved", "comment": "ship it"}))
    );
    // The re-read came before the POST.
    let log = s.admin().requests().await.unwrap();
    let get_at = log
        .iter()
        .position(|r| r.method == "GET" && r.path.ends_with("/pending_deployments"))
        .expect("pending deployments re-read");
    let post_at = log.iter().position(|r| r.method == "POST").unwrap();
    assert!(get_at < post_at);
    let es = entries(&path);
    match &es[..] {
        [Entry::Intent(i), Entry::Outcome(o)] => {
            assert_eq!(i.comment.as_deref(), Some("ship it"));
            assert_eq!(i.params["environment_ids"], json!([env]));
            assert_eq!(o.result.status, Status::Ok);
        }
        other => panic!("{other:?}"),
    }
    // The production job leaves `waiting` (its wait timer is a minute).
    s.advance(120).await;
    let prod = job(&s, run, "Deploy to Production").await;
    assert_ne!(prod["status"], "waiting", "{prod}");
    let pending = s
        .json(&format!("{P}/actions/runs/{run}/pending_deployments"))
        .await;
    assert_eq!(pending, json!([]));
}

#[tokio::test]
async fn reject_fails_the_run() {
    let (s, run, env) = production_waits(Scenario::Release).await;
    let req = review_req(run, &[(env, "production")], false, "p95 too high");
    let result = executor(&s, &s.token, Audit::Off, false)
        .perform(&req)
        .await;
    assert_eq!(result.status, Status::Ok, "{result:?}");
    let sent = posts(&s).await;
    let last = sent.last().unwrap();
    assert_eq!(
        last.body,
        Some(json!({"environment_ids": [env], "state": "rejected", "comment": "p95 too high"}))
    );
    s.advance(60).await;
    let r = s.json(&format!("{P}/actions/runs/{run}")).await;
    assert_eq!(r["conclusion"], "failure", "{r}");
}

#[tokio::test]
async fn approved_elsewhere_in_between_sends_nothing() {
    let (s, run, env) = production_waits(Scenario::Release).await;
    // Alice approves from the web while the dialog is open.
    let alice = s.admin().token_of("alice").await.unwrap();
    let body = json!({"environment_ids": [env], "state": "approved", "comment": "lgtm"});
    let r = reqwest::Client::new()
        .post(format!(
            "{}{P}/actions/runs/{run}/pending_deployments",
            s.github_url
        ))
        .bearer_auth(alice)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    s.admin().clear_requests().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (audit, path) = trail(&dir);
    let req = review_req(run, &[(env, "production")], true, "ship it");
    let result = executor(&s, &s.token, audit, false).perform(&req).await;
    assert_eq!(result.status, Status::Refused, "{result:?}");
    assert!(!result.sent);
    assert!(result.message.contains("no longer"), "{}", result.message);
    assert!(posts(&s).await.is_empty());
    // Intent and outcome are both recorded.
    assert_eq!(entries(&path).len(), 2);
}

#[tokio::test]
async fn a_token_that_may_not_review_is_explained_and_sends_nothing() {
    let (s, run, env) = production_waits(Scenario::Release).await;
    let intern = s.admin().token_of("intern").await.unwrap();
    let c = client(&s, &intern);
    // What the board and the dialog read: not a reviewer, with the reviewers named.
    let login = review::user(&c, &mut Etags::default()).await.unwrap();
    let waiting = review::waiting(&c, "acme/shop", Some(&login), &mut Etags::default())
        .await
        .unwrap();
    let p = waiting.iter().find(|p| p.run == run).unwrap();
    let why = p.env("production").unwrap().may_review.clone().unwrap_err();
    assert!(why.contains("intern is not a required reviewer"), "{why}");
    assert!(why.contains("oncall"), "{why}");
    s.admin().clear_requests().await.unwrap();
    let req = review_req(run, &[(env, "production")], true, "please");
    let result = executor(&s, &intern, Audit::Off, false).perform(&req).await;
    assert_eq!(result.status, Status::Refused, "{result:?}");
    assert!(!result.sent);
    assert!(
        result.message.contains("may not review"),
        "{}",
        result.message
    );
    assert!(posts(&s).await.is_empty());
}

#[tokio::test]
async fn read_only_sends_no_post() {
    let (s, run, env) = production_waits(Scenario::Release).await;
    s.admin().clear_requests().await.unwrap();
    let req = review_req(run, &[(env, "production")], true, "ship it");
    let result = executor(&s, &s.token, Audit::Off, true).perform(&req).await;
    assert_eq!(result.status, Status::Refused);
    assert!(!result.sent);
    assert!(posts(&s).await.is_empty());
    assert!(s.admin().requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn one_run_waiting_on_three_environments_offers_exactly_what_github_allows() {
    let s = sim(Scenario::Regions).await;
    s.advance(1200).await;
    let c = client(&s, &s.token);
    let login = review::user(&c, &mut Etags::default()).await.unwrap();
    assert_eq!(login, "oncall");
    let waiting = review::waiting(&c, "acme/shop", Some(&login), &mut Etags::default())
        .await
        .unwrap();
    let p = waiting
        .iter()
        .find(|p| p.workflow == "Regional Release")
        .expect("the regional release waits");
    let may: Vec<(&str, Result<(), String>)> = p
        .envs
        .iter()
        .map(|e| (e.name.as_str(), e.may_review.clone()))
        .collect();
    assert_eq!(
        may,
        [
            (
                "production-eu",
                Err("self-review prevented: oncall triggered this run".to_string())
            ),
            ("production-us", Ok(())),
            (
                "production-ap",
                Err("oncall is not a required reviewer (reviewers: alice)".to_string())
            ),
        ]
    );
    // Approving what may be approved: one POST with that environment only.
    let us = p.env("production-us").unwrap().id;
    s.admin().clear_requests().await.unwrap();
    let req = review_req(p.run, &[(us, "production-us")], true, "us first");
    let result = executor(&s, &s.token, Audit::Off, false)
        .perform(&req)
        .await;
    assert_eq!(result.status, Status::Ok, "{result:?}");
    let sent = posts(&s).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].body,
        Some(json!({"environment_ids": [us], "state": "approved", "comment": "us first"}))
    );
    // Asking for the self-review one too is refused before sending.
    let eu = p.env("production-eu").unwrap().id;
    s.admin().clear_requests().await.unwrap();
    let req = review_req(p.run, &[(eu, "production-eu")], true, "eu");
    let result = executor(&s, &s.token, Audit::Off, false)
        .perform(&req)
        .await;
    assert_eq!(result.status, Status::Refused);
    assert!(result.message.contains("self-review"), "{}", result.message);
    assert!(posts(&s).await.is_empty());
}

#[tokio::test]
async fn the_board_shows_what_runs_where_and_what_would_ship() {
    let (s, run, _) = production_waits(Scenario::Release).await;
    let c = client(&s, &s.token);
    let envs: Vec<String> = ["development", "staging", "production"]
        .map(String::from)
        .to_vec();
    let repos = vec![Repo {
        owner: "acme".into(),
        name: "shop".into(),
    }];
    let board = review::board(
        &c,
        &repos,
        &envs,
        Some("oncall".into()),
        &mut Etags::default(),
    )
    .await
    .unwrap();
    let names: Vec<&str> = board.envs.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["development", "staging", "production"]);
    let prod = &board.envs[2];
    assert_eq!(prod.pending_run, Some(run));
    let deployed = prod
        .deployed
        .as_ref()
        .expect("production has run something");
    assert_eq!(deployed.state.as_deref(), Some("success"));
    let ships = prod.ships.as_ref().expect("compared");
    assert!(!ships.is_empty(), "{prod:?}");
    assert!(
        ships
            .iter()
            .all(|c| !c.message.is_empty() && !c.author.is_empty())
    );
    assert_eq!(board.pending.len(), 1);
}

fn gantry(s: &SimHandle, state: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gantry"))
        .arg("--config")
        .arg(&s.config)
        .args(args)
        .env("GANTRY_STATE_DIR", state)
        .env_remove("GH_TOKEN")
        .env_remove("GITHUB_TOKEN")
        .env_remove("GANTRY_CONFIG")
        .output()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_approve_yes_sends_one_post_and_the_trail_verifies() {
    let (s, run, env) = production_waits(Scenario::Release).await;
    let dir = tempfile::tempdir().unwrap();
    let run_s = run.to_string();
    let args = [
        "approve",
        "--repo",
        "acme/shop",
        "--run",
        &run_s,
        "--env",
        "production",
        "--comment",
        "ship it",
        "--yes",
    ];
    // Read-only first: non-zero, nothing sent at all.
    s.admin().clear_requests().await.unwrap();
    let mut ro = vec!["--read-only"];
    ro.extend(args);
    let out = tokio::task::block_in_place(|| gantry(&s, dir.path(), &ro));
    assert_eq!(out.status.code(), Some(5), "{out:?}");
    assert!(posts(&s).await.is_empty());
    // Then for real: exactly one POST.
    let out = tokio::task::block_in_place(|| gantry(&s, dir.path(), &args));
    assert!(out.status.success(), "{out:?}");
    let sent = posts(&s).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(
        sent[0].body,
        Some(json!({"environment_ids": [env], "state": "approved", "comment": "ship it"}))
    );
    // Again: no longer pending, exit 3, nothing more sent.
    let out = tokio::task::block_in_place(|| gantry(&s, dir.path(), &args));
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    assert_eq!(posts(&s).await.len(), 1, "the second approve sent nothing");
    // The trail verifies, and names what happened.
    let trail = dir.path().join("audit.jsonl");
    let out = Command::new(env!("CARGO_BIN_EXE_gantry"))
        .args(["audit", "verify"])
        .arg(&trail)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let es = entries(&trail);
    assert_eq!(es.len(), 6, "three intents, three outcomes: {es:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_not_a_reviewer_exits_4() {
    let (s, run, _) = production_waits(Scenario::Regions).await;
    let _ = run;
    let c = client(&s, &s.token);
    let waiting = review::waiting(&c, "acme/shop", Some("oncall"), &mut Etags::default())
        .await
        .unwrap();
    let p = waiting
        .iter()
        .find(|p| p.workflow == "Regional Release")
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let run_s = p.run.to_string();
    s.admin().clear_requests().await.unwrap();
    let out = tokio::task::block_in_place(|| {
        gantry(
            &s,
            dir.path(),
            &[
                "approve",
                "--repo",
                "acme/shop",
                "--run",
                &run_s,
                "--env",
                "production-ap",
                "--comment",
                "x",
                "--yes",
            ],
        )
    });
    assert_eq!(out.status.code(), Some(4), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not a required reviewer"), "{err}");
    assert!(posts(&s).await.is_empty());
}
