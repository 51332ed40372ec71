//! `/version` and legacy discovery (`/api`, `/apis`, group versions). Aggregated discovery requests
//! get plain JSON with a plain content type, which kubectl accepts as the legacy format.

use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use super::catalog;
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

fn with_empty(group_version: &str, mut resources: Vec<Value>) -> Value {
    let (group, version) = group_version.split_once('/').unwrap_or(("", group_version));
    resources.extend(catalog::resources(group, version));
    json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": group_version, "resources": resources})
}

fn core_v1() -> Value {
    let mut nodes = resource("nodes", "node", "Node", false, &["no"], READ);
    nodes.as_object_mut().map(|o| o.remove("categories"));
    with_empty(
        "v1",
        vec![
            resource("namespaces", "namespace", "Namespace", false, &["ns"], READ),
            resource("pods", "pod", "Pod", true, &["po"], RWD),
            resource("pods/log", "", "Pod", true, &[], &["get"]),
            resource("pods/status", "", "Pod", true, &[], &["get"]),
            resource("events", "event", "Event", true, &["ev"], READ),
            resource("services", "service", "Service", true, &["svc"], READ),
            nodes,
        ],
    )
}

fn apps_v1() -> Value {
    with_empty(
        "apps/v1",
        vec![
            resource(
                "deployments",
                "deployment",
                "Deployment",
                true,
                &["deploy"],
                RW,
            ),
            resource("deployments/scale", "", "Scale", true, &[], SUB),
            resource("deployments/status", "", "Deployment", true, &[], SUB),
            resource("replicasets", "replicaset", "ReplicaSet", true, &["rs"], RW),
            resource("replicasets/scale", "", "Scale", true, &[], SUB),
            resource("replicasets/status", "", "ReplicaSet", true, &[], SUB),
        ],
    )
}

fn authorization_v1() -> Value {
    json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "authorization.k8s.io/v1", "resources": [
        {"name": "selfsubjectaccessreviews", "singularName": "selfsubjectaccessreview", "namespaced": false,
         "kind": "SelfSubjectAccessReview", "verbs": ["create"]},
    ]})
}

/// Every group served, with its one version, in the order `/apis` lists them.
fn all_groups() -> Vec<(&'static str, &'static str)> {
    let mut g = vec![("apps", "v1")];
    g.extend(catalog::groups().into_iter().filter(|(n, _)| *n != "apps"));
    g.extend([
        ("authorization.k8s.io", "v1"),
        ("metrics.k8s.io", "v1beta1"),
        ("argoproj.io", "v1alpha1"),
    ]);
    g
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
            "groups": all_groups().into_iter().map(|(n, v)| group(n, v)).collect::<Vec<_>>()})),
        "/apis/apps/v1" => ok(apps_v1()),
        "/apis/argoproj.io/v1alpha1" => ok(argo_v1alpha1()),
        "/apis/authorization.k8s.io/v1" => ok(authorization_v1()),
        "/apis/metrics.k8s.io/v1beta1" => ok(super::podmetrics::resources()),
        path => {
            let rest = path.strip_prefix("/apis/")?;
            let groups = all_groups();
            if let Some((name, version)) = groups.iter().find(|(n, _)| *n == rest) {
                return ok(group(name, version));
            }
            let (name, version) = rest.split_once('/')?;
            groups.iter().find(|(n, v)| *n == name && *v == version)?;
            ok(with_empty(rest, Vec::new()))
        }
    }
}
