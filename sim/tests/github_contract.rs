//! Contract: every GitHub operation gantry uses is served at api.github.com's path, over real HTTP,
//! and each answer validates against its schema in sim/contracts/github-rest-subset.json.

mod common;

use common::{convert, sim, spec, validate};
use gantry_sim::Scenario;
use serde_json::{Value, json};

#[test]
fn nullable_conversion_accepts_null_only_where_nullable() {
    let spec = spec();
    let schema = |v: &Value| {
        validate(
            &spec,
            "get",
            "/repos/{owner}/{repo}/actions/jobs/{job_id}",
            200,
            v,
        )
    };
    let mut job = json!({
        "id": 1, "node_id": "n", "run_id": 2, "run_url": "u", "head_sha": "s", "workflow_name": null, "head_branch": null,
        "name": "Build", "url": "u", "html_url": null, "status": "queued", "conclusion": null, "started_at": "2026-11-27T03:00:00Z",
        "completed_at": null, "check_run_url": "u", "labels": [], "runner_id": null, "runner_name": null,
        "runner_group_id": null, "runner_group_name": null, "created_at": "2026-11-27T03:00:00Z"
    });
    assert_eq!(schema(&job), Ok(()));
    job["name"] = Value::Null;
    assert!(
        schema(&job).is_err(),
        "null in a non-nullable field must fail"
    );
    job["name"] = json!("Build");
    job["status"] = json!("exploded");
    assert!(schema(&job).is_err(), "enum is enforced");
    assert_eq!(
        convert(&json!({"type": "string", "nullable": true})),
        json!({"anyOf": [{"type": "string"}, {"type": "null"}]})
    );
}

async fn check(
    s: &common::TestSim,
    spec: &Value,
    method: &str,
    template: &str,
    path: &str,
    body: Option<Value>,
    status: u16,
) -> Value {
    let r = match (method, body) {
        ("get", _) => s.get(path).await,
        (_, b) => s.post(path, b.unwrap_or(json!({}))).await,
    };
    assert_eq!(r.status().as_u16(), status, "{method} {path}");
    let text = r.text().await.unwrap();
    let v: Value = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap()
    };
    if let Err(e) = validate(spec, method, template, status, &v) {
        panic!(
            "{method} {path} ({status}) does not match its schema:\n{e}\n{}",
            &text[..text.len().min(400)]
        );
    }
    v
}

#[tokio::test]
async fn every_operation_validates_against_its_schema() {
    let spec = spec();
    let s = sim(Scenario::Release).await;
    s.advance(1500).await;
    let r = "/repos/{owner}/{repo}";
    let p = "/repos/acme/shop";
    let c = |t: &str| format!("{r}{t}");

    check(&s, &spec, "get", "/rate_limit", "/rate_limit", None, 200).await;
    check(&s, &spec, "get", "/user", "/user", None, 200).await;
    let runs = check(
        &s,
        &spec,
        "get",
        &c("/actions/runs"),
        &format!("{p}/actions/runs?per_page=100"),
        None,
        200,
    )
    .await;
    let runs = runs["workflow_runs"].as_array().unwrap().clone();
    let cd = runs
        .iter()
        .find(|r| r["name"] == "Enterprise CD Pipeline" && r["status"] == "waiting")
        .unwrap()["id"]
        .as_u64()
        .unwrap();
    let ci = runs
        .iter()
        .find(|r| r["name"] == "Enterprise CI Pipeline")
        .unwrap()["id"]
        .as_u64()
        .unwrap();
    let old_cd = runs
        .iter()
        .find(|r| r["name"] == "Enterprise CD Pipeline" && r["status"] == "completed")
        .unwrap()["id"]
        .as_u64()
        .unwrap();
    let failed = runs.iter().find(|r| r["conclusion"] == "failure").unwrap()["id"]
        .as_u64()
        .unwrap();
    check(
        &s,
        &spec,
        "get",
        &c("/actions/runs/{run_id}"),
        &format!("{p}/actions/runs/{ci}"),
        None,
        200,
    )
    .await;
    let jobs = check(
        &s,
        &spec,
        "get",
        &c("/actions/runs/{run_id}/jobs"),
        &format!("{p}/actions/runs/{ci}/jobs"),
        None,
        200,
    )
    .await;
    let job = jobs["jobs"][0]["id"].as_u64().unwrap();
    check(
        &s,
        &spec,
        "get",
        &c("/actions/jobs/{job_id}"),
        &format!("{p}/actions/jobs/{job}"),
        None,
        200,
    )
    .await;
    let logs = s.get(&format!("{p}/actions/jobs/{job}/logs")).await;
    assert_eq!(logs.status(), 302);
    // The 302 has no body in the spec; what matters is where it points.
    assert!(spec["paths"]["/repos/{owner}/{repo}/actions/jobs/{job_id}/logs"]["get"]["responses"]["302"].is_object());
    assert!(
        logs.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with(&s.h.github_url)
    );
    check(
        &s,
        &spec,
        "get",
        &c("/actions/runs/{run_id}/artifacts"),
        &format!("{p}/actions/runs/{ci}/artifacts"),
        None,
        200,
    )
    .await;
    let ap = check(
        &s,
        &spec,
        "get",
        &c("/actions/runs/{run_id}/approvals"),
        &format!("{p}/actions/runs/{old_cd}/approvals"),
        None,
        200,
    )
    .await;
    assert_eq!(ap.as_array().unwrap().len(), 1);
    let pend = check(
        &s,
        &spec,
        "get",
        &c("/actions/runs/{run_id}/pending_deployments"),
        &format!("{p}/actions/runs/{cd}/pending_deployments"),
        None,
        200,
    )
    .await;
    let env_id = pend[0]["environment"]["id"].as_u64().unwrap();
    check(
        &s,
        &spec,
        "get",
        &c("/actions/workflows"),
        &format!("{p}/actions/workflows"),
        None,
        200,
    )
    .await;
    for wf in ["enterprise-ci.yml", "71000000"] {
        let one = check(
            &s,
            &spec,
            "get",
            &c("/actions/workflows/{workflow_id}"),
            &format!("{p}/actions/workflows/{wf}"),
            None,
            200,
        )
        .await;
        assert_eq!(one["name"], "Enterprise CI Pipeline");
    }
    check(
        &s,
        &spec,
        "get",
        &c("/actions/workflows/{workflow_id}/runs"),
        &format!("{p}/actions/workflows/enterprise-ci.yml/runs"),
        None,
        200,
    )
    .await;
    check(
        &s,
        &spec,
        "get",
        &c("/environments"),
        &format!("{p}/environments"),
        None,
        200,
    )
    .await;
    check(
        &s,
        &spec,
        "get",
        &c("/environments/{environment_name}"),
        &format!("{p}/environments/production"),
        None,
        200,
    )
    .await;
    let deps = check(
        &s,
        &spec,
        "get",
        &c("/deployments"),
        &format!("{p}/deployments"),
        None,
        200,
    )
    .await;
    let dep = deps[0]["id"].as_u64().unwrap();
    check(
        &s,
        &spec,
        "get",
        &c("/deployments/{deployment_id}/statuses"),
        &format!("{p}/deployments/{dep}/statuses"),
        None,
        200,
    )
    .await;
    let sha = gantry_sim::commits::CANDIDATE.sha;
    let checks = check(
        &s,
        &spec,
        "get",
        &c("/commits/{ref}/check-runs"),
        &format!("{p}/commits/{sha}/check-runs"),
        None,
        200,
    )
    .await;
    let cq = checks["check_runs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Code Quality Analysis")
        .unwrap()["id"]
        .as_u64()
        .unwrap();
    let ann = check(
        &s,
        &spec,
        "get",
        &c("/check-runs/{check_run_id}/annotations"),
        &format!("{p}/check-runs/{cq}/annotations"),
        None,
        200,
    )
    .await;
    assert!(!ann.as_array().unwrap().is_empty());
    check(
        &s,
        &spec,
        "get",
        &c("/commits/{ref}/status"),
        &format!("{p}/commits/{sha}/status"),
        None,
        200,
    )
    .await;
    check(
        &s,
        &spec,
        "get",
        &c("/code-scanning/alerts"),
        &format!("{p}/code-scanning/alerts"),
        None,
        200,
    )
    .await;
    check(
        &s,
        &spec,
        "get",
        &c("/contents/{path}"),
        &format!("{p}/contents/.github/workflows/enterprise-ci.yml"),
        None,
        200,
    )
    .await;
    check(
        &s,
        &spec,
        "get",
        &c("/contents/{path}"),
        &format!("{p}/contents/.github/workflows"),
        None,
        200,
    )
    .await;
    let base = gantry_sim::commits::production_stable().sha;
    check(
        &s,
        &spec,
        "get",
        &c("/compare/{basehead}"),
        &format!("{p}/compare/{base}...{sha}"),
        None,
        200,
    )
    .await;

    // Writes.
    let body = json!({"environment_ids": [env_id], "state": "approved", "comment": "ship it"});
    check(
        &s,
        &spec,
        "post",
        &c("/actions/runs/{run_id}/pending_deployments"),
        &format!("{p}/actions/runs/{cd}/pending_deployments"),
        Some(body),
        200,
    )
    .await;
    let d = check(
        &s,
        &spec,
        "post",
        &c("/deployments"),
        &format!("{p}/deployments"),
        Some(json!({"ref": "main", "environment": "development", "required_contexts": []})),
        201,
    )
    .await;
    let did = d["id"].as_u64().unwrap();
    check(
        &s,
        &spec,
        "post",
        &c("/deployments/{deployment_id}/statuses"),
        &format!("{p}/deployments/{did}/statuses"),
        Some(json!({"state": "success"})),
        201,
    )
    .await;
    let dispatch = s
        .post(
            &format!("{p}/actions/workflows/compliance-automation.yml/dispatches"),
            json!({"ref": "main"}),
        )
        .await;
    assert_eq!(dispatch.status(), 204);
    check(
        &s,
        &spec,
        "post",
        &c("/actions/workflows/{workflow_id}/dispatches"),
        &format!("{p}/actions/workflows/compliance-automation.yml/dispatches"),
        Some(json!({"ref": "main", "return_run_details": true})),
        200,
    )
    .await;
    check(
        &s,
        &spec,
        "post",
        &c("/actions/runs/{run_id}/cancel"),
        &format!("{p}/actions/runs/{cd}/cancel"),
        None,
        202,
    )
    .await;
    check(
        &s,
        &spec,
        "post",
        &c("/actions/runs/{run_id}/cancel"),
        &format!("{p}/actions/runs/{old_cd}/cancel"),
        None,
        409,
    )
    .await;
    check(
        &s,
        &spec,
        "post",
        &c("/actions/runs/{run_id}/rerun-failed-jobs"),
        &format!("{p}/actions/runs/{failed}/rerun-failed-jobs"),
        None,
        201,
    )
    .await;
    check(
        &s,
        &spec,
        "post",
        &c("/actions/runs/{run_id}/rerun"),
        &format!("{p}/actions/runs/{cd}/rerun"),
        None,
        201,
    )
    .await;
}
