//! The story holds together: no run is older than its commit, every deploy records its cause in one
//! format, and cluster events come from the component that would really report them.

mod common;

use chrono::{DateTime, Utc};
use common::sim;
use gantry_sim::commits::CANDIDATE;
use gantry_sim::{Scenario, SimArgs, start};
use serde_json::Value;

async fn get(h: &gantry_sim::SimHandle, url: String) -> Value {
    let http = h.client_builder().unwrap().build().unwrap();
    let r = http.get(&url).bearer_auth(&h.token).send().await.unwrap();
    assert_eq!(r.status(), 200, "{url}");
    r.json().await.unwrap()
}

fn time(v: &Value) -> DateTime<Utc> {
    v.as_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn no_run_is_older_than_its_commit_whatever_the_start_day() {
    // A Friday night (the reproducible start), a Tuesday morning, a Monday afternoon, a Sunday.
    for at in [
        "2026-11-27T03:00:00Z",
        "2027-03-02T08:30:00Z",
        "2026-06-15T16:00:00Z",
        "2026-01-04T23:59:00Z",
    ] {
        let h = start(&SimArgs {
            start: Some(at.parse().unwrap()),
            ..SimArgs::reproducible(Scenario::Release)
        })
        .await
        .unwrap();
        let runs = get(
            &h,
            format!("{}/repos/acme/shop/actions/runs?per_page=100", h.github_url),
        )
        .await;
        let runs = runs["workflow_runs"].as_array().unwrap();
        assert!(runs.len() >= 10, "{at}: {} runs", runs.len());
        for r in runs {
            let commit = &r["head_commit"];
            assert_eq!(commit["id"], r["head_sha"], "{at}");
            let (created, committed) = (time(&r["created_at"]), time(&commit["timestamp"]));
            assert!(
                created >= committed,
                "{at}: run {} ({}) created {created}, its commit {committed}",
                r["id"],
                r["name"]
            );
        }
        assert!(
            runs.iter().any(|r| r["event"] == "schedule"),
            "{at}: a weekly compliance run"
        );
    }
}

#[tokio::test]
async fn change_causes_have_one_format_and_events_their_real_reporters() {
    let s = sim(Scenario::Release).await;
    // To the production approval: staging has rolled the candidate out on the way.
    s.advance(1500).await;
    let kube = &s.h.kube_url;
    let candidate = format!(
        "CD: deploy {} ({}) {}",
        CANDIDATE.version,
        CANDIDATE.short(),
        CANDIDATE.message
    );
    let mut causes = Vec::new();
    for ns in ["staging", "production"] {
        let deploy = if ns == "staging" {
            get(
                &s.h,
                format!("{kube}/apis/apps/v1/namespaces/{ns}/deployments/shop"),
            )
            .await
        } else {
            get(
                &s.h,
                format!("{kube}/apis/argoproj.io/v1alpha1/namespaces/{ns}/rollouts/shop"),
            )
            .await
        };
        causes.push(deploy["metadata"]["annotations"]["kubernetes.io/change-cause"].clone());
        let rs = get(
            &s.h,
            format!("{kube}/apis/apps/v1/namespaces/{ns}/replicasets"),
        )
        .await;
        for r in rs["items"].as_array().unwrap() {
            causes.push(r["metadata"]["annotations"]["kubernetes.io/change-cause"].clone());
        }
    }
    assert!(causes.len() > 6);
    for c in &causes {
        let c = c.as_str().unwrap_or_default();
        let (version, rest) = c
            .strip_prefix("CD: deploy v")
            .and_then(|r| r.split_once(" ("))
            .unwrap_or_else(|| panic!("change-cause {c:?}"));
        assert!(version.split('.').all(|n| n.parse::<u32>().is_ok()), "{c}");
        let (short, message) = rest.split_once(") ").unwrap_or_else(|| panic!("{c}"));
        assert!(short.len() == 7 && !message.is_empty(), "{c}");
    }
    assert_eq!(causes[0], candidate.as_str(), "staging runs the candidate");

    let events = get(&s.h, format!("{kube}/api/v1/namespaces/staging/events")).await;
    let pod_events: Vec<&Value> = events["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["involvedObject"]["kind"] == "Pod")
        .collect();
    let reasons = |r: &str| pod_events.iter().filter(|e| e["reason"] == r).count();
    assert!(reasons("Scheduled") > 0 && reasons("Started") > 0);
    for e in &pod_events {
        let source = &e["source"];
        if e["reason"] == "Scheduled" {
            assert_eq!(source["component"], "default-scheduler", "{e}");
            assert_eq!(e["reportingComponent"], "default-scheduler", "{e}");
        } else {
            assert_eq!(source["component"], "kubelet", "{e}");
            let host = source["host"].as_str().unwrap_or_default();
            assert!(host.starts_with("gantry-node-"), "{e}");
        }
    }
}
