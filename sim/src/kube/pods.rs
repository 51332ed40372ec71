//! The simulated kubelet: pods start, become ready after a delay, and terminate after a grace period.

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use super::Cluster;
use super::store::Kind;
use super::util::{fnv, parse_ts, safe_suffix, str_of, ts};

/// Seconds from creation to the container running (image pull, start), before per-pod jitter.
const START_DELAY: i64 = 3;
/// Seconds from running to passing the readiness probe.
const READY_DELAY: i64 = 6;
/// Seconds a deleted pod stays Terminating.
const GRACE: i64 = 4;

/// The moments a pod moves through, derived only from the pod itself so replays agree.
pub(crate) struct PodTimes {
    pub(crate) created: DateTime<Utc>,
    pub(crate) started: DateTime<Utc>,
    pub(crate) ready: DateTime<Utc>,
    pub(crate) gone: Option<DateTime<Utc>>,
}

pub(crate) fn pod_times(pod: &Value) -> PodTimes {
    let created = parse_ts(&pod["metadata"]["creationTimestamp"]).unwrap_or_default();
    let jitter = (fnv(&[str_of(pod, "/metadata/name")]) % 3) as i64;
    let started = created + Duration::seconds(START_DELAY + jitter);
    PodTimes {
        created,
        started,
        ready: started + Duration::seconds(READY_DELAY),
        gone: parse_ts(&pod["metadata"]["deletionTimestamp"]).map(|d| d + Duration::seconds(GRACE)),
    }
}

/// Pod stage: 0 pending, 1 running, 2 ready.
fn stage_at(times: &PodTimes, t: DateTime<Utc>) -> u8 {
    if t >= times.ready {
        2
    } else if t >= times.started {
        1
    } else {
        0
    }
}

fn stored_stage(pod: &Value) -> u8 {
    let running = str_of(pod, "/status/phase") == "Running";
    let ready = pod["status"]["containerStatuses"][0]["ready"].as_bool() == Some(true);
    match (running, ready) {
        (_, true) => 2,
        (true, false) => 1,
        _ => 0,
    }
}

pub(crate) fn is_terminating(pod: &Value) -> bool {
    !pod["metadata"]["deletionTimestamp"].is_null()
}

pub(crate) fn is_ready(pod: &Value) -> bool {
    !is_terminating(pod) && stored_stage(pod) == 2
}

pub(crate) fn pod_image(pod: &Value) -> &str {
    str_of(pod, "/spec/containers/0/image")
}

fn status_for(pod: &Value, times: &PodTimes, stage: u8) -> Value {
    let name = str_of(pod, "/metadata/name");
    let h = fnv(&[name]);
    let container = str_of(pod, "/spec/containers/0/name");
    let image = pod_image(pod);
    let cond = |ty: &str, ok: bool, at: DateTime<Utc>| {
        json!({"type": ty, "status": if ok { "True" } else { "False" }, "lastProbeTime": null,
               "lastTransitionTime": ts(at)})
    };
    let ready_at = if stage == 2 {
        times.ready
    } else {
        times.created
    };
    let state = match stage {
        0 => json!({"waiting": {"reason": "ContainerCreating"}}),
        _ => json!({"running": {"startedAt": ts(times.started)}}),
    };
    json!({
        "phase": if stage == 0 { "Pending" } else { "Running" },
        "conditions": [
            cond("PodReadyToStartContainers", stage > 0, times.started),
            cond("Initialized", true, times.created),
            cond("Ready", stage == 2, ready_at),
            cond("ContainersReady", stage == 2, ready_at),
            cond("PodScheduled", true, times.created),
        ],
        "hostIP": format!("10.0.0.{}", 10 + h % 3),
        "podIP": if stage == 0 { Value::Null } else { json!(format!("10.244.{}.{}", h % 3, 2 + (h >> 8) % 250)) },
        "startTime": ts(times.created),
        "qosClass": "Burstable",
        "containerStatuses": [{
            "name": container,
            "image": image,
            "imageID": if stage == 0 { String::new() } else { format!("{image}@sha256:{:016x}", fnv(&[image])) },
            "containerID": if stage == 0 { Value::Null } else { json!(format!("containerd://{h:016x}")) },
            "ready": stage == 2,
            "started": stage > 0,
            "restartCount": 0,
            "state": state,
        }],
    })
}

impl Cluster {
    /// Whether this pod runs the "bad" build: a new image in production while `bad_release` is set.
    pub(crate) fn is_bad_pod(&self, pod: &Value) -> bool {
        self.bad_release
            && str_of(pod, "/metadata/namespace") == "production"
            && !super::commits::HISTORY
                .iter()
                .any(|c| c.image() == pod_image(pod))
    }

    /// Creates a pod for ReplicaSet `rs` (status filled in by `sync_pods`).
    pub(crate) fn create_pod(&mut self, rs: &Value, t: DateTime<Utc>) -> String {
        self.seq += 1;
        let ns = str_of(rs, "/metadata/namespace").to_string();
        let rs_name = str_of(rs, "/metadata/name");
        let name = format!(
            "{rs_name}-{}",
            safe_suffix(fnv(&[rs_name, &self.seq.to_string()]), 5)
        );
        let mut spec = rs["spec"]["template"]["spec"].clone();
        spec["nodeName"] = json!(format!("gantry-node-{}", 1 + fnv(&[&name]) % 3));
        let uid = self.store.next_uid(Kind::Pod, &ns, &name);
        let mut pod = json!({
            "metadata": {
                "name": name, "generateName": format!("{rs_name}-"), "namespace": ns, "uid": uid,
                "creationTimestamp": ts(t),
                "labels": rs["spec"]["template"]["metadata"]["labels"],
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": rs_name,
                    "uid": rs["metadata"]["uid"], "controller": true, "blockOwnerDeletion": true}],
            },
            "spec": spec,
        });
        if let Some(a) = rs["spec"]["template"]["metadata"]["annotations"].as_object() {
            pod["metadata"]["annotations"] = json!(a);
        }
        let times = pod_times(&pod);
        pod["status"] = status_for(&pod, &times, 0);
        let pod = self.store.put(Kind::Pod, pod);
        let node = pod["spec"]["nodeName"].as_str().unwrap_or("").to_string();
        self.emit(
            &pod,
            false,
            "Scheduled",
            &format!("Successfully assigned {ns}/{name} to {node}"),
            t,
        );
        name
    }

    /// Marks a pod Terminating; `sync_pods` removes it after the grace period.
    pub(crate) fn terminate_pod(&mut self, mut pod: Value, t: DateTime<Utc>) {
        if is_terminating(&pod) {
            return;
        }
        pod["metadata"]["deletionTimestamp"] = json!(ts(t));
        pod["metadata"]["deletionGracePeriodSeconds"] = json!(30);
        let pod = self.store.put(Kind::Pod, pod);
        let c = str_of(&pod, "/spec/containers/0/name").to_string();
        self.emit(
            &pod,
            false,
            "Killing",
            &format!("Stopping container {c}"),
            t,
        );
    }

    /// Moves every pod to its state at `t`.
    pub(crate) fn sync_pods(&mut self, t: DateTime<Utc>) {
        for pod in self
            .store
            .list(Kind::Pod, None)
            .into_iter()
            .cloned()
            .collect::<Vec<_>>()
        {
            let times = pod_times(&pod);
            let ns = str_of(&pod, "/metadata/namespace").to_string();
            let name = str_of(&pod, "/metadata/name").to_string();
            if times.gone.is_some_and(|g| t >= g) {
                self.store.delete(Kind::Pod, &ns, &name);
                continue;
            }
            if is_terminating(&pod) {
                continue;
            }
            let (old, new) = (stored_stage(&pod), stage_at(&times, t));
            if new <= old {
                continue;
            }
            let mut updated = pod.clone();
            updated["status"] = status_for(&pod, &times, new);
            let updated = self.store.put(Kind::Pod, updated);
            let (image, c) = (
                pod_image(&pod).to_string(),
                str_of(&pod, "/spec/containers/0/name"),
            );
            let c = c.to_string();
            if old == 0 {
                let pulled = format!("Container image \"{image}\" already present on machine");
                self.emit(&updated, false, "Pulled", &pulled, times.started);
                self.emit(
                    &updated,
                    false,
                    "Created",
                    &format!("Created container: {c}"),
                    times.started,
                );
                self.emit(
                    &updated,
                    false,
                    "Started",
                    &format!("Started container {c}"),
                    times.started,
                );
            }
            if new == 2 && self.is_bad_pod(&updated) {
                let msg = "Readiness probe failed: HTTP probe failed with statuscode: 500";
                self.emit(&updated, true, "Unhealthy", msg, times.ready);
                let msg = "Liveness probe failed: Get \"http://10.244.0.9:8080/healthz\": context deadline exceeded";
                self.emit(&updated, true, "Unhealthy", msg, times.ready);
            }
        }
    }

    /// The next moment after `after` at which some pod changes by itself.
    pub(crate) fn next_pod_timer(&self, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.store
            .list(Kind::Pod, None)
            .into_iter()
            .flat_map(|p| {
                let t = pod_times(p);
                [Some(t.started), Some(t.ready), t.gone]
            })
            .flatten()
            .filter(|t| *t > after)
            .min()
    }
}
