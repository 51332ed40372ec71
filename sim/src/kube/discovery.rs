//! `/version` and legacy discovery (`/api`, `/apis`, group versions). Aggregated discovery requests
//! get plain JSON with a plain content type, which kubectl accepts as the legacy format.

use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use super::http::{Req, json_response};

fn resource(
    name: &str,
    singular: &str,
    kind: &str,
    namespaced: bool,
    short: &[&str],
    verbs: &[&str],
) -> Value {
    let mut r = json!({
        "name": name, "singularName": singular, "namespaced": namespaced, "kind": kind, "verbs": verbs,
    });
    if !short.is_empty() {
        r["shortNames"] = json!(short);
    }
    if !name.contains('/') && kind != "Event" && kind != "Namespace" {
        r["categories"] = json!(["all"]);
    }
    r
}

const READ: &[&str] = &["get", "list", "watch"];
const RW: &[&str] = &["get", "list", "watch", "patch", "update"];
const RWD: &[&str] = &["delete", "get", "list", "watch", "patch", "update"];
const SUB: &[&str] = &["get", "patch", "update"];

fn core_v1() -> Value {
    json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "v1", "resources": [
        resource("namespaces", "namespace", "Namespace", false, &["ns"], READ),
        resource("pods", "pod", "Pod", true, &["po"], RWD),
        resource("pods/log", "", "Pod", true, &[], &["get"]),
        resource("pods/status", "", "Pod", true, &[], &["get"]),
        resource("events", "event", "Event", true, &["ev"], READ),
    ]})
}

fn apps_v1() -> Value {
    json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "apps/v1", "resources": [
        resource("deployments", "deployment", "Deployment", true, &["deploy"], RW),
        resource("deployments/scale", "", "Scale", true, &[], SUB),
        resource("deployments/status", "", "Deployment", true, &[], SUB),
        resource("replicasets", "replicaset", "ReplicaSet", true, &["rs"], RW),
        resource("replicasets/scale", "", "Scale", true, &[], SUB),
        resource("replicasets/status", "", "ReplicaSet", true, &[], SUB),
    ]})
}

fn argo_v1alpha1() -> Value {
    json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "argoproj.io/v1alpha1", "resources": [
        resource("rollouts", "rollout", "Rollout", true, &["ro"], RW),
        resource("rollouts/scale", "", "Scale", true, &[], SUB),
        resource("rollouts/status", "", "Rollout", true, &[], SUB),
    ]})
}

fn group(name: &str, version: &str) -> Value {
    let gv = json!({"groupVersion": format!("{name}/{version}"), "version": version});
    json!({"kind": "APIGroup", "apiVersion": "v1", "name": name, "versions": [gv.clone()], "preferredVersion": gv})
}

/// Answers discovery paths; `None` for anything else.
pub(crate) fn route(req: &Req) -> Option<Response> {
    if req.method != Method::GET {
        return None;
    }
    let ok = |v: Value| Some(json_response(StatusCode::OK, &v));
    match req.path.trim_end_matches('/') {
        "/version" => ok(json!({
            "major": "1", "minor": "32", "gitVersion": "v1.32.0", "gitCommit": "gantry-demo",
            "gitTreeState": "clean", "buildDate": "2026-01-01T00:00:00Z", "goVersion": "go1.23.4",
            "compiler": "gc", "platform": "linux/amd64",
        })),
        "/healthz" | "/livez" | "/readyz" => Some(Response::new("ok".into())),
        "/api" => ok(json!({"kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1:6443"}]})),
        "/api/v1" => ok(core_v1()),
        "/apis" => ok(json!({"kind": "APIGroupList", "apiVersion": "v1",
            "groups": [group("apps", "v1"), group("argoproj.io", "v1alpha1")]})),
        "/apis/apps" => ok(group("apps", "v1")),
        "/apis/argoproj.io" => ok(group("argoproj.io", "v1alpha1")),
        "/apis/apps/v1" => ok(apps_v1()),
        "/apis/argoproj.io/v1alpha1" => ok(argo_v1alpha1()),
        _ => None,
    }
}
