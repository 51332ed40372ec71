//! The API's objects into the model: where text from the cluster is sanitised, once, on arrival.
//! Workloads arrive as JSON (a Deployment and an Argo Rollout share the fields the pane reads);
//! ReplicaSets, pods and events as k8s-openapi's types.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use k8s_openapi::api::apps::v1::ReplicaSet;
use k8s_openapi::api::core::v1::{Event as KEvent, Pod as KPod};
use serde_json::Value;

use crate::model::kube::{Canary, Event, Kind, Pod, Revision, Step, Usage, Workload};
use crate::sanitize::clean;

/// k8s-openapi's timestamps (jiff) as the model's (chrono).
fn time(t: k8s_openapi::jiff::Timestamp) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(t.as_second(), t.subsec_nanosecond().max(0) as u32)
}

fn s(v: &Value, ptr: &str) -> Option<String> {
    v.pointer(ptr).and_then(Value::as_str).map(clean)
}

fn i(v: &Value, ptr: &str) -> i64 {
    match v.pointer(ptr) {
        Some(Value::Number(n)) => n.as_i64().unwrap_or(0),
        // Argo writes observedGeneration as a string.
        Some(Value::String(t)) => t.parse().unwrap_or(0),
        _ => 0,
    }
}

fn clean_map(m: Option<&BTreeMap<String, String>>) -> BTreeMap<String, String> {
    m.into_iter()
        .flatten()
        .map(|(k, v)| (clean(k), clean(v)))
        .collect()
}

fn images(template: &Value) -> Vec<String> {
    template
        .pointer("/spec/containers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| c.get("image").and_then(Value::as_str).map(clean))
        .collect()
}

/// A Deployment or Rollout as JSON.
pub fn workload(kind: Kind, v: &Value) -> Workload {
    let annotations = v
        .pointer("/metadata/annotations")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, x)| Some((clean(k), clean(x.as_str()?))))
                .collect()
        })
        .unwrap_or_default();
    let template = v.pointer("/spec/template").cloned().unwrap_or(Value::Null);
    let progressing_reason = v
        .pointer("/status/conditions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|c| c.get("type").and_then(Value::as_str) == Some("Progressing"))
        .and_then(|c| s(c, "/reason"));
    Workload {
        kind: Some(kind),
        name: s(v, "/metadata/name").unwrap_or_default(),
        generation: i(v, "/metadata/generation"),
        observed_generation: i(v, "/status/observedGeneration"),
        desired: v
            .pointer("/spec/replicas")
            .and_then(Value::as_i64)
            .unwrap_or(1) as i32,
        total: i(v, "/status/replicas") as i32,
        updated: i(v, "/status/updatedReplicas") as i32,
        ready: i(v, "/status/readyReplicas") as i32,
        available: i(v, "/status/availableReplicas") as i32,
        paused: v.pointer("/spec/paused").and_then(Value::as_bool) == Some(true),
        progressing_reason,
        annotations,
        images: images(&template),
        template,
        canary: (kind == Kind::Rollout).then(|| canary(v)),
    }
}

fn canary(v: &Value) -> Canary {
    let steps: Vec<Step> = v
        .pointer("/spec/strategy/canary/steps")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|st| {
            if let Some(w) = st.get("setWeight").and_then(Value::as_u64) {
                Step::SetWeight(w as u32)
            } else if let Some(p) = st.get("pause") {
                Step::Pause(p.get("duration").map(|d| match d {
                    Value::String(t) => clean(t),
                    other => format!("{other}s"),
                }))
            } else if let Some(a) = st.get("analysis") {
                Step::Analysis(
                    s(a, "/templates/0/templateName").unwrap_or_else(|| "analysis".into()),
                )
            } else {
                Step::Other(clean(&st.to_string()))
            }
        })
        .collect();
    let current_step = (i(v, "/status/currentStepIndex").max(0) as usize).min(steps.len());
    let pause_reasons = v
        .pointer("/status/pauseConditions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| s(p, "/reason"))
        .collect();
    Canary {
        set_weight: Canary::weight_before(&steps, current_step),
        steps,
        current_step,
        phase: s(v, "/status/phase").unwrap_or_else(|| "Progressing".into()),
        message: s(v, "/status/message"),
        pause_reasons,
        aborted: v.pointer("/status/abort").and_then(Value::as_bool) == Some(true),
        actual_weight: i(v, "/status/canary/weights/canary/weight").max(0) as u32,
        stable_hash: s(v, "/status/stableRS"),
        current_hash: s(v, "/status/currentPodHash"),
        analysis: s(v, "/status/canary/currentStepAnalysisRunStatus/status"),
    }
}

/// Whether `owner_uid` controls an object with these owner references.
pub fn controlled_by(
    refs: Option<&Vec<k8s_openapi::apimachinery::pkg::apis::meta::v1::OwnerReference>>,
    owner_uid: &str,
) -> bool {
    refs.into_iter()
        .flatten()
        .any(|r| r.controller == Some(true) && r.uid == owner_uid)
}

/// A ReplicaSet of the workload; `template` is the workload's, to mark the current revision.
pub fn revision(kind: Kind, rs: &ReplicaSet, workload_template: &Value) -> Revision {
    let meta = &rs.metadata;
    let annotations = clean_map(meta.annotations.as_ref());
    let spec = rs.spec.as_ref();
    let template = spec
        .and_then(|s| serde_json::to_value(&s.template).ok())
        .unwrap_or(Value::Null);
    let hash = template
        .pointer(&format!(
            "/metadata/labels/{}",
            kind.hash_label().replace('/', "~1")
        ))
        .and_then(Value::as_str)
        .map(clean);
    let status = rs.status.as_ref();
    Revision {
        number: annotations
            .get(kind.revision_key())
            .and_then(|r| r.parse().ok())
            .unwrap_or(0),
        name: meta.name.as_deref().map(clean).unwrap_or_default(),
        uid: meta.uid.clone().unwrap_or_default(),
        hash,
        images: images(&template),
        change_cause: annotations.get("kubernetes.io/change-cause").cloned(),
        created: meta.creation_timestamp.as_ref().and_then(|t| time(t.0)),
        current: crate::model::kube::history::without_hash(&template, kind)
            == crate::model::kube::history::without_hash(workload_template, kind),
        replicas: status.map_or(0, |s| s.replicas),
        ready: status.and_then(|s| s.ready_replicas).unwrap_or(0),
        annotations,
        template,
    }
}

/// A pod; `revisions` maps its owning ReplicaSet's uid to that revision's number.
pub fn pod(p: &KPod, revisions: &HashMap<String, u64>, hash_label: &str) -> Pod {
    let meta = &p.metadata;
    let status = p.status.as_ref();
    let containers = status
        .and_then(|s| s.container_statuses.as_ref())
        .map(Vec::as_slice)
        .unwrap_or_default();
    let spec_count = p.spec.as_ref().map_or(0, |s| s.containers.len());
    let phase = if meta.deletion_timestamp.is_some() {
        "Terminating".to_string()
    } else {
        status
            .and_then(|s| s.phase.as_deref())
            .map(clean)
            .unwrap_or_else(|| "Pending".into())
    };
    let owner = meta
        .owner_references
        .iter()
        .flatten()
        .find(|r| r.controller == Some(true))
        .map(|r| r.uid.clone());
    Pod {
        name: meta.name.as_deref().map(clean).unwrap_or_default(),
        phase,
        ready_containers: containers.iter().filter(|c| c.ready).count() as u32,
        containers: spec_count.max(containers.len()) as u32,
        restarts: containers
            .iter()
            .map(|c| c.restart_count.max(0) as u32)
            .sum(),
        created: meta.creation_timestamp.as_ref().and_then(|t| time(t.0)),
        node: p
            .spec
            .as_ref()
            .and_then(|s| s.node_name.as_deref())
            .map(clean),
        hash: meta
            .labels
            .as_ref()
            .and_then(|l| l.get(hash_label))
            .map(|h| clean(h)),
        revision: owner.and_then(|u| revisions.get(&u).copied()),
        image_id: containers
            .first()
            .map(|c| clean(&c.image_id))
            .filter(|i| !i.is_empty()),
        image: p
            .spec
            .as_ref()
            .and_then(|s| s.containers.first())
            .and_then(|c| c.image.as_deref())
            .map(clean),
        usage: None,
    }
}

pub fn event(e: &KEvent) -> Event {
    let obj = &e.involved_object;
    let last: Option<DateTime<Utc>> = e
        .last_timestamp
        .as_ref()
        .and_then(|t| time(t.0))
        .or_else(|| e.event_time.as_ref().and_then(|t| time(t.0)))
        .or_else(|| {
            e.metadata
                .creation_timestamp
                .as_ref()
                .and_then(|t| time(t.0))
        });
    Event {
        warning: e.type_.as_deref() == Some("Warning"),
        reason: e.reason.as_deref().map(clean).unwrap_or_default(),
        message: e.message.as_deref().map(clean).unwrap_or_default(),
        object: format!(
            "{}/{}",
            obj.kind.as_deref().map(clean).unwrap_or_default(),
            obj.name.as_deref().map(clean).unwrap_or_default()
        ),
        count: e.count.unwrap_or(1).max(1) as u32,
        last,
    }
}

/// One `PodMetrics` item: its name and summed usage.
pub fn pod_usage(item: &Value) -> Option<(String, Usage)> {
    use crate::model::kube::quantity::{bytes, millicores};
    let name = s(item, "/metadata/name")?;
    let mut u = Usage::default();
    for c in item.get("containers")?.as_array()? {
        u.cpu_millicores += s(c, "/usage/cpu")
            .and_then(|q| millicores(&q))
            .unwrap_or(0.0);
        u.memory_bytes += s(c, "/usage/memory").and_then(|q| bytes(&q)).unwrap_or(0);
    }
    Some((name, u))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_rollout_arrives_sanitised_with_its_canary() {
        let v = json!({
            "metadata": {"name": "shop\u{1b}[2J", "generation": 7},
            "spec": {"replicas": 5, "template": {"spec": {"containers": [{"name": "shop", "image": "img:1"}]}},
                "strategy": {"canary": {"steps": [{"setWeight": 5}, {"pause": {}}, {"setWeight": 50},
                    {"pause": {"duration": "5m"}}]}}},
            "status": {"observedGeneration": "7", "currentStepIndex": 1, "phase": "Paused",
                "message": "CanaryPauseStep", "pauseConditions": [{"reason": "CanaryPauseStep"}],
                "canary": {"weights": {"canary": {"weight": 5}}}, "stableRS": "a", "currentPodHash": "b"}
        });
        let w = workload(Kind::Rollout, &v);
        assert_eq!(w.name, "shop");
        assert_eq!(w.observed_generation, 7);
        assert_eq!(w.desired, 5);
        let c = w.canary.unwrap();
        assert_eq!(c.steps[3], Step::Pause(Some("5m".into())));
        assert_eq!((c.set_weight, c.actual_weight), (5, 5));
        assert!(c.waits_for_human() && c.in_progress());
    }
}
