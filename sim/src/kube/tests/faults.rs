//! Each fault injected on the Kubernetes side is what a client sees from a real API server in
//! trouble: Status errors with codes, garbage bodies, cut bodies, watches that end or report 410.

use serde_json::Value;

use super::support::{Sim, http, start};
use crate::faults::{FaultKind, FaultRule, Server};

async fn get(sim: &Sim, path: &str) -> (u16, String) {
    let r = http()
        .get(format!("{}{path}", sim.url))
        .header("accept", "application/json")
        .send()
        .await
        .expect("send");
    let status = r.status().as_u16();
    (status, r.text().await.expect("body"))
}

fn once(sim: &Sim, fault: FaultKind) {
    sim.fault(
        FaultRule::new(Server::Kube, fault)
            .path_prefix("/apis/apps/v1")
            .count(1),
    );
}

const DEPLOYS: &str = "/apis/apps/v1/namespaces/staging/deployments";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_fault_is_observable_then_the_api_recovers() {
    let sim = start(false).await;
    // (fault, expected HTTP status, Status.code in the body when it is a Status)
    let table: Vec<(FaultKind, u16, Option<u64>)> = vec![
        (FaultKind::Status { status: 500 }, 500, Some(500)),
        (FaultKind::Status { status: 503 }, 503, Some(503)),
        (FaultKind::Unauthorized, 401, Some(401)),
        (FaultKind::RateLimitPrimary, 429, Some(429)),
        (FaultKind::Down, 503, Some(503)),
    ];
    for (fault, status, code) in table {
        once(&sim, fault.clone());
        let (s, body) = get(&sim, DEPLOYS).await;
        assert_eq!(s, status, "{fault:?}");
        let v: Value = serde_json::from_str(&body).expect("a Status body");
        assert_eq!(v["kind"], "Status", "{fault:?}");
        assert_eq!(v["code"].as_u64(), code, "{fault:?}");
        // The rule was used up: the next request is served normally.
        let (s, body) = get(&sim, DEPLOYS).await;
        assert_eq!(s, 200, "{fault:?} did not clear");
        assert!(body.contains("DeploymentList"));
    }

    once(&sim, FaultKind::Malformed);
    let (s, body) = get(&sim, DEPLOYS).await;
    assert_eq!(s, 200);
    assert!(
        serde_json::from_str::<Value>(&body).is_err(),
        "malformed body parsed: {body}"
    );

    once(&sim, FaultKind::Truncated);
    let (s, body) = get(&sim, DEPLOYS).await;
    assert_eq!(s, 200);
    assert!(
        serde_json::from_str::<Value>(&body).is_err(),
        "truncated body parsed"
    );
    assert!(body.starts_with('{'));

    once(&sim, FaultKind::DropWatch);
    let (s, body) = get(&sim, &format!("{DEPLOYS}?watch=true&resourceVersion=0")).await;
    assert_eq!(
        (s, body.as_str()),
        (200, ""),
        "a dropped watch ends with no events"
    );

    once(&sim, FaultKind::WatchGone);
    let (s, body) = get(&sim, &format!("{DEPLOYS}?watch=true&resourceVersion=1")).await;
    assert_eq!(s, 200);
    let ev: Value = serde_json::from_str(body.lines().next().expect("one event")).expect("json");
    assert_eq!(
        (ev["type"].as_str(), ev["object"]["code"].as_u64()),
        (Some("ERROR"), Some(410))
    );

    let statuses: Vec<u16> = sim.log.since(0).iter().map(|r| r.status).collect();
    assert!(
        statuses.contains(&401) && statuses.contains(&429),
        "{statuses:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn latency_delays_the_answer_but_keeps_it() {
    let sim = start(false).await;
    once(&sim, FaultKind::Latency { ms: 300 });
    let t = std::time::Instant::now();
    let (s, body) = get(&sim, DEPLOYS).await;
    assert_eq!(s, 200);
    assert!(body.contains("DeploymentList"));
    assert!(t.elapsed() >= std::time::Duration::from_millis(300));
}
