//! What a client must be able to observe on the simulated GitHub: conditional requests and the
//! budget, the release through approval and canary, bad-release evidence, refusals, pagination,
//! logs, faults and determinism.

mod common;

use common::sim;
use gantry_sim::{FaultKind, FaultRule, Scenario, Server};
use serde_json::{Value, json};

const P: &str = "/repos/acme/shop";

#[tokio::test]
async fn etag_and_304_do_not_spend_budget() {
    let s = sim(Scenario::Release).await;
    let r = s.get(&format!("{P}/actions/runs")).await;
    assert_eq!(r.status(), 200);
    let etag = r.headers()["etag"].to_str().unwrap().to_string();
    let remaining = r.headers()["x-ratelimit-remaining"]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(remaining, "4999");
    let r2 =
        s.c.get(s.url(&format!("{P}/actions/runs")))
            .bearer_auth(&s.h.token)
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
    assert_eq!(r2.status(), 304);
    assert_eq!(
        r2.headers()["x-ratelimit-remaining"].to_str().unwrap(),
        remaining
    );
    assert!(r2.text().await.unwrap().is_empty());
    let log = s.admin().requests().await.unwrap();
    assert!(log[1].conditional);
    assert!(!log[1].charged);
    assert_eq!(log[1].status, 304);
    // A change in the world changes the etag.
    s.advance(60).await;
    let r3 =
        s.c.get(s.url(&format!("{P}/actions/runs")))
            .bearer_auth(&s.h.token)
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
    assert_eq!(r3.status(), 200);
}

#[tokio::test]
async fn unauthenticated_and_bad_tokens_get_401() {
    let s = sim(Scenario::Release).await;
    let r = s.c.get(s.url("/user")).send().await.unwrap();
    assert_eq!(r.status(), 401);
    let b: Value = r.json().await.unwrap();
    assert_eq!(b["message"], "Bad credentials");
    assert_eq!(s.get_as("/user", "ghp_nope").await.status(), 401);
    let me: Value = s.json("/user").await;
    assert_eq!(me["login"], "oncall");
}

#[tokio::test]
async fn only_acme_shop_exists_in_any_letter_case() {
    let s = sim(Scenario::Release).await;
    for path in [
        "/repos/acme/nope/actions/runs",
        "/repos/someone/shop/environments",
        "/repos/acme/nope/actions/runs/1/rerun",
        "/repos/acme/nope/contents/README.md",
    ] {
        let r = s.get(path).await;
        assert_eq!(r.status(), 404, "{path}");
        let b: Value = r.json().await.unwrap();
        assert_eq!(b["message"], "Not Found", "{path}");
    }
    assert_eq!(s.get("/repos/ACME/Shop/actions/runs").await.status(), 200);
}

#[tokio::test]
async fn pagination_follows_link_headers() {
    let s = sim(Scenario::Release).await;
    let r = s.get(&format!("{P}/actions/runs?per_page=2")).await;
    let link = r.headers()["link"].to_str().unwrap().to_string();
    assert!(link.contains("page=2>; rel=\"next\""), "{link}");
    assert!(link.contains("rel=\"last\""));
    let total = r.json::<Value>().await.unwrap()["total_count"]
        .as_u64()
        .unwrap();
    let mut seen = 0;
    let mut next = Some(s.url(&format!("{P}/actions/runs?per_page=2")));
    while let Some(u) = next.take() {
        let r = s.c.get(&u).bearer_auth(&s.h.token).send().await.unwrap();
        next = r.headers().get("link").and_then(|l| {
            l.to_str()
                .unwrap()
                .split(", ")
                .find(|p| p.ends_with("rel=\"next\""))
                .map(|p| p[1..p.find('>').unwrap()].to_string())
        });
        seen += r.json::<Value>().await.unwrap()["workflow_runs"]
            .as_array()
            .unwrap()
            .len();
    }
    assert_eq!(seen as u64, total);
}

async fn to_approval(s: &common::TestSim) -> (u64, u64) {
    s.advance(1500).await;
    let cd = s.latest_run("Enterprise CD Pipeline").await;
    assert_eq!(cd["status"], "waiting");
    assert_eq!(cd["head_sha"], gantry_sim::commits::CANDIDATE.sha);
    let id = cd["id"].as_u64().unwrap();
    let pend = s
        .json(&format!("{P}/actions/runs/{id}/pending_deployments"))
        .await;
    assert_eq!(pend[0]["environment"]["name"], "production");
    assert_eq!(pend[0]["current_user_can_approve"], true);
    (id, pend[0]["environment"]["id"].as_u64().unwrap())
}

#[tokio::test]
async fn release_waits_for_approval_then_canary_completes() {
    let s = sim(Scenario::Release).await;
    let (id, env) = to_approval(&s).await;
    // Staging was deployed on the way.
    let deps = s
        .json(&format!(
            "{P}/deployments?environment=staging&sha={}",
            gantry_sim::commits::CANDIDATE.sha
        ))
        .await;
    let st = s
        .json(&format!("{P}/deployments/{}/statuses", deps[0]["id"]))
        .await;
    let states: Vec<&str> = st
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["success", "in_progress", "queued"]);

    // A valid token that is not a reviewer is refused.
    let intern = s.admin().token_of("intern").await.unwrap();
    let p = s
        .json(&format!("{P}/actions/runs/{id}/pending_deployments"))
        .await;
    assert!(p.is_array());
    let pend_intern: Value = s
        .get_as(
            &format!("{P}/actions/runs/{id}/pending_deployments"),
            &intern,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(pend_intern[0]["current_user_can_approve"], false);
    let body = json!({"environment_ids": [env], "state": "approved", "comment": "lgtm"});
    let r = s
        .post_as(
            &format!("{P}/actions/runs/{id}/pending_deployments"),
            body.clone(),
            &intern,
        )
        .await;
    assert_eq!(r.status(), 422);

    let r = s
        .post(
            &format!("{P}/actions/runs/{id}/pending_deployments"),
            body.clone(),
        )
        .await;
    assert_eq!(r.status(), 200);
    // Reviewing again: nothing is pending any more.
    assert_eq!(
        s.post(&format!("{P}/actions/runs/{id}/pending_deployments"), body)
            .await
            .status(),
        422
    );
    // The canary watches 5% for 10 minutes, then 50% for 5, then takes all traffic.
    s.advance(600).await;
    let run = s.json(&format!("{P}/actions/runs/{id}")).await;
    assert_eq!(
        run["status"], "in_progress",
        "the canary is still being watched"
    );
    s.advance(900).await;
    let run = s.json(&format!("{P}/actions/runs/{id}")).await;
    assert_eq!(run["conclusion"], "success", "status {}", run["status"]);
    let approvals = s.json(&format!("{P}/actions/runs/{id}/approvals")).await;
    assert_eq!(approvals[0]["user"]["login"], "oncall");
    assert_eq!(approvals[0]["state"], "approved");

    let jobs = s.json(&format!("{P}/actions/runs/{id}/jobs")).await;
    let prod = jobs["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["name"] == "Deploy to Production")
        .unwrap()["id"]
        .as_u64()
        .unwrap();
    let r = s.get(&format!("{P}/actions/jobs/{prod}/logs")).await;
    assert_eq!(r.status(), 302);
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    let text = s.c.get(&loc).send().await.unwrap().text().await.unwrap();
    assert!(text.contains("Rollout shop is Healthy"));
    let first = text.lines().next().unwrap();
    assert_eq!(&first[27..29], "Z ", "runner timestamp format: {first}");
    // The link is valid for a simulated minute.
    s.advance(120).await;
    assert_eq!(s.c.get(&loc).send().await.unwrap().status(), 403);
}

#[tokio::test]
async fn logs_are_not_available_while_a_job_runs() {
    let s = sim(Scenario::Release).await;
    s.advance(30).await;
    let ci = s.latest_run("Enterprise CI Pipeline").await;
    let jobs = s.json(&format!("{P}/actions/runs/{}/jobs", ci["id"])).await;
    let running = jobs["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["status"] == "in_progress")
        .unwrap();
    assert_eq!(
        s.get(&format!("{P}/actions/jobs/{}/logs", running["id"]))
            .await
            .status(),
        404
    );
    assert!(
        running["steps"]
            .as_array()
            .unwrap()
            .iter()
            .any(|st| st["status"] == "in_progress")
    );
}

#[tokio::test]
async fn bad_release_shows_failing_evidence_and_canary_fails() {
    let s = sim(Scenario::BadRelease).await;
    let (id, env) = to_approval(&s).await;
    let alerts = s
        .json(&format!("{P}/code-scanning/alerts?state=open"))
        .await;
    assert!(
        alerts
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["rule"]["security_severity_level"] == "high")
    );
    let sha = gantry_sim::commits::CANDIDATE.sha;
    let checks = s
        .json(&format!(
            "{P}/commits/{sha}/check-runs?check_name=Performance%20Testing"
        ))
        .await;
    let summary = checks["check_runs"][0]["output"]["summary"]
        .as_str()
        .unwrap();
    assert!(summary.contains("p95 latency: 287 ms"), "{summary}");
    let r = s
        .post(
            &format!("{P}/actions/runs/{id}/pending_deployments"),
            json!({"environment_ids": [env], "state": "approved", "comment": ""}),
        )
        .await;
    assert_eq!(r.status(), 200);
    // The bad canary holds at 5% for a human; the production job waits on it.
    s.advance(1200).await;
    let run = s.json(&format!("{P}/actions/runs/{id}")).await;
    assert_eq!(run["status"], "in_progress");
    // The human aborts the canary the way the Argo plugin does; the production job then fails.
    let abort =
        s.c.patch(format!(
            "{}/apis/argoproj.io/v1alpha1/namespaces/production/rollouts/shop/status",
            s.h.kube_url
        ))
        .header("content-type", "application/merge-patch+json")
        .body(r#"{"status":{"abort":true}}"#)
        .send()
        .await
        .unwrap();
    assert!(abort.status().is_success(), "{}", abort.status());
    s.advance(120).await;
    let run = s.json(&format!("{P}/actions/runs/{id}")).await;
    assert_eq!(run["conclusion"], "failure");
}

#[tokio::test]
async fn release_has_only_low_and_medium_alerts_and_coverage_status() {
    let s = sim(Scenario::Release).await;
    s.advance(1500).await;
    let alerts = s
        .json(&format!("{P}/code-scanning/alerts?state=open"))
        .await;
    assert!(alerts.as_array().unwrap().iter().all(|a| {
        ["low", "medium"].contains(&a["rule"]["security_severity_level"].as_str().unwrap())
    }));
    let st = s
        .json(&format!(
            "{P}/commits/{}/status",
            gantry_sim::commits::CANDIDATE.sha
        ))
        .await;
    assert_eq!(st["statuses"][0]["context"], "codecov/project");
    assert_eq!(st["statuses"][0]["description"], "92.4% (+0.3%)");
}

#[tokio::test]
async fn cancel_of_a_completed_run_is_409_and_workflow_file_is_served() {
    let s = sim(Scenario::Release).await;
    let old = s
        .json(&format!("{P}/actions/runs?status=completed&per_page=1"))
        .await;
    let id = old["workflow_runs"][0]["id"].as_u64().unwrap();
    assert_eq!(
        s.post(&format!("{P}/actions/runs/{id}/cancel"), json!({}))
            .await
            .status(),
        409
    );
    let raw =
        s.c.get(s.url(&format!("{P}/contents/.github/workflows/enterprise-cd.yml")))
            .bearer_auth(&s.h.token)
            .header("accept", "application/vnd.github.raw")
            .send()
            .await
            .unwrap();
    assert!(
        raw.text()
            .await
            .unwrap()
            .starts_with("name: Enterprise CD Pipeline")
    );
}

#[tokio::test]
async fn same_seed_same_answers() {
    let a = sim(Scenario::Release).await;
    let b = sim(Scenario::Release).await;
    a.advance(900).await;
    b.advance(900).await;
    let path = format!("{P}/actions/runs?per_page=5");
    let (ra, rb) = (a.get(&path).await, b.get(&path).await);
    let (ea, eb) = (ra.headers()["etag"].clone(), rb.headers()["etag"].clone());
    let strip = |t: String, base: &str| t.replace(base, "BASE");
    let (ta, tb) = (
        strip(ra.text().await.unwrap(), &a.h.github_url),
        strip(rb.text().await.unwrap(), &b.h.github_url),
    );
    assert_eq!(ta, tb);
    assert_eq!(a.h.token, b.h.token);
    // Etags hash the body, which names the server's own address; equal only when the ports match.
    let _ = (ea, eb);
}

async fn fault(s: &common::TestSim, rule: FaultRule) {
    s.admin().clear_faults().await.unwrap();
    let echoed = s.admin().add_fault(&rule).await.unwrap();
    assert_eq!(echoed, rule);
}

fn github(kind: FaultKind) -> FaultRule {
    FaultRule::new(Server::Github, kind)
}

#[tokio::test]
async fn injected_faults_look_like_github() {
    let s = sim(Scenario::Release).await;
    let path = format!("{P}/actions/runs");
    fault(&s, github(FaultKind::Status { status: 502 }).count(1)).await;
    assert_eq!(s.get(&path).await.status(), 502);
    assert_eq!(s.get(&path).await.status(), 200);

    fault(&s, github(FaultKind::RateLimitPrimary)).await;
    let r = s.get(&path).await;
    assert_eq!(r.status(), 403);
    assert_eq!(r.headers()["x-ratelimit-remaining"], "0");
    assert!(r.headers().contains_key("x-ratelimit-reset"));
    assert!(r.text().await.unwrap().contains("API rate limit exceeded"));

    let secondary = FaultKind::RateLimitSecondary {
        retry_after: 42,
        status: Some(429),
    };
    fault(&s, github(secondary)).await;
    let r = s.get(&path).await;
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "42");
    assert!(r.text().await.unwrap().contains("secondary rate limit"));

    fault(&s, github(FaultKind::Unauthorized).path_prefix("/user")).await;
    assert_eq!(s.get("/user").await.status(), 401);
    assert_eq!(s.get(&path).await.status(), 200);

    fault(&s, github(FaultKind::Malformed)).await;
    let r = s.get(&path).await;
    assert_eq!(r.status(), 200);
    assert!(serde_json::from_str::<Value>(&r.text().await.unwrap()).is_err());

    fault(&s, github(FaultKind::Truncated)).await;
    let r = s.get(&path).await;
    assert_eq!(r.status(), 200);
    let t = r.text().await.unwrap();
    assert!(t.starts_with('{') && serde_json::from_str::<Value>(&t).is_err());

    fault(&s, github(FaultKind::Down)).await;
    assert_eq!(s.get(&path).await.status(), 503);

    fault(&s, github(FaultKind::Timeout).count(1)).await;
    let quick =
        s.h.client_builder()
            .unwrap()
            .timeout(std::time::Duration::from_millis(300))
            .build()
            .unwrap();
    let e = quick
        .get(s.url(&path))
        .bearer_auth(&s.h.token)
        .send()
        .await
        .unwrap_err();
    assert!(e.is_timeout());

    fault(&s, github(FaultKind::Latency { ms: 50 }).count(1)).await;
    assert_eq!(s.get(&path).await.status(), 200);
    assert_eq!(s.admin().faults().await.unwrap(), []);
}

#[tokio::test]
async fn a_write_without_its_required_field_is_a_422_naming_it() {
    let s = sim(Scenario::Release).await;
    for (path, field) in [
        (format!("{P}/deployments"), "ref"),
        (
            format!("{P}/actions/workflows/enterprise-cd.yml/dispatches"),
            "ref",
        ),
        (format!("{P}/deployments/1/statuses"), "state"),
    ] {
        let r = s.post(&path, json!({})).await;
        assert_eq!(r.status(), 422, "{path}");
        let b: Value = r.json().await.unwrap();
        let msg = b["message"].as_str().unwrap_or_default();
        assert!(
            msg.contains(&format!("\"{field}\" wasn't supplied")),
            "{path}: {msg}"
        );
    }
}

#[tokio::test]
async fn dispatch_of_a_workflow_without_the_trigger_is_a_422_and_starts_nothing() {
    let s = sim(Scenario::Release).await;
    let before: Value = s
        .get(&format!("{P}/actions/runs?per_page=1"))
        .await
        .json()
        .await
        .unwrap();
    let r = s
        .post(
            &format!("{P}/actions/workflows/enterprise-ci.yml/dispatches"),
            json!({"ref": "main"}),
        )
        .await;
    assert_eq!(r.status(), 422);
    let b: Value = r.json().await.unwrap();
    assert_eq!(
        b["message"],
        "Workflow does not have 'workflow_dispatch' trigger"
    );
    let after: Value = s
        .get(&format!("{P}/actions/runs?per_page=1"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(before["total_count"], after["total_count"]);
    // The workflow that has it still starts.
    let ok = s
        .post(
            &format!("{P}/actions/workflows/compliance-automation.yml/dispatches"),
            json!({"ref": "main"}),
        )
        .await;
    assert_eq!(ok.status(), 204);
}
