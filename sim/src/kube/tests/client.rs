//! kube-rs and raw HTTP against the simulated cluster: typed lists, a runtime watcher that sees a
//! deploy, log streaming, resourceVersion rules (replay, 410 in-stream), discovery, Tables, errors.

use std::time::Duration;

use ::kube::api::{Api, ListParams, LogParams};
use ::kube::config::{KubeConfigOptions, Kubeconfig};
use ::kube::runtime::{WatchStreamExt, watcher};
use futures::{AsyncBufReadExt, StreamExt, TryStreamExt};
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::Pod;
use serde_json::Value;

use super::support::{Sim, http, start};
use crate::commits::CANDIDATE;
use crate::faults::{FaultKind, FaultRule, Server};

async fn client(sim: &Sim) -> ::kube::Client {
    let kc = Kubeconfig::read_from(&sim.kubeconfig).expect("read kubeconfig");
    let opts = KubeConfigOptions {
        context: Some("gantry-demo".into()),
        ..Default::default()
    };
    let cfg = ::kube::Config::from_custom_kubeconfig(kc, &opts)
        .await
        .expect("config");
    ::kube::Client::try_from(cfg).expect("client")
}

async fn get(sim: &Sim, path: &str, accept: &str) -> (u16, String, String) {
    let r = http()
        .get(format!("{}{path}", sim.url))
        .header("accept", accept)
        .send()
        .await
        .expect("send");
    let status = r.status().as_u16();
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (status, ct, r.text().await.expect("body"))
}

fn lines(body: &str) -> Vec<Value> {
    body.lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kube_rs_list_watch_and_logs() {
    let sim = start(false).await;
    let client = client(&sim).await;
    let deploys: Api<Deployment> = Api::namespaced(client.clone(), "staging");
    let list = deploys.list(&ListParams::default()).await.expect("list");
    assert_eq!(list.items.len(), 1);
    assert_eq!(
        list.items[0].spec.as_ref().and_then(|s| s.replicas),
        Some(3)
    );
    assert!(list.metadata.resource_version.is_some());

    // The watcher sees the deploy the CD pipeline makes.
    let mut stream = watcher(deploys.clone(), watcher::Config::default())
        .applied_objects()
        .boxed();
    let first = tokio::time::timeout(Duration::from_secs(10), stream.try_next())
        .await
        .expect("initial")
        .expect("ok");
    assert!(first.is_some());
    let now = sim.clock.now();
    sim.with(|c| c.deploy("staging", &CANDIDATE, now));
    sim.steps(5, 2.0);
    let seen = tokio::time::timeout(Duration::from_secs(10), async {
        while let Ok(Some(d)) = stream.try_next().await {
            let image = d
                .spec
                .and_then(|s| s.template.spec)
                .and_then(|s| s.containers[0].image.clone());
            if image.as_deref() == Some(CANDIDATE.image().as_str()) {
                return true;
            }
        }
        false
    })
    .await
    .expect("watch event in time");
    assert!(seen);

    let pods: Api<Pod> = Api::namespaced(client, "production");
    let name = pods
        .list(&ListParams::default().labels("app=shop"))
        .await
        .expect("pods")
        .items[0]
        .metadata
        .name
        .clone()
        .expect("name");
    let lp = LogParams {
        follow: true,
        tail_lines: Some(2),
        ..Default::default()
    };
    let mut log = pods
        .log_stream(&name, &lp)
        .await
        .expect("log stream")
        .lines();
    for _ in 0..2 {
        let l = tokio::time::timeout(Duration::from_secs(5), log.next())
            .await
            .expect("tail line");
        assert!(l.is_some());
    }
    sim.step(30.0);
    let l = tokio::time::timeout(Duration::from_secs(5), log.next())
        .await
        .expect("followed line")
        .expect("line")
        .expect("io");
    assert!(!l.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_resource_version_rules() {
    let sim = start(false).await;
    let base = "/apis/apps/v1/namespaces/staging/deployments";
    // From 0: synthetic ADDED for the current state, then the stream ends at timeoutSeconds.
    let (s, _, body) = get(
        &sim,
        &format!("{base}?watch=true&resourceVersion=0&timeoutSeconds=1"),
        "application/json",
    )
    .await;
    assert_eq!(s, 200);
    let ev = lines(&body);
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0]["type"], "ADDED");
    let rv: u64 = ev[0]["object"]["metadata"]["resourceVersion"]
        .as_str()
        .expect("rv")
        .parse()
        .expect("num");

    // From a kept version: the changes since, replayed.
    let now = sim.clock.now();
    sim.with(|c| c.deploy("staging", &CANDIDATE, now));
    let (_, _, body) = get(
        &sim,
        &format!(
            "{base}?&watch=true&timeoutSeconds=1&allowWatchBookmarks=true&resourceVersion={rv}"
        ),
        "application/json",
    )
    .await;
    let ev = lines(&body);
    assert!(
        !ev.is_empty() && ev.iter().all(|e| e["type"] == "MODIFIED"),
        "{body}"
    );

    // Too old: HTTP 200 with an in-stream ERROR carrying 410. Churn an inert object (running the
    // controllers through 40 deploys did the same in 30 s) until version 1 leaves the window.
    sim.with(|c| {
        for i in 0..=crate::kube::store::HISTORY_CAP {
            let ns =
                serde_json::json!({"metadata": {"name": "churn", "labels": {"i": i.to_string()}}});
            c.store.put(crate::kube::store::Kind::Namespace, ns);
        }
    });
    sim.steps(12, 5.0); // the deploy above finishes: three pods again
    let (s, _, body) = get(
        &sim,
        &format!("{base}?watch=true&resourceVersion=1&timeoutSeconds=5"),
        "application/json",
    )
    .await;
    assert_eq!(s, 200);
    let ev = lines(&body);
    assert_eq!(ev[0]["type"], "ERROR");
    assert_eq!(ev[0]["object"]["code"], 410);

    // Label and field selectors on lists.
    let (_, _, body) = get(
        &sim,
        "/api/v1/namespaces/staging/pods?labelSelector=app%3Dshop&limit=500",
        "application/json",
    )
    .await;
    let v: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(v["items"].as_array().map(Vec::len), Some(3));
    assert!(v["metadata"]["resourceVersion"].is_string());
    assert!(v["metadata"]["continue"].is_null());
    let (_, _, body) = get(&sim, "/api/v1/namespaces/staging/events?fieldSelector=involvedObject.kind%3DDeployment,involvedObject.name%3Dshop", "application/json").await;
    let v: Value = serde_json::from_str(&body).expect("json");
    let items = v["items"].as_array().expect("items");
    assert!(
        !items.is_empty()
            && items
                .iter()
                .all(|e| e["involvedObject"]["kind"] == "Deployment")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watcher_relists_after_in_stream_410() {
    let sim = start(false).await;
    sim.fault(FaultRule::new(Server::Kube, FaultKind::WatchGone).count(1));
    let deploys: Api<Deployment> = Api::namespaced(client(&sim).await, "staging");
    let mut stream = watcher(deploys, watcher::Config::default())
        .applied_objects()
        .boxed();
    let got = tokio::time::timeout(Duration::from_secs(10), stream.try_next())
        .await
        .expect("in time")
        .expect("ok");
    assert!(got.is_some());
    assert!(sim.log.since(0).iter().all(|r| r.server == Server::Kube));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discovery_tables_and_errors() {
    let sim = start(false).await;
    let (s, _, body) = get(&sim, "/version", "application/json").await;
    assert_eq!(s, 200);
    assert!(body.contains("\"minor\":\"32\""));
    let aggregated =
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";
    let (s, ct, body) = get(&sim, "/apis", aggregated).await;
    assert_eq!((s, ct.as_str()), (200, "application/json"));
    assert!(body.contains("argoproj.io"));
    let (_, _, body) = get(&sim, "/apis/argoproj.io/v1alpha1", "application/json").await;
    assert!(body.contains("\"ro\""));

    let table = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
    let (_, _, body) = get(&sim, "/apis/apps/v1/namespaces/staging/replicasets", table).await;
    let t: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(t["kind"], "Table");
    assert_eq!(t["columnDefinitions"][1]["name"], "Desired");
    assert_eq!(t["rows"][0]["object"]["kind"], "PartialObjectMetadata");

    let (s, _, body) = get(
        &sim,
        "/api/v1/namespaces/staging/pods/nope",
        "application/json",
    )
    .await;
    let v: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(
        (s, v["kind"].as_str(), v["reason"].as_str()),
        (404, Some("Status"), Some("NotFound"))
    );

    let http = http();
    let r = http
        .patch(format!(
            "{}/apis/apps/v1/namespaces/staging/deployments/shop",
            sim.url
        ))
        .header("content-type", "application/json-patch+json")
        .body(r#"[{"op":"test","path":"/spec/replicas","value":99}]"#)
        .send()
        .await
        .expect("patch");
    assert_eq!(r.status().as_u16(), 422);
    let r = http
        .patch(format!(
            "{}/apis/apps/v1/namespaces/staging/deployments/shop/scale?dryRun=All",
            sim.url
        ))
        .header("content-type", "application/merge-patch+json")
        .body(r#"{"spec":{"replicas":7}}"#)
        .send()
        .await
        .expect("patch");
    let scale: Value = r.json().await.expect("scale");
    assert_eq!(
        (scale["kind"].as_str(), scale["spec"]["replicas"].as_i64()),
        (Some("Scale"), Some(7))
    );
    let d = sim
        .with(|c| c.get_object("deployments", "staging", "shop"))
        .expect("deploy");
    assert_eq!(d["spec"]["replicas"], 3, "dry run changed nothing");
    let writes: Vec<_> = sim
        .log
        .since(0)
        .into_iter()
        .filter(|r| r.method == "PATCH")
        .collect();
    assert_eq!(writes.len(), 2);
    assert!(writes[1].body.is_some() && writes[1].query == "dryRun=All");
}
