//! The ReplicaSet controller, and the part Deployments and Rollouts share: finding or creating the
//! ReplicaSet for the current pod template and numbering revisions.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::Cluster;
use super::pods::{is_ready, is_terminating};
use super::store::Kind;
use super::util::{int_of, str_of, strip_hash_labels, template_hash, ts};

/// How a workload kind labels and numbers its ReplicaSets.
pub(crate) struct Flavor {
    pub(crate) owner: Kind,
    pub(crate) hash_label: &'static str,
    pub(crate) revision_key: &'static str,
}

pub(crate) const DEPLOY: Flavor = Flavor {
    owner: Kind::Deployment,
    hash_label: "pod-template-hash",
    revision_key: "deployment.kubernetes.io/revision",
};

pub(crate) const ROLLOUT: Flavor = Flavor {
    owner: Kind::Rollout,
    hash_label: "rollouts-pod-template-hash",
    revision_key: "rollout.argoproj.io/revision",
};

pub(crate) const CHANGE_CAUSE: &str = "kubernetes.io/change-cause";

/// Why a workload changed, in the one format every deploy writes (history and the CD pipeline alike).
pub(crate) fn change_cause(c: &crate::commits::Commit) -> String {
    format!("CD: deploy {} ({}) {}", c.version, c.short(), c.message)
}
const HISTORY_KEY: &str = "deployment.kubernetes.io/revision-history";

pub(crate) fn revision(rs: &Value, f: &Flavor) -> u64 {
    str_of(
        rs,
        &format!(
            "/metadata/annotations/{}",
            f.revision_key.replace('/', "~1")
        ),
    )
    .parse()
    .unwrap_or(0)
}

pub(crate) fn owned_by(obj: &Value, uid: &Value) -> bool {
    obj["metadata"]["ownerReferences"]
        .as_array()
        .is_some_and(|refs| {
            refs.iter()
                .any(|r| r["controller"] == json!(true) && r["uid"] == *uid)
        })
}

impl Cluster {
    /// Objects of `kind` in `ns` controlled by `owner`.
    pub(crate) fn owned(&self, kind: Kind, owner: &Value) -> Vec<Value> {
        let ns = str_of(owner, "/metadata/namespace");
        let uid = &owner["metadata"]["uid"];
        self.store
            .list(kind, Some(ns))
            .into_iter()
            .filter(|o| owned_by(o, uid))
            .cloned()
            .collect()
    }

    /// Finds the ReplicaSet running `owner`'s template, creating it or giving it the next revision
    /// when an older one is reused (rollout undo). Returns the new RS and the others.
    pub(crate) fn ensure_rs(
        &mut self,
        owner: &Value,
        f: &Flavor,
        t: DateTime<Utc>,
    ) -> (Value, Vec<Value>) {
        let template = &owner["spec"]["template"];
        let hash = template_hash(template);
        let all = self.owned(Kind::ReplicaSet, owner);
        let max = all.iter().map(|rs| revision(rs, f)).max().unwrap_or(0);
        let found = all
            .iter()
            .find(|rs| strip_hash_labels(&rs["spec"]["template"]) == strip_hash_labels(template))
            .cloned();
        let old: Vec<Value> = all
            .iter()
            .filter(|rs| {
                found
                    .as_ref()
                    .is_none_or(|n| n["metadata"]["uid"] != rs["metadata"]["uid"])
            })
            .cloned()
            .collect();
        let cause = owner["metadata"]["annotations"][CHANGE_CAUSE].clone();
        let new = match found {
            Some(mut rs) => {
                let rev = revision(&rs, f);
                if rev < max {
                    let ann = &mut rs["metadata"]["annotations"];
                    let hist = ann[HISTORY_KEY]
                        .as_str()
                        .filter(|h| !h.is_empty())
                        .map(str::to_string);
                    ann[HISTORY_KEY] = json!(match hist {
                        Some(h) => format!("{h},{rev}"),
                        None => rev.to_string(),
                    });
                    ann[f.revision_key] = json!((max + 1).to_string());
                }
                if !cause.is_null() {
                    rs["metadata"]["annotations"][CHANGE_CAUSE] = cause;
                }
                self.store.put(Kind::ReplicaSet, rs)
            }
            None => self.create_rs(owner, f, &hash, max + 1, t),
        };
        (new, old)
    }

    fn create_rs(
        &mut self,
        owner: &Value,
        f: &Flavor,
        hash: &str,
        rev: u64,
        t: DateTime<Utc>,
    ) -> Value {
        let ns = str_of(owner, "/metadata/namespace").to_string();
        let name = format!("{}-{hash}", str_of(owner, "/metadata/name"));
        let mut template = owner["spec"]["template"].clone();
        template["metadata"]["labels"][f.hash_label] = json!(hash);
        let mut selector = owner["spec"]["selector"].clone();
        selector["matchLabels"][f.hash_label] = json!(hash);
        let mut ann = json!({ f.revision_key: rev.to_string() });
        if let Some(c) = owner["metadata"]["annotations"][CHANGE_CAUSE].as_str() {
            ann[CHANGE_CAUSE] = json!(c);
        }
        if f.owner == Kind::Deployment {
            let r = int_of(owner, "/spec/replicas");
            ann["deployment.kubernetes.io/desired-replicas"] = json!(r.to_string());
            ann["deployment.kubernetes.io/max-replicas"] =
                json!((r + super::util::ceil_div(r * 25, 100)).to_string());
        }
        let uid = self.store.next_uid(Kind::ReplicaSet, &ns, &name);
        let rs = json!({
            "metadata": {
                "name": name, "namespace": ns, "uid": uid, "generation": 1, "creationTimestamp": ts(t),
                "labels": template["metadata"]["labels"],
                "annotations": ann,
                "ownerReferences": [{"apiVersion": f.owner.api_version(), "kind": f.owner.name(),
                    "name": owner["metadata"]["name"], "uid": owner["metadata"]["uid"],
                    "controller": true, "blockOwnerDeletion": true}],
            },
            "spec": {"replicas": 0, "minReadySeconds": 0, "selector": selector, "template": template},
            "status": {"replicas": 0, "observedGeneration": 1},
        });
        self.store.put(Kind::ReplicaSet, rs)
    }

    /// Sets a ReplicaSet's desired replicas, with the event the owning controller would record.
    pub(crate) fn scale_rs(&mut self, owner: &Value, rs: &Value, replicas: i64, t: DateTime<Utc>) {
        let ns = str_of(rs, "/metadata/namespace");
        let name = str_of(rs, "/metadata/name");
        let Some(mut cur) = self.store.get(Kind::ReplicaSet, ns, name).cloned() else {
            return;
        };
        let from = int_of(&cur, "/spec/replicas");
        if from == replicas {
            return;
        }
        cur["spec"]["replicas"] = json!(replicas);
        cur["metadata"]["generation"] = json!(int_of(&cur, "/metadata/generation") + 1);
        if owner["kind"] == "Deployment" {
            let r = int_of(owner, "/spec/replicas");
            cur["metadata"]["annotations"]["deployment.kubernetes.io/desired-replicas"] =
                json!(r.to_string());
        }
        self.store.put(Kind::ReplicaSet, cur);
        let dir = if replicas > from { "up" } else { "down" };
        let msg = format!("Scaled {dir} replica set {name} from {from} to {replicas}");
        self.emit(owner, false, "ScalingReplicaSet", &msg, t);
    }

    /// Makes each ReplicaSet's pods match its replicas and reports its status.
    pub(crate) fn sync_replicasets(&mut self, t: DateTime<Utc>) {
        let all: Vec<Value> = self
            .store
            .list(Kind::ReplicaSet, None)
            .into_iter()
            .cloned()
            .collect();
        for rs in all {
            let want = int_of(&rs, "/spec/replicas").max(0) as usize;
            let mut active: Vec<Value> = self
                .owned(Kind::Pod, &rs)
                .into_iter()
                .filter(|p| !is_terminating(p))
                .collect();
            while active.len() < want {
                let name = self.create_pod(&rs, t);
                self.emit(
                    &rs,
                    false,
                    "SuccessfulCreate",
                    &format!("Created pod: {name}"),
                    t,
                );
                let ns = str_of(&rs, "/metadata/namespace");
                if let Some(p) = self.store.get(Kind::Pod, ns, &name) {
                    active.push(p.clone());
                }
            }
            if active.len() > want {
                // Not-ready pods go first, then the newest, as the real controller ranks them.
                active.sort_by(|a, b| {
                    (is_ready(a), b["metadata"]["creationTimestamp"].as_str())
                        .cmp(&(is_ready(b), a["metadata"]["creationTimestamp"].as_str()))
                        .then_with(|| str_of(a, "/metadata/name").cmp(str_of(b, "/metadata/name")))
                });
                for pod in active.drain(..active.len() - want).collect::<Vec<_>>() {
                    let name = str_of(&pod, "/metadata/name").to_string();
                    self.terminate_pod(pod, t);
                    self.emit(
                        &rs,
                        false,
                        "SuccessfulDelete",
                        &format!("Deleted pod: {name}"),
                        t,
                    );
                }
            }
            let ready = active.iter().filter(|p| is_ready(p)).count();
            let Some(mut cur) = self
                .store
                .get(
                    Kind::ReplicaSet,
                    str_of(&rs, "/metadata/namespace"),
                    str_of(&rs, "/metadata/name"),
                )
                .cloned()
            else {
                continue;
            };
            cur["status"] = json!({
                "replicas": active.len(),
                "fullyLabeledReplicas": active.len(),
                "readyReplicas": ready,
                "availableReplicas": ready,
                "observedGeneration": cur["metadata"]["generation"],
            });
            self.store.put(Kind::ReplicaSet, cur);
        }
    }
}
