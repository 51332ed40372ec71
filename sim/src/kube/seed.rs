//! The cluster as the simulator starts it: releases from `commits::HISTORY` deployed over the past
//! days by replaying them through the controllers, so history, ReplicaSets and events are consistent.

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use super::Cluster;
use super::commits::{self, Commit, HISTORY};
use super::store::Kind;
use super::util::ts;

fn template(image: &str) -> Value {
    json!({
        "metadata": {"labels": {"app": "shop"}},
        "spec": {
            "containers": [{
                "name": "shop",
                "image": image,
                "ports": [{"containerPort": 8080, "name": "http", "protocol": "TCP"}],
                "readinessProbe": {"httpGet": {"path": "/healthz", "port": 8080, "scheme": "HTTP"},
                    "periodSeconds": 5, "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3},
                "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}},
                "imagePullPolicy": "IfNotPresent",
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "File",
            }],
            "restartPolicy": "Always",
            "terminationGracePeriodSeconds": 30,
            "dnsPolicy": "ClusterFirst",
            "schedulerName": "default-scheduler",
            "securityContext": {},
        },
    })
}

impl Cluster {
    pub(super) fn seed(&mut self, now: DateTime<Utc>) {
        let start = now - Duration::days(HISTORY.len() as i64);
        for ns in ["default", "staging", "production"] {
            let uid = self.store.next_uid(Kind::Namespace, "", ns);
            self.store.put(
                Kind::Namespace,
                json!({"metadata": {"name": ns, "uid": uid, "creationTimestamp": ts(start - Duration::days(30)),
                        "labels": {"kubernetes.io/metadata.name": ns}},
                       "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}),
            );
        }
        self.seed_infra(start);
        self.now = start;
        let first = &HISTORY[0];
        self.create_workload(Kind::Deployment, "staging", 3, first, start);
        self.create_workload(
            Kind::Rollout,
            "production",
            5,
            first,
            start + Duration::hours(1),
        );
        let prod = HISTORY
            .iter()
            .position(|c| *c == commits::production_stable())
            .unwrap_or(0);
        for (i, c) in HISTORY.iter().enumerate().skip(1) {
            // Each earlier release went to staging one day, then production an hour later.
            let day = start + Duration::days(i as i64);
            let staging_at = if i == HISTORY.len() - 1 {
                now - Duration::hours(2)
            } else {
                day
            };
            self.deploy("staging", c, staging_at);
            if i <= prod {
                let t = day + Duration::hours(1);
                self.deploy("production", c, t);
                self.promote_full("production", t);
            }
        }
        self.advance(now);
    }

    fn create_workload(
        &mut self,
        kind: Kind,
        ns: &str,
        replicas: i64,
        c: &Commit,
        t: DateTime<Utc>,
    ) {
        self.advance(t);
        let uid = self.store.next_uid(kind, ns, "shop");
        let mut obj = json!({
            "metadata": {
                "name": "shop", "namespace": ns, "uid": uid, "generation": 1, "creationTimestamp": ts(t),
                "labels": {"app": "shop"},
                "annotations": {"kubernetes.io/change-cause": super::rs::change_cause(c)},
            },
            "spec": {
                "replicas": replicas,
                "revisionHistoryLimit": 10,
                "selector": {"matchLabels": {"app": "shop"}},
                "template": template(&c.image()),
            },
            "status": {},
        });
        if kind == Kind::Deployment {
            obj["spec"]["strategy"] = json!({"type": "RollingUpdate",
                "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}});
            obj["spec"]["progressDeadlineSeconds"] = json!(600);
        } else {
            // The fixtures' canary: 5% watched for 10 minutes, then 50%, then all. A bad release
            // holds at 5% until a human promotes, aborts or rolls back: that is the decision to show.
            let watch = if self.bad_release {
                json!({})
            } else {
                json!({"duration": "10m"})
            };
            obj["spec"]["strategy"] = json!({"canary": {"steps": [
                {"setWeight": 5}, {"pause": watch}, {"setWeight": 50}, {"pause": {"duration": "5m"}}, {"setWeight": 100},
            ]}});
        }
        self.store.put(kind, obj);
        self.reconcile(t);
    }

    /// What `kubectl argo rollouts promote --full` does, for seeding past releases.
    pub(crate) fn promote_full(&mut self, ns: &str, t: DateTime<Utc>) {
        if let Some(mut r) = self.store.get(Kind::Rollout, ns, "shop").cloned() {
            r["status"]["promoteFull"] = json!(true);
            self.store.put(Kind::Rollout, r);
        }
        self.advance(t + Duration::minutes(5));
    }
}
