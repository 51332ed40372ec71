//! Fault rules are spent only by the requests they name.

mod common;

use common::sim;
use gantry_sim::{FaultKind, FaultRule, Scenario, Server};

const RUNS: &str = "/repos/acme/shop/actions/runs";

#[tokio::test]
async fn a_secondary_limit_with_a_prefix_is_used_only_by_matching_requests() {
    let s = sim(Scenario::Release).await;
    let runs = s.json(&format!("{RUNS}?per_page=1")).await;
    let id = runs["workflow_runs"][0]["id"].as_u64().unwrap();
    let jobs = format!("{RUNS}/{id}/jobs");
    let rule = FaultRule::new(
        Server::Github,
        FaultKind::RateLimitSecondary {
            retry_after: 30,
            status: None,
        },
    )
    .path_prefix(&jobs)
    .count(1);
    s.admin().add_fault(&rule).await.unwrap();
    // Requests elsewhere, on GitHub and on the cluster, answer normally and leave the rule alone.
    for path in ["/user", RUNS, &format!("{RUNS}/{id}"), "/rate_limit"] {
        assert_eq!(s.get(path).await.status(), 200, "{path}");
    }
    let kube =
        s.c.get(format!("{}/api/v1/namespaces/staging/pods", s.h.kube_url))
            .send()
            .await
            .unwrap();
    assert_eq!(kube.status(), 200);
    assert_eq!(
        s.admin().faults().await.unwrap(),
        std::slice::from_ref(&rule)
    );
    // The first matching request is limited, with GitHub's headers, and spends the rule.
    let r = s.get(&format!("{jobs}?per_page=100")).await;
    assert_eq!(r.status(), 403);
    assert_eq!(r.headers()["retry-after"], "30");
    assert!(s.admin().faults().await.unwrap().is_empty());
    assert_eq!(s.get(&jobs).await.status(), 200);
    let log = s.admin().requests().await.unwrap();
    let limited: Vec<_> = log.iter().filter(|r| r.status == 403).collect();
    assert_eq!(limited.len(), 1);
    assert_eq!(limited[0].path, jobs);
}

#[tokio::test]
async fn downloads_and_unauthenticated_requests_leave_a_limit_for_the_api() {
    let s = sim(Scenario::Release).await;
    let done = s.json(&format!("{RUNS}?status=completed&per_page=1")).await;
    let id = done["workflow_runs"][0]["id"].as_u64().unwrap();
    let jobs = s.json(&format!("{RUNS}/{id}/jobs")).await;
    let job = jobs["jobs"][0]["id"].as_u64().unwrap();
    let r = s
        .get(&format!("/repos/acme/shop/actions/jobs/{job}/logs"))
        .await;
    assert_eq!(r.status(), 302);
    let download = r.headers()["location"].to_str().unwrap().to_string();

    let everything = FaultRule::new(Server::Github, FaultKind::RateLimitPrimary)
        .path_prefix("/")
        .count(1);
    s.admin().add_fault(&everything).await.unwrap();
    // The signed storage URL is not the API: no limit there, and the rule stays.
    assert_eq!(s.c.get(&download).send().await.unwrap().status(), 200);
    // Without a token GitHub answers 401 before any limit.
    assert_eq!(s.c.get(s.url("/user")).send().await.unwrap().status(), 401);
    assert_eq!(s.admin().faults().await.unwrap(), [everything]);
    assert_eq!(s.get("/user").await.status(), 403);
    assert!(s.admin().faults().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_watch_fault_waits_for_a_watch() {
    let s = sim(Scenario::Release).await;
    let rule = FaultRule::new(Server::All, FaultKind::WatchGone).count(1);
    s.admin().add_fault(&rule).await.unwrap();
    assert_eq!(s.get(RUNS).await.status(), 200);
    let deploys = format!(
        "{}/apis/apps/v1/namespaces/staging/deployments",
        s.h.kube_url
    );
    let list = s.c.get(&deploys).send().await.unwrap();
    assert_eq!(list.status(), 200);
    assert!(list.text().await.unwrap().contains("DeploymentList"));
    assert_eq!(s.admin().faults().await.unwrap(), [rule]);
    let watch =
        s.c.get(format!("{deploys}?watch=true&resourceVersion=1"))
            .send()
            .await
            .unwrap();
    assert_eq!(watch.status(), 200);
    let first = watch.text().await.unwrap();
    assert!(
        first.contains("\"ERROR\"") && first.contains("410"),
        "{first}"
    );
    assert!(s.admin().faults().await.unwrap().is_empty());
}
