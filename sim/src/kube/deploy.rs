//! The Deployment controller: RollingUpdate with maxSurge 25% / maxUnavailable 25%, revisions, and
//! the status fields `kubectl rollout status` reads.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::Cluster;
use super::rs::{DEPLOY, revision};
use super::store::Kind;
use super::util::{int_of, str_of, ts};

/// maxSurge and maxUnavailable for `replicas` at 25% each (surge rounds up, unavailable down).
pub(crate) fn surge_unavailable(replicas: i64) -> (i64, i64) {
    let surge = super::util::ceil_div(replicas * 25, 100);
    let unavailable = replicas * 25 / 100;
    if surge == 0 && unavailable == 0 {
        (0, 1)
    } else {
        (surge, unavailable)
    }
}

fn spec_replicas(rs: &Value) -> i64 {
    int_of(rs, "/spec/replicas")
}

fn available(rs: &Value) -> i64 {
    int_of(rs, "/status/availableReplicas")
}

impl Cluster {
    pub(crate) fn sync_deployments(&mut self, t: DateTime<Utc>) {
        for d in self.store.list_owned(Kind::Deployment, "staging") {
            self.sync_deployment(d, t);
        }
        for d in self.store.list_owned(Kind::Deployment, "production") {
            self.sync_deployment(d, t);
        }
    }

    fn sync_deployment(&mut self, d: Value, t: DateTime<Utc>) {
        let want = spec_replicas(&d);
        let paused = d["spec"]["paused"].as_bool() == Some(true);
        if !paused {
            let (new, old) = self.ensure_rs(&d, &DEPLOY, t);
            self.roll(&d, &new, &old, want, t);
        }
        self.deployment_status(&d, t);
    }

    fn roll(&mut self, d: &Value, new: &Value, old: &[Value], want: i64, t: DateTime<Utc>) {
        let (surge, unavailable) = surge_unavailable(want);
        let old_active: Vec<&Value> = old.iter().filter(|rs| spec_replicas(rs) > 0).collect();
        if old_active.is_empty() {
            self.scale_rs(d, new, want, t);
            return;
        }
        let all: i64 =
            old_active.iter().map(|rs| spec_replicas(rs)).sum::<i64>() + spec_replicas(new);
        let mut new_count = spec_replicas(new);
        if new_count < want {
            new_count = want.min(new_count + (want + surge - all).max(0));
            self.scale_rs(d, new, new_count, t);
        } else if new_count > want {
            new_count = want;
            self.scale_rs(d, new, want, t);
        }
        let all = all - spec_replicas(new) + new_count;
        // Old pods may go while enough pods stay available; the new RS's unready pods don't count.
        let new_unavailable = (new_count - available(new)).max(0);
        let mut budget = all - (want - unavailable) - new_unavailable;
        let mut olds: Vec<&Value> = old_active;
        olds.sort_by_key(|rs| revision(rs, &DEPLOY));
        for rs in olds {
            if budget <= 0 {
                break;
            }
            // Unavailable old pods can always go; available ones only within the budget.
            let cur = spec_replicas(rs);
            let down = cur.min(budget + (cur - available(rs)).max(0));
            self.scale_rs(d, rs, cur - down, t);
            budget -= down;
        }
    }

    fn deployment_status(&mut self, d: &Value, t: DateTime<Utc>) {
        let (ns, name) = (
            str_of(d, "/metadata/namespace"),
            str_of(d, "/metadata/name"),
        );
        let Some(mut cur) = self.store.get(Kind::Deployment, ns, name).cloned() else {
            return;
        };
        let want = spec_replicas(&cur);
        let rss = self.owned(Kind::ReplicaSet, &cur);
        let paused = cur["spec"]["paused"].as_bool() == Some(true);
        let template = super::util::strip_hash_labels(&cur["spec"]["template"]);
        let new = rss
            .iter()
            .find(|rs| super::util::strip_hash_labels(&rs["spec"]["template"]) == template);
        let sum = |f: &str| rss.iter().map(|rs| int_of(rs, f)).sum::<i64>();
        let (replicas, ready, avail) = (
            sum("/status/replicas"),
            sum("/status/readyReplicas"),
            sum("/status/availableReplicas"),
        );
        let updated = new.map(|rs| int_of(rs, "/status/replicas")).unwrap_or(0);
        if let Some(rs) = new {
            cur["metadata"]["annotations"]["deployment.kubernetes.io/revision"] =
                json!(revision(rs, &DEPLOY).to_string());
        }
        let (_, unavailable) = surge_unavailable(want);
        let new_name = new.map(|rs| str_of(rs, "/metadata/name")).unwrap_or("");
        let complete = updated == want && replicas == want && avail == want;
        let (reason, message) = if paused {
            ("DeploymentPaused", "Deployment is paused".to_string())
        } else if complete {
            (
                "NewReplicaSetAvailable",
                format!("ReplicaSet \"{new_name}\" has successfully progressed."),
            )
        } else {
            (
                "ReplicaSetUpdated",
                format!("ReplicaSet \"{new_name}\" is progressing."),
            )
        };
        let available_ok = avail >= want - unavailable;
        let old = cur["status"]["conditions"].clone();
        let cond = |ty: &str, ok: bool, reason: &str, message: &str| {
            let prev = old
                .as_array()
                .and_then(|cs| cs.iter().find(|c| c["type"] == ty))
                .cloned()
                .unwrap_or(Value::Null);
            let status = if ok { "True" } else { "False" };
            let same = prev["reason"] == reason && prev["message"] == message;
            let moved = prev["status"] != status;
            json!({
                "type": ty, "status": status, "reason": reason, "message": message,
                "lastUpdateTime": if same { prev["lastUpdateTime"].clone() } else { json!(ts(t)) },
                "lastTransitionTime": if moved { json!(ts(t)) } else { prev["lastTransitionTime"].clone() },
            })
        };
        let avail_reason = if available_ok {
            (
                "MinimumReplicasAvailable",
                "Deployment has minimum availability.",
            )
        } else {
            (
                "MinimumReplicasUnavailable",
                "Deployment does not have minimum availability.",
            )
        };
        let mut status = json!({
            "observedGeneration": cur["metadata"]["generation"],
            "replicas": replicas,
            "updatedReplicas": updated,
            "readyReplicas": ready,
            "availableReplicas": avail,
            "conditions": [
                cond("Available", available_ok, avail_reason.0, avail_reason.1),
                cond("Progressing", !paused || complete, reason, &message),
            ],
        });
        if want - avail > 0 {
            status["unavailableReplicas"] = json!(want - avail);
        }
        cur["status"] = status;
        self.store.put(Kind::Deployment, cur);
    }
}
