//! Kubernetes Events emitted by the simulated controllers and kubelet.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::Cluster;
use super::store::Kind;
use super::util::{fnv, str_of, ts};

/// Events kept per cluster; older ones are deleted as the real apiserver expires them.
const EVENT_CAP: usize = 400;

const KUBELET: &str = "kubelet";

/// Who reports an event, as on a real cluster: the scheduler places pods, the node's kubelet runs
/// them, and each controller speaks about what it owns.
pub(crate) fn component(kind: &str, reason: &str) -> &'static str {
    match (kind, reason) {
        ("Pod", "Scheduled" | "FailedScheduling") => "default-scheduler",
        ("Pod", _) => KUBELET,
        ("Rollout", _) => "rollouts-controller",
        ("ReplicaSet", _) => "replicaset-controller",
        _ => "deployment-controller",
    }
}

impl Cluster {
    /// Records an event about `involved` (any stored object).
    pub(crate) fn emit(
        &mut self,
        involved: &Value,
        warning: bool,
        reason: &str,
        message: &str,
        t: DateTime<Utc>,
    ) {
        self.seq += 1;
        let ns = str_of(involved, "/metadata/namespace").to_string();
        let obj_name = str_of(involved, "/metadata/name");
        let kind = str_of(involved, "/kind");
        let name = format!(
            "{obj_name}.{:016x}",
            fnv(&[obj_name, &self.seq.to_string()])
        );
        let component = component(kind, reason);
        // The kubelet reports from its node, as a real one does.
        let host = match component {
            KUBELET => str_of(involved, "/spec/nodeName"),
            _ => "",
        };
        let uid = self.store.next_uid(Kind::Event, &ns, &name);
        let ev = json!({
            "metadata": {"name": name, "namespace": ns, "uid": uid, "creationTimestamp": ts(t)},
            "involvedObject": {
                "kind": kind,
                "namespace": ns,
                "name": obj_name,
                "uid": involved["metadata"]["uid"],
                "apiVersion": involved["apiVersion"],
                "resourceVersion": involved["metadata"]["resourceVersion"],
            },
            "reason": reason,
            "message": message,
            "source": if host.is_empty() { json!({"component": component}) } else { json!({"component": component, "host": host}) },
            "firstTimestamp": ts(t),
            "lastTimestamp": ts(t),
            "count": 1,
            "type": if warning { "Warning" } else { "Normal" },
            "eventTime": null,
            "reportingComponent": component,
            "reportingInstance": host,
        });
        self.store.put(Kind::Event, ev);
        self.event_order.push_back((ns, name));
        while self.event_order.len() > EVENT_CAP {
            if let Some((ns, name)) = self.event_order.pop_front() {
                self.store.delete(Kind::Event, &ns, &name);
            }
        }
    }
}
