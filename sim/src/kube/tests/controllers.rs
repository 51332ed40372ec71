//! Unit tests for the controllers: rolling updates, revisions on undo, canary steps.

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use crate::clock::epoch;
use crate::commits::{CANDIDATE, production_stable, staging_current};
use crate::kube::Cluster;
use crate::kube::rs::{DEPLOY, ROLLOUT, revision};
use crate::kube::store::Kind;
use crate::kube::util::str_of;

fn revisions(c: &Cluster, ns: &str) -> Vec<(u64, String)> {
    let flavor = if ns == "staging" { &DEPLOY } else { &ROLLOUT };
    let mut v: Vec<(u64, String)> = c
        .store
        .list(Kind::ReplicaSet, Some(ns))
        .into_iter()
        .map(|rs| {
            (
                revision(rs, flavor),
                str_of(rs, "/spec/template/spec/containers/0/image").to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Advances in 5-second steps, as a driver with a ticking clock would.
fn run(c: &mut Cluster, from: DateTime<Utc>, secs: i64) -> DateTime<Utc> {
    for s in (5..=secs).step_by(5) {
        c.advance(from + Duration::seconds(s));
        let rv = c.store.rv();
        c.reconcile(from + Duration::seconds(s));
        assert_eq!(rv, c.store.rv(), "controllers reach a fixed point");
    }
    from + Duration::seconds(secs)
}

fn edit(c: &mut Cluster, kind: Kind, ns: &str, f: impl FnOnce(&mut Value)) {
    let mut obj = c.store.get(kind, ns, "shop").cloned().expect("workload");
    f(&mut obj);
    c.store.put(kind, obj);
    let now = c.now;
    c.reconcile(now);
}

#[test]
fn seeded_cluster_has_history_and_is_rolled_out() {
    let c = Cluster::new(false, epoch());
    assert!(c.rolled_out("staging", &staging_current().image()));
    assert!(c.rolled_out("production", &production_stable().image()));
    assert_eq!(c.canary("production"), Some(("Healthy".into(), 100)));
    assert_eq!(c.canary("staging"), None);
    let revs: Vec<u64> = revisions(&c, "staging").into_iter().map(|r| r.0).collect();
    assert_eq!(revs, vec![1, 2, 3, 4]);
    let prod: Vec<u64> = revisions(&c, "production")
        .into_iter()
        .map(|r| r.0)
        .collect();
    assert_eq!(prod, vec![1, 2, 3]);
    assert_eq!(c.store.list(Kind::Pod, Some("staging")).len(), 3);
    assert_eq!(c.store.list(Kind::Pod, Some("production")).len(), 5);
}

#[test]
fn rolling_update_completes_with_surge() {
    let t0 = epoch();
    let mut c = Cluster::new(false, t0);
    c.deploy("staging", &CANDIDATE, t0);
    assert!(!c.rolled_out("staging", &CANDIDATE.image()));
    let d = c
        .store
        .get(Kind::Deployment, "staging", "shop")
        .expect("deploy");
    assert_eq!(
        d["status"]["observedGeneration"],
        d["metadata"]["generation"]
    );
    let mut max_pods = 0;
    let mut t = t0;
    for _ in 0..24 {
        t = run(&mut c, t, 5);
        let active = c
            .store
            .list(Kind::Pod, Some("staging"))
            .into_iter()
            .filter(|p| !crate::kube::pods::is_terminating(p))
            .count();
        max_pods = max_pods.max(active);
    }
    assert!(c.rolled_out("staging", &CANDIDATE.image()));
    assert_eq!(max_pods, 4, "maxSurge 25% of 3 is one extra pod");
    let d = c
        .store
        .get(Kind::Deployment, "staging", "shop")
        .expect("deploy");
    assert_eq!(
        d["metadata"]["annotations"]["deployment.kubernetes.io/revision"],
        "5"
    );
    assert_eq!(
        d["status"]["conditions"][1]["reason"],
        "NewReplicaSetAvailable"
    );
}

#[test]
fn undo_reuses_the_old_replicaset_with_the_next_revision() {
    let t0 = epoch();
    let mut c = Cluster::new(false, t0);
    // What `kubectl rollout undo --to-revision=3` sends: RS 3's template without the hash label.
    let rs3 = c
        .store
        .list(Kind::ReplicaSet, Some("staging"))
        .into_iter()
        .find(|rs| revision(rs, &DEPLOY) == 3)
        .cloned()
        .expect("rs 3");
    let template = crate::kube::util::strip_hash_labels(&rs3["spec"]["template"]);
    edit(&mut c, Kind::Deployment, "staging", |d| {
        d["spec"]["template"] = template
    });
    run(&mut c, t0, 60);
    let revs: Vec<u64> = revisions(&c, "staging").into_iter().map(|r| r.0).collect();
    assert_eq!(revs, vec![1, 2, 4, 5]);
    let reused = c
        .store
        .get(Kind::ReplicaSet, "staging", str_of(&rs3, "/metadata/name"))
        .expect("rs");
    assert_eq!(
        reused["metadata"]["annotations"]["deployment.kubernetes.io/revision"],
        "5"
    );
    assert_eq!(
        reused["metadata"]["annotations"]["deployment.kubernetes.io/revision-history"],
        "3"
    );
    let image = str_of(&rs3, "/spec/template/spec/containers/0/image").to_string();
    assert!(c.rolled_out("staging", &image));
}

#[test]
fn canary_pauses_promotes_and_finishes() {
    let t0 = epoch();
    let mut c = Cluster::new(false, t0);
    c.deploy("production", &CANDIDATE, t0);
    let t = run(&mut c, t0, 60);
    assert_eq!(c.canary("production"), Some(("Paused".into(), 5)));
    let r = c
        .store
        .get(Kind::Rollout, "production", "shop")
        .expect("rollout");
    assert_eq!(r["status"]["currentStepIndex"], 1);
    assert_eq!(
        r["status"]["pauseConditions"][0]["reason"],
        "CanaryPauseStep"
    );
    // Promote before the 10m watch ends: the plugin clears pauseConditions.
    edit(&mut c, Kind::Rollout, "production", |r| {
        r["status"]["pauseConditions"] = Value::Null
    });
    let t = run(&mut c, t, 60);
    assert_eq!(c.canary("production"), Some(("Paused".into(), 50)));
    let t = run(&mut c, t, 4 * 60);
    assert_eq!(
        c.canary("production"),
        Some(("Paused".into(), 50)),
        "5m pause still running"
    );
    run(&mut c, t, 3 * 60);
    assert_eq!(c.canary("production"), Some(("Healthy".into(), 100)));
    assert!(c.rolled_out("production", &CANDIDATE.image()));
}

#[test]
fn canary_abort_keeps_stable_and_retry_restarts() {
    let t0 = epoch();
    let mut c = Cluster::new(true, t0);
    c.deploy("production", &CANDIDATE, t0);
    let t = run(&mut c, t0, 60);
    let warnings = c
        .store
        .list(Kind::Event, Some("production"))
        .into_iter()
        .filter(|e| e["type"] == "Warning")
        .count();
    assert!(warnings > 0, "bad canary emits Warning events");
    edit(&mut c, Kind::Rollout, "production", |r| {
        r["status"]["abort"] = json!(true)
    });
    let t = run(&mut c, t, 30);
    assert_eq!(c.canary("production"), Some(("Degraded".into(), 0)));
    let images: Vec<String> = c
        .store
        .list(Kind::Pod, Some("production"))
        .into_iter()
        .filter(|p| !crate::kube::pods::is_terminating(p))
        .map(|p| crate::kube::pods::pod_image(p).to_string())
        .collect();
    assert_eq!(images.len(), 5);
    assert!(images.iter().all(|i| *i == production_stable().image()));
    edit(&mut c, Kind::Rollout, "production", |r| {
        r["status"]["abort"] = json!(false)
    });
    run(&mut c, t, 60);
    assert_eq!(c.canary("production"), Some(("Paused".into(), 5)));
}

#[test]
fn same_calls_give_the_same_cluster() {
    let t0 = epoch();
    let mk = || {
        let mut c = Cluster::new(true, t0);
        c.deploy("staging", &CANDIDATE, t0 + Duration::seconds(3));
        c.advance(t0 + Duration::seconds(47));
        let all: Vec<Value> = Kind::ALL
            .iter()
            .flat_map(|k| c.store.list_owned(*k, "staging"))
            .collect();
        all
    };
    assert_eq!(mk(), mk());
}
