//! `metrics.k8s.io/v1beta1`, what metrics-server serves and `kubectl top` reads: CPU and memory of
//! every running pod and node, derived from the pod and the simulated time only (so answers are
//! reproducible). In the bad release the canary's pods leak memory: they grow by the minute past
//! the performance gate's budget, which is what the rollout pane should make visible.

use axum::http::{Method, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::http::{Req, json_response, lock, status_error};
use super::infra::NODES;
use super::list::Selectors;
use super::pods::{is_terminating, pod_image, pod_times};
use super::store::Kind;
use super::util::{fnv, str_of, ts};
use super::{Cluster, KubeDeps};
use crate::commits::CANDIDATE;

const MI: u64 = 1024 * 1024;
/// How fast the bad canary's memory grows, MiB per minute of running.
const LEAK_MI_PER_MIN: u64 = 12;
const LEAK_CAP_MI: u64 = 2048;

/// CPU millicores and memory bytes of one running pod at `now`; `None` while it is not running.
pub(crate) fn pod_usage(c: &Cluster, pod: &Value, now: DateTime<Utc>) -> Option<(u64, u64)> {
    let times = pod_times(pod);
    if is_terminating(pod) || now < times.started {
        return None;
    }
    let h = fnv(&[str_of(pod, "/metadata/name")]);
    let leaking = c.bad_release && pod_image(pod) == CANDIDATE.image();
    if leaking {
        let minutes = ((now - times.started).num_seconds().max(0) as u64) / 60;
        let mi = (210 + h % 20 + LEAK_MI_PER_MIN * minutes).min(LEAK_CAP_MI);
        return Some((140 + h % 40, mi * MI + (h >> 16) % MI));
    }
    Some((12 + h % 25, (150 + (h >> 8) % 40) * MI + (h >> 16) % MI))
}

fn pod_metrics(c: &Cluster, pod: &Value, now: DateTime<Utc>) -> Option<Value> {
    let (cpu, mem) = pod_usage(c, pod, now)?;
    let container = str_of(pod, "/spec/containers/0/name");
    Some(json!({
        "kind": "PodMetrics", "apiVersion": "metrics.k8s.io/v1beta1",
        "metadata": {"name": str_of(pod, "/metadata/name"), "namespace": str_of(pod, "/metadata/namespace"),
                     "creationTimestamp": ts(now), "labels": pod["metadata"]["labels"]},
        "timestamp": ts(now), "window": "15.012s",
        "containers": [{"name": container,
                        "usage": {"cpu": format!("{}n", cpu * 1_000_000), "memory": format!("{}Ki", mem / 1024)}}],
    }))
}

fn node_metrics(c: &Cluster, node: &str, now: DateTime<Utc>) -> Value {
    let (mut cpu, mut mem) = (180 + fnv(&[node]) % 60, 1_400 * MI);
    for p in c.store.list(Kind::Pod, None) {
        if str_of(p, "/spec/nodeName") == node
            && let Some((pc, pm)) = pod_usage(c, p, now)
        {
            cpu += pc;
            mem += pm;
        }
    }
    json!({
        "kind": "NodeMetrics", "apiVersion": "metrics.k8s.io/v1beta1",
        "metadata": {"name": node, "creationTimestamp": ts(now),
                     "labels": {"kubernetes.io/hostname": node}},
        "timestamp": ts(now), "window": "20.05s",
        "usage": {"cpu": format!("{}n", cpu * 1_000_000), "memory": format!("{}Ki", mem / 1024)},
    })
}

/// Discovery of the group's one version.
pub(crate) fn resources() -> Value {
    json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "metrics.k8s.io/v1beta1",
    "resources": [
        {"name": "nodes", "singularName": "", "namespaced": false, "kind": "NodeMetrics", "verbs": ["get", "list"]},
        {"name": "pods", "singularName": "", "namespaced": true, "kind": "PodMetrics", "verbs": ["get", "list"]},
    ]})
}

fn list(kind: &str, items: Vec<Value>) -> Value {
    json!({"kind": kind, "apiVersion": "metrics.k8s.io/v1beta1", "metadata": {}, "items": items})
}

fn not_found(what: &str, name: &str) -> Response {
    status_error(
        404,
        "NotFound",
        &format!("{what}.metrics.k8s.io \"{name}\" not found"),
        json!({"name": name, "group": "metrics.k8s.io", "kind": what}),
    )
}

/// Answers `/apis/metrics.k8s.io/v1beta1/...`; `None` for other paths.
pub(crate) fn route(deps: &KubeDeps, req: &Req) -> Option<Response> {
    let rest = req
        .path
        .trim_end_matches('/')
        .strip_prefix("/apis/metrics.k8s.io/v1beta1")?;
    if req.method != Method::GET {
        return Some(status_error(
            405,
            "MethodNotAllowed",
            "metrics are read-only",
            Value::Null,
        ));
    }
    let segs: Vec<&str> = rest.trim_start_matches('/').split('/').collect();
    let now = deps.clock.now();
    let c = lock(deps);
    let sel = Selectors::from_req(req);
    let pods = |ns: Option<&str>| -> Vec<Value> {
        c.store
            .list(Kind::Pod, ns)
            .into_iter()
            .filter(|p| sel.matches(p))
            .filter_map(|p| pod_metrics(&c, p, now))
            .collect()
    };
    let body = match segs.as_slice() {
        [""] => resources(),
        ["pods"] => list("PodMetricsList", pods(None)),
        ["namespaces", ns, "pods"] => list("PodMetricsList", pods(Some(ns))),
        ["namespaces", ns, "pods", name] => {
            match c
                .store
                .get(Kind::Pod, ns, name)
                .and_then(|p| pod_metrics(&c, p, now))
            {
                Some(m) => m,
                None => return Some(not_found("pods", name)),
            }
        }
        ["nodes"] => list(
            "NodeMetricsList",
            NODES.iter().map(|n| node_metrics(&c, n, now)).collect(),
        ),
        ["nodes", name] if NODES.contains(name) => node_metrics(&c, name, now),
        ["nodes", name] => return Some(not_found("nodes", name)),
        _ => return None,
    };
    Some(json_response(StatusCode::OK, &body))
}
