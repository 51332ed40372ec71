//! `meta.k8s.io/v1` Table responses, so `kubectl get` prints the usual columns.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::store::Kind;
use super::util::{human_duration, int_of, parse_ts, str_of};

fn col(name: &str, ty: &str, priority: u8) -> Value {
    let format = if name == "Name" { "name" } else { "" };
    json!({"name": name, "type": ty, "format": format, "description": "", "priority": priority})
}

fn columns(kind: Kind) -> Vec<Value> {
    let s = "string";
    let i = "integer";
    match kind {
        Kind::Deployment => vec![
            col("Name", s, 0),
            col("Ready", s, 0),
            col("Up-to-date", i, 0),
            col("Available", i, 0),
            col("Age", s, 0),
            col("Containers", s, 1),
            col("Images", s, 1),
            col("Selector", s, 1),
        ],
        Kind::ReplicaSet => vec![
            col("Name", s, 0),
            col("Desired", i, 0),
            col("Current", i, 0),
            col("Ready", i, 0),
            col("Age", s, 0),
            col("Containers", s, 1),
            col("Images", s, 1),
            col("Selector", s, 1),
        ],
        Kind::Pod => vec![
            col("Name", s, 0),
            col("Ready", s, 0),
            col("Status", s, 0),
            col("Restarts", s, 0),
            col("Age", s, 0),
            col("IP", s, 1),
            col("Node", s, 1),
        ],
        Kind::Event => vec![
            col("Last Seen", s, 0),
            col("Type", s, 0),
            col("Reason", s, 0),
            col("Object", s, 0),
            col("Subobject", s, 1),
            col("Source", s, 1),
            col("Message", s, 0),
            col("First Seen", s, 1),
            col("Count", i, 1),
            col("Name", s, 1),
        ],
        Kind::Rollout => vec![
            col("Name", s, 0),
            col("Desired", i, 0),
            col("Current", i, 0),
            col("Up-to-date", i, 0),
            col("Available", i, 0),
            col("Age", s, 0),
        ],
        Kind::Namespace => vec![col("Name", s, 0), col("Status", s, 0), col("Age", s, 0)],
        Kind::Service => vec![
            col("Name", s, 0),
            col("Type", s, 0),
            col("Cluster-IP", s, 0),
            col("External-IP", s, 0),
            col("Port(s)", s, 0),
            col("Age", s, 0),
            col("Selector", s, 1),
        ],
        Kind::Node => vec![
            col("Name", s, 0),
            col("Status", s, 0),
            col("Roles", s, 0),
            col("Age", s, 0),
            col("Version", s, 0),
            col("Internal-IP", s, 1),
            col("External-IP", s, 1),
            col("OS-Image", s, 1),
            col("Kernel-Version", s, 1),
            col("Container-Runtime", s, 1),
        ],
    }
}

fn age(obj: &Value, ptr: &str, now: DateTime<Utc>) -> String {
    parse_ts(obj.pointer(ptr).unwrap_or(&Value::Null))
        .map(|t| human_duration(now - t))
        .unwrap_or_else(|| "<unknown>".into())
}

fn containers(obj: &Value) -> (String, String) {
    let cs = obj["spec"]["template"]["spec"]["containers"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let names: Vec<&str> = cs.iter().map(|c| str_of(c, "/name")).collect();
    let images: Vec<&str> = cs.iter().map(|c| str_of(c, "/image")).collect();
    (names.join(","), images.join(","))
}

fn selector(obj: &Value) -> String {
    obj["spec"]["selector"]["matchLabels"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default()
}

fn pod_status(p: &Value) -> String {
    if !p["metadata"]["deletionTimestamp"].is_null() {
        return "Terminating".into();
    }
    let waiting = str_of(p, "/status/containerStatuses/0/state/waiting/reason");
    if !waiting.is_empty() {
        return waiting.into();
    }
    str_of(p, "/status/phase").into()
}

fn cells(kind: Kind, o: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let name = str_of(o, "/metadata/name");
    let created = age(o, "/metadata/creationTimestamp", now);
    let st = |f: &str| int_of(o, &format!("/status/{f}"));
    match kind {
        Kind::Deployment => {
            let (c, i) = containers(o);
            let ready = format!("{}/{}", st("readyReplicas"), int_of(o, "/spec/replicas"));
            vec![
                json!(name),
                json!(ready),
                json!(st("updatedReplicas")),
                json!(st("availableReplicas")),
                json!(created),
                json!(c),
                json!(i),
                json!(selector(o)),
            ]
        }
        Kind::ReplicaSet => {
            let (c, i) = containers(o);
            vec![
                json!(name),
                json!(int_of(o, "/spec/replicas")),
                json!(st("replicas")),
                json!(st("readyReplicas")),
                json!(created),
                json!(c),
                json!(i),
                json!(selector(o)),
            ]
        }
        Kind::Pod => {
            let cs = o["status"]["containerStatuses"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let ready = cs.iter().filter(|c| c["ready"] == json!(true)).count();
            let total = o["spec"]["containers"].as_array().map_or(0, Vec::len);
            let restarts: i64 = cs.iter().map(|c| int_of(c, "/restartCount")).sum();
            vec![
                json!(name),
                json!(format!("{ready}/{total}")),
                json!(pod_status(o)),
                json!(restarts.to_string()),
                json!(created),
                json!(o["status"]["podIP"].as_str().unwrap_or("<none>")),
                json!(str_of(o, "/spec/nodeName")),
            ]
        }
        Kind::Event => {
            let inv = &o["involvedObject"];
            let object = format!(
                "{}/{}",
                str_of(inv, "/kind").to_lowercase(),
                str_of(inv, "/name")
            );
            vec![
                json!(age(o, "/lastTimestamp", now)),
                json!(str_of(o, "/type")),
                json!(str_of(o, "/reason")),
                json!(object),
                json!(""),
                json!(str_of(o, "/source/component")),
                json!(str_of(o, "/message")),
                json!(age(o, "/firstTimestamp", now)),
                json!(int_of(o, "/count")),
                json!(name),
            ]
        }
        Kind::Rollout => vec![
            json!(name),
            json!(int_of(o, "/spec/replicas")),
            json!(st("replicas")),
            json!(st("updatedReplicas")),
            json!(st("availableReplicas")),
            json!(created),
        ],
        Kind::Namespace => vec![
            json!(name),
            json!(str_of(o, "/status/phase")),
            json!(created),
        ],
        Kind::Service => super::infra::service_cells(o, created),
        Kind::Node => super::infra::node_cells(o, created),
    }
}

/// A Table of `objs`; rows carry the object as PartialObjectMetadata unless `include` says otherwise.
pub(crate) fn table(
    kind: Kind,
    objs: &[Value],
    now: DateTime<Utc>,
    rv: u64,
    include: &str,
    with_columns: bool,
) -> Value {
    let rows: Vec<Value> = objs
        .iter()
        .map(|o| {
            let object = match include {
                "Object" => o.clone(),
                "None" => Value::Null,
                _ => json!({"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": o["metadata"]}),
            };
            json!({"cells": cells(kind, o, now), "object": object})
        })
        .collect();
    let mut t = json!({"kind": "Table", "apiVersion": "meta.k8s.io/v1",
                       "metadata": {"resourceVersion": rv.to_string()}, "rows": rows});
    if with_columns {
        t["columnDefinitions"] = json!(columns(kind));
    }
    t
}
