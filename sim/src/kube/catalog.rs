//! The other standard kinds a cluster serves (config maps, secrets, stateful sets, jobs, ingresses,
//! RBAC objects, ...), answered as empty lists: the simulated cluster has none of them, but a real
//! client that lists them on start (kdash, k9s) must see "none" rather than a 404.

use axum::body::Body;
use axum::http::{Method, StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};

use super::KubeDeps;
use super::http::{Req, json_response, lock, status_error};

/// A kind served with no objects.
pub(crate) struct Empty {
    pub(crate) group: &'static str,
    pub(crate) version: &'static str,
    pub(crate) plural: &'static str,
    pub(crate) singular: &'static str,
    pub(crate) kind: &'static str,
    pub(crate) namespaced: bool,
    pub(crate) short: &'static [&'static str],
    /// In the `all` category (`kubectl get all`).
    pub(crate) all: bool,
}

// One row of the table below, named by position to keep the table readable.
#[allow(clippy::too_many_arguments)]
const fn e(
    group: &'static str,
    version: &'static str,
    plural: &'static str,
    singular: &'static str,
    kind: &'static str,
    namespaced: bool,
    short: &'static [&'static str],
    all: bool,
) -> Empty {
    Empty {
        group,
        version,
        plural,
        singular,
        kind,
        namespaced,
        short,
        all,
    }
}

#[rustfmt::skip]
pub(crate) const EMPTY: &[Empty] = &[
    e("", "v1", "configmaps", "configmap", "ConfigMap", true, &["cm"], false),
    e("", "v1", "secrets", "secret", "Secret", true, &[], false),
    e("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, &["sa"], false),
    e("", "v1", "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true, &["pvc"], false),
    e("", "v1", "persistentvolumes", "persistentvolume", "PersistentVolume", false, &["pv"], false),
    e("", "v1", "endpoints", "endpoints", "Endpoints", true, &["ep"], false),
    e("", "v1", "replicationcontrollers", "replicationcontroller", "ReplicationController", true, &["rc"], true),
    e("", "v1", "resourcequotas", "resourcequota", "ResourceQuota", true, &["quota"], false),
    e("", "v1", "limitranges", "limitrange", "LimitRange", true, &["limits"], false),
    e("apps", "v1", "statefulsets", "statefulset", "StatefulSet", true, &["sts"], true),
    e("apps", "v1", "daemonsets", "daemonset", "DaemonSet", true, &["ds"], true),
    e("batch", "v1", "jobs", "job", "Job", true, &[], true),
    e("batch", "v1", "cronjobs", "cronjob", "CronJob", true, &["cj"], true),
    e("networking.k8s.io", "v1", "ingresses", "ingress", "Ingress", true, &["ing"], false),
    e("networking.k8s.io", "v1", "ingressclasses", "ingressclass", "IngressClass", false, &[], false),
    e("networking.k8s.io", "v1", "networkpolicies", "networkpolicy", "NetworkPolicy", true, &["netpol"], false),
    e("storage.k8s.io", "v1", "storageclasses", "storageclass", "StorageClass", false, &["sc"], false),
    e("rbac.authorization.k8s.io", "v1", "roles", "role", "Role", true, &[], false),
    e("rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", true, &[], false),
    e("rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole", false, &[], false),
    e("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", false, &[], false),
    e("policy", "v1", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", true, &["pdb"], false),
    e("autoscaling", "v2", "horizontalpodautoscalers", "horizontalpodautoscaler", "HorizontalPodAutoscaler", true, &["hpa"], true),
];

/// The groups (other than the core one) the empty kinds belong to, with their version.
pub(crate) fn groups() -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for k in EMPTY.iter().filter(|k| !k.group.is_empty()) {
        if !out.iter().any(|(g, _)| *g == k.group) {
            out.push((k.group, k.version));
        }
    }
    out
}

/// Discovery entries of the empty kinds in `group`/`version`.
pub(crate) fn resources(group: &str, version: &str) -> Vec<Value> {
    EMPTY
        .iter()
        .filter(|k| k.group == group && k.version == version)
        .map(|k| {
            let mut r = json!({"name": k.plural, "singularName": k.singular, "namespaced": k.namespaced,
                               "kind": k.kind, "verbs": ["get", "list", "watch"]});
            if !k.short.is_empty() {
                r["shortNames"] = json!(k.short);
            }
            if k.all {
                r["categories"] = json!(["all"]);
            }
            r
        })
        .collect()
}

/// `(kind, namespace, name)` when `path` names an empty kind.
fn parse(path: &str) -> Option<(&'static Empty, Option<String>, Option<String>)> {
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    let (group, version, rest) = match segs.as_slice() {
        ["api", v, rest @ ..] => ("", *v, rest),
        ["apis", g, v, rest @ ..] => (*g, *v, rest),
        _ => return None,
    };
    let (ns, plural, name) = match rest {
        ["namespaces", ns, plural] => (Some(*ns), *plural, None),
        ["namespaces", ns, plural, name] => (Some(*ns), *plural, Some(*name)),
        [plural] => (None, *plural, None),
        [plural, name] => (None, *plural, Some(*name)),
        _ => return None,
    };
    let k = EMPTY
        .iter()
        .find(|k| k.group == group && k.version == version && k.plural == plural)?;
    Some((k, ns.map(str::to_string), name.map(str::to_string)))
}

/// Answers reads of the empty kinds; `None` for any other path.
pub(crate) fn route(deps: &KubeDeps, req: &Req) -> Option<Response> {
    let (k, _ns, name) = parse(&req.path)?;
    if req.method != Method::GET {
        return Some(status_error(
            405,
            "MethodNotAllowed",
            "the simulated cluster serves this kind read-only",
            Value::Null,
        ));
    }
    let qualified = if k.group.is_empty() {
        k.plural.to_string()
    } else {
        format!("{}.{}", k.plural, k.group)
    };
    if let Some(name) = name {
        return Some(status_error(
            404,
            "NotFound",
            &format!("{qualified} \"{name}\" not found"),
            json!({"name": name, "group": k.group, "kind": k.plural}),
        ));
    }
    let rv = lock(deps).store.rv().to_string();
    if req.is_watch() {
        // Nothing will ever change: the watch ends at once and the client lists again later.
        return Some(
            Response::builder()
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::empty())
                .unwrap_or_default(),
        );
    }
    let api_version = if k.group.is_empty() {
        k.version.to_string()
    } else {
        format!("{}/{}", k.group, k.version)
    };
    let body = if req.wants_table() {
        json!({"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": {"resourceVersion": rv},
               "columnDefinitions": [
                   {"name": "Name", "type": "string", "format": "name", "description": "", "priority": 0},
                   {"name": "Age", "type": "string", "format": "", "description": "", "priority": 0}],
               "rows": []})
    } else {
        json!({"kind": format!("{}List", k.kind), "apiVersion": api_version,
               "metadata": {"resourceVersion": rv}, "items": []})
    };
    Some(json_response(StatusCode::OK, &body))
}
