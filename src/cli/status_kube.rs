//! The cluster half of `gantry status`: each environment's workload read once, with the sentence
//! `kubectl rollout status` would print, the revision running and, for a canary, its step.

use std::time::Duration;

use serde_json::{Value, json};

use super::kube_setup;
use crate::config::Config;
use crate::model::kube::status::sentence;
use crate::model::kube::{Link, Workload};
use crate::sources::kube;

/// How long one environment's cluster may take to answer: a snapshot for scripts must end, and
/// kube-rs keeps retrying a server that answers 503.
const FETCH_TIMEOUT: Duration = Duration::from_secs(10);

/// One JSON object per environment with a workload, in config order.
pub async fn environments(config: &Config) -> Value {
    let clusters = kube_setup::clusters(config);
    let mut out = Vec::new();
    for e in &config.environments {
        let Some(t) = kube_setup::target(e) else {
            continue;
        };
        let mut v = json!({
            "name": e.name, "context": t.context, "namespace": t.namespace, "workload": t.workload(),
        });
        let fetched = tokio::time::timeout(FETCH_TIMEOUT, kube::ops::fetch(&clusters, &t))
            .await
            .unwrap_or_else(|_| {
                Err(kube::Trouble {
                    link: Link::Unreachable,
                    message: format!(
                        "no answer from the API server in {} s",
                        FETCH_TIMEOUT.as_secs()
                    ),
                })
            });
        match fetched {
            Ok(f) => {
                v["state"] = json!(Link::Connected.word());
                let revision = f.workload.current_revision(&f.revisions);
                merge(&mut v, workload(&f.workload, revision));
            }
            Err(trouble) => {
                v["state"] = json!(trouble.link.word());
                v["error"] = json!(trouble.message);
            }
        }
        out.push(v);
    }
    Value::Array(out)
}

fn merge(into: &mut Value, from: Value) {
    if let (Some(a), Value::Object(b)) = (into.as_object_mut(), from) {
        a.extend(b);
    }
}

/// A workload's state: replicas, images, the status sentence and the canary.
pub fn workload(w: &Workload, revision: Option<u64>) -> Value {
    let s = sentence(w);
    let mut v = json!({
        "revision": revision, "images": w.images, "paused": w.paused,
        "replicas": {"desired": w.desired, "total": w.total, "updated": w.updated, "ready": w.ready,
                     "available": w.available},
        "status": s.text, "done": s.done, "error": s.error,
    });
    if let Some(c) = &w.canary {
        v["canary"] = json!({
            "phase": c.phase, "step": c.current_step, "steps": c.steps.len(),
            "set_weight": c.set_weight, "actual_weight": c.actual_weight, "aborted": c.aborted,
            "pause_reasons": c.pause_reasons, "waits_for_human": c.waits_for_human(),
        });
    }
    v
}

/// One line per environment for the text summary.
pub fn summary(envs: &Value) -> String {
    let mut out = String::new();
    for e in envs.as_array().into_iter().flatten() {
        let s = |k: &str| e[k].as_str().unwrap_or("").to_string();
        let detail = match e["error"].as_str() {
            Some(err) => err.to_string(),
            None => s("status"),
        };
        out.push_str(&format!(
            "{:<12} {:<16} {:<12} {detail}\n",
            s("name"),
            s("workload"),
            s("state")
        ));
    }
    out
}
