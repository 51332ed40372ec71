//! The simulated Kubernetes API server and its controllers: an in-memory cluster (Deployments,
//! ReplicaSets, Pods, Events, Argo Rollouts) served over HTTP so the real kubectl and kube-rs work
//! against it unchanged.

mod catalog;
mod deploy;
mod discovery;
mod events;
mod http;
mod infra;
mod kubeconfig;
mod list;
mod logs;
mod openapi;
mod patch;
mod podmetrics;
mod pods;
mod proto;
pub(crate) mod rbac;
mod rollout;
mod rs;
mod schemas;
mod seed;
pub(crate) mod store;
mod table;
mod util;
mod watch;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, VecDeque};

use chrono::{DateTime, Utc};
use serde_json::json;

use crate::commits::{self, Commit};
use store::{Kind, Store};
use util::{int_of, str_of};

pub(crate) use http::router;
pub(crate) use kubeconfig::write_kubeconfig;

/// In-memory cluster state; no I/O. Every change goes through `store`, which versions it.
#[derive(Debug)]
pub(crate) struct Cluster {
    pub(crate) store: Store,
    /// The simulated time the controllers have reached.
    pub(crate) now: DateTime<Utc>,
    bad_release: bool,
    /// Counter behind generated names, so they are deterministic.
    seq: u64,
    event_order: VecDeque<(String, String)>,
    /// The canary step at which the controller paused each namespace's Rollout, to tell a promote
    /// (pause conditions cleared) from the plugin having already moved `currentStepIndex`.
    rollout_paused_at: BTreeMap<String, usize>,
    /// The resourceVersion at which the controllers last came to rest. Until it moves or a timer
    /// falls due, running them again changes nothing, and a 1 s driver tick must not pay for it.
    settled_at: Option<u64>,
    /// Who may do what (see `rbac`); everyone is an administrator until users are added.
    pub(crate) rbac: rbac::Rbac,
}

pub(crate) type SharedCluster = std::sync::Arc<std::sync::Mutex<Cluster>>;

/// What the HTTP front end needs.
pub(crate) struct KubeDeps {
    pub(crate) cluster: SharedCluster,
    pub(crate) clock: std::sync::Arc<crate::clock::Clock>,
    pub(crate) faults: std::sync::Arc<crate::faults::Faults>,
    pub(crate) log: std::sync::Arc<crate::reqlog::RequestLog>,
}

/// Controller passes per instant before giving up on reaching a fixed point (guards against loops).
const MAX_PASSES: usize = 20;

impl Cluster {
    /// Seeded state: staging Deployment `shop` and production Rollout `shop` with revision history
    /// from `commits::HISTORY`, their ReplicaSets, pods and events.
    pub(crate) fn new(bad_release: bool, now: DateTime<Utc>) -> Self {
        let mut c = Self {
            store: Store::new(),
            now,
            bad_release,
            seq: 0,
            event_order: VecDeque::new(),
            rollout_paused_at: BTreeMap::new(),
            settled_at: None,
            rbac: rbac::Rbac::default(),
        };
        c.seed(now);
        c
    }

    /// The CD pipeline deploys `commit`'s image to `shop` in `namespace`, recording why in the one
    /// change-cause format (`rollout history` shows it).
    pub(crate) fn deploy(&mut self, namespace: &str, commit: &Commit, now: DateTime<Utc>) {
        let (image, change_cause) = (commit.image(), rs::change_cause(commit));
        self.advance(now);
        for kind in [Kind::Deployment, Kind::Rollout] {
            let Some(mut obj) = self.store.get(kind, namespace, "shop").cloned() else {
                continue;
            };
            obj["spec"]["template"]["spec"]["containers"][0]["image"] = json!(image);
            obj["metadata"]["annotations"][rs::CHANGE_CAUSE] = json!(change_cause);
            obj["metadata"]["generation"] = json!(int_of(&obj, "/metadata/generation") + 1);
            self.store.put(kind, obj);
        }
        self.reconcile(now);
    }

    /// Runs the controllers forward to `now`, stopping at every moment something happens by itself
    /// (a pod starting or becoming ready, a pause ending) so the result does not depend on how often
    /// this is called.
    pub(crate) fn advance(&mut self, now: DateTime<Utc>) {
        let mut t = self.now;
        loop {
            if t > self.now || !self.settled() {
                self.reconcile(t);
            }
            let next = [self.next_pod_timer(t), self.next_rollout_timer(t)]
                .into_iter()
                .flatten()
                .min();
            match next {
                Some(n) if n <= now => t = n,
                _ => break,
            }
        }
        if now > self.now {
            self.now = now;
            if !self.settled() {
                self.reconcile(now);
            }
        }
    }

    fn settled(&self) -> bool {
        self.settled_at == Some(self.store.rv())
    }

    /// Controllers run at `t` until nothing changes.
    pub(crate) fn reconcile(&mut self, t: DateTime<Utc>) {
        self.now = self.now.max(t);
        for _ in 0..MAX_PASSES {
            let before = self.store.rv();
            self.sync_pods(t);
            self.sync_replicasets(t);
            self.sync_deployments(t);
            self.sync_rollouts(t);
            self.sync_replicasets(t);
            if self.store.rv() == before {
                self.settled_at = Some(before);
                break;
            }
        }
    }

    /// `namespace`'s `shop` runs `image` on every replica and is fully available.
    pub(crate) fn rolled_out(&self, namespace: &str, image: &str) -> bool {
        let pods_ok = |obj: &serde_json::Value| {
            let pods: Vec<_> = self
                .store
                .list(Kind::Pod, Some(namespace))
                .into_iter()
                .filter(|p| str_of(p, "/metadata/labels/app") == "shop" && !pods::is_terminating(p))
                .collect();
            let want = int_of(obj, "/spec/replicas") as usize;
            pods.len() == want
                && pods
                    .iter()
                    .all(|p| pods::pod_image(p) == image && pods::is_ready(p))
        };
        if let Some(d) = self.store.get(Kind::Deployment, namespace, "shop") {
            let want = int_of(d, "/spec/replicas");
            return int_of(d, "/status/updatedReplicas") == want
                && int_of(d, "/status/availableReplicas") == want
                && int_of(d, "/status/replicas") == want
                && pods_ok(d);
        }
        if let Some(r) = self.store.get(Kind::Rollout, namespace, "shop") {
            return str_of(r, "/status/phase") == "Healthy"
                && str_of(r, "/status/currentPodHash") == str_of(r, "/status/stableRS")
                && pods_ok(r);
        }
        false
    }

    /// A stored object by resource plural (`deployments`, `pods`, ...), for tests.
    #[cfg(test)]
    pub(crate) fn get_object(
        &self,
        resource: &str,
        namespace: &str,
        name: &str,
    ) -> Option<serde_json::Value> {
        let kind = Kind::ALL.into_iter().find(|k| k.plural() == resource)?;
        self.store.get(kind, namespace, name).cloned()
    }

    /// Stored objects of a resource in `namespace`, ordered by name.
    #[cfg(test)]
    pub(crate) fn list_objects(&self, resource: &str, namespace: &str) -> Vec<serde_json::Value> {
        Kind::ALL
            .into_iter()
            .find(|k| k.plural() == resource)
            .map(|k| self.store.list_owned(k, namespace))
            .unwrap_or_default()
    }

    /// The Rollout's phase and current canary weight in `namespace`.
    pub(crate) fn canary(&self, namespace: &str) -> Option<(String, u32)> {
        let r = self.store.get(Kind::Rollout, namespace, "shop")?;
        let w = r["status"]["canary"]["weights"]["canary"]["weight"]
            .as_u64()
            .unwrap_or(0);
        Some((str_of(r, "/status/phase").to_string(), w as u32))
    }
}
