//! Writes: JSON patch, merge patch and strategic merge patch on objects and their `status` and
//! `scale` subresources, pod deletion, and `dryRun=All`.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::http::{Req, Target, json_response, lock, not_found, status_error};
use super::store::Kind;
use super::util::{int_of, str_of};
use super::{Cluster, KubeDeps};

fn bad_request(msg: &str) -> Response {
    status_error(400, "BadRequest", msg, Value::Null)
}

fn invalid(kind: Kind, name: &str, msg: &str) -> Response {
    status_error(
        422,
        "Invalid",
        &format!("{} \"{name}\" is invalid: {msg}", kind.name()),
        json!({"name": name, "group": kind.group(), "kind": kind.name()}),
    )
}

/// Strategic merge patch for the fields kubectl writes: maps merge, `null` deletes, and lists of
/// named objects (containers, ports, env) merge by name. Directives (`$...`) are dropped.
pub(crate) fn strategic_merge(target: &mut Value, patch: &Value) {
    let (Some(t), Some(p)) = (target.as_object_mut(), patch.as_object()) else {
        *target = patch.clone();
        return;
    };
    for (k, v) in p {
        if k.starts_with('$') {
            continue;
        }
        if v.is_null() {
            t.remove(k);
            continue;
        }
        let keyed = |a: &Vec<Value>| a.iter().all(|e| e["name"].is_string());
        match (t.get_mut(k), v) {
            (Some(Value::Array(ta)), Value::Array(pa)) if keyed(pa) && keyed(ta) => {
                for pe in pa {
                    match ta.iter_mut().find(|te| te["name"] == pe["name"]) {
                        Some(te) => strategic_merge(te, pe),
                        None => ta.push(pe.clone()),
                    }
                }
            }
            (Some(tv @ Value::Object(_)), Value::Object(_)) => strategic_merge(tv, v),
            _ => {
                t.insert(k.clone(), v.clone());
            }
        }
    }
}

/// Applies the request's patch to `doc`.
fn apply(req: &Req, doc: &Value) -> Result<Value, Box<Response>> {
    let mut doc = doc.clone();
    let ct = req.content_type.split(';').next().unwrap_or("").trim();
    if req.method == axum::http::Method::PUT {
        return serde_json::from_slice(&req.body)
            .map_err(|e| Box::new(bad_request(&format!("invalid body: {e}"))));
    }
    let patch: Value = serde_json::from_slice(&req.body)
        .map_err(|e| Box::new(bad_request(&format!("error decoding patch: {e}"))))?;
    match ct {
        "application/json-patch+json" => {
            let p: json_patch::Patch = serde_json::from_value(patch)
                .map_err(|e| Box::new(bad_request(&format!("invalid JSON patch: {e}"))))?;
            json_patch::patch(&mut doc, &p).map_err(|e| {
                Box::new(status_error(
                    422,
                    "Invalid",
                    &format!("the server rejected our request due to an error in our request: {e}"),
                    Value::Null,
                ))
            })?;
        }
        "application/merge-patch+json" => json_patch::merge(&mut doc, &patch),
        "application/strategic-merge-patch+json" => strategic_merge(&mut doc, &patch),
        other => {
            return Err(Box::new(status_error(
                415,
                "UnsupportedMediaType",
                &format!(
                    "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got {other:?})"
                ),
                Value::Null,
            )));
        }
    }
    Ok(doc)
}

/// Type-checks a patched object the way the apiserver's decoding would.
fn validate(kind: Kind, obj: &Value) -> Result<(), String> {
    use k8s_openapi::api::{apps::v1 as apps, core::v1 as core};
    let r = match kind {
        Kind::Deployment => serde_json::from_value::<apps::Deployment>(obj.clone()).map(|_| ()),
        Kind::ReplicaSet => serde_json::from_value::<apps::ReplicaSet>(obj.clone()).map(|_| ()),
        Kind::Pod => serde_json::from_value::<core::Pod>(obj.clone()).map(|_| ()),
        _ => Ok(()),
    };
    r.map_err(|e| e.to_string())?;
    if matches!(kind, Kind::Deployment | Kind::Rollout) {
        if obj["spec"]["replicas"].as_i64().is_some_and(|r| r < 0) {
            return Err("spec.replicas: Invalid value: must be greater than or equal to 0".into());
        }
        if obj["spec"]["template"]["spec"]["containers"]
            .as_array()
            .is_none_or(Vec::is_empty)
        {
            return Err("spec.template.spec.containers: Required value".into());
        }
    }
    Ok(())
}

fn scale_of(obj: &Value) -> Value {
    let m = &obj["metadata"];
    json!({"kind": "Scale", "apiVersion": "autoscaling/v1",
        "metadata": {"name": m["name"], "namespace": m["namespace"], "uid": m["uid"],
                     "resourceVersion": m["resourceVersion"], "creationTimestamp": m["creationTimestamp"]},
        "spec": {"replicas": int_of(obj, "/spec/replicas")},
        "status": {"replicas": int_of(obj, "/status/replicas"), "selector": "app=shop"}})
}

pub(crate) fn get_scale(deps: &KubeDeps, t: &Target) -> Response {
    let name = t.name.as_deref().unwrap_or("");
    let c = lock(deps);
    match c.store.get(t.kind, t.ns.as_deref().unwrap_or(""), name) {
        Some(o) if matches!(t.kind, Kind::Deployment | Kind::ReplicaSet | Kind::Rollout) => {
            json_response(StatusCode::OK, &scale_of(o))
        }
        _ => not_found(t.kind, name),
    }
}

/// Stores a changed object (unless dry run) and lets the controllers react at the cluster's time.
fn commit(c: &mut Cluster, kind: Kind, obj: Value, dry: bool) -> Value {
    if dry {
        return obj;
    }
    let stored = c.store.put(kind, obj);
    let now = c.now;
    c.reconcile(now);
    stored
}

pub(crate) fn patch(deps: &KubeDeps, req: &Req, t: &Target) -> Response {
    let name = t.name.as_deref().unwrap_or("");
    let mut c = lock(deps);
    let Some(old) = c
        .store
        .get(t.kind, t.ns.as_deref().unwrap_or(""), name)
        .cloned()
    else {
        return not_found(t.kind, name);
    };
    let dry = req.dry_run();
    match t.sub.as_deref() {
        Some("scale") => {
            let scale = match apply(req, &scale_of(&old)) {
                Ok(s) => s,
                Err(r) => return *r,
            };
            let Some(n) = scale["spec"]["replicas"].as_i64().filter(|n| *n >= 0) else {
                return invalid(
                    t.kind,
                    name,
                    "spec.replicas: Invalid value: must be a non-negative integer",
                );
            };
            let mut obj = old.clone();
            if n != int_of(&old, "/spec/replicas") {
                obj["spec"]["replicas"] = json!(n);
                obj["metadata"]["generation"] = json!(int_of(&old, "/metadata/generation") + 1);
            }
            let stored = commit(&mut c, t.kind, obj, dry);
            json_response(StatusCode::OK, &scale_of(&stored))
        }
        Some("status") => {
            let patched = match apply(req, &old) {
                Ok(p) => p,
                Err(r) => return *r,
            };
            let mut obj = old.clone();
            obj["status"] = patched["status"].clone();
            json_response(StatusCode::OK, &commit(&mut c, t.kind, obj, dry))
        }
        None => {
            let mut obj = match apply(req, &old) {
                Ok(p) => p,
                Err(r) => return *r,
            };
            if !obj.is_object() || str_of(&obj, "/metadata/name") != name {
                return invalid(
                    t.kind,
                    name,
                    "metadata.name: Invalid value: field is immutable",
                );
            }
            if let Err(e) = validate(t.kind, &obj) {
                return invalid(t.kind, name, &e);
            }
            // The main resource cannot change status or the server-owned metadata.
            obj["status"] = old["status"].clone();
            for f in [
                "uid",
                "namespace",
                "creationTimestamp",
                "generation",
                "ownerReferences",
            ] {
                obj["metadata"][f] = old["metadata"][f].clone();
            }
            if obj["spec"] != old["spec"] && !old["metadata"]["generation"].is_null() {
                obj["metadata"]["generation"] = json!(int_of(&old, "/metadata/generation") + 1);
            }
            super::util::prune_nulls(&mut obj["spec"]);
            super::util::prune_nulls(&mut obj["metadata"]);
            json_response(StatusCode::OK, &commit(&mut c, t.kind, obj, dry))
        }
        Some(other) => status_error(
            404,
            "NotFound",
            &format!("no subresource {other:?}"),
            Value::Null,
        ),
    }
}

pub(crate) fn delete_pod(deps: &KubeDeps, req: &Req, t: &Target) -> Response {
    let name = t.name.as_deref().unwrap_or("");
    let mut c = lock(deps);
    let Some(pod) = c
        .store
        .get(Kind::Pod, t.ns.as_deref().unwrap_or(""), name)
        .cloned()
    else {
        return not_found(Kind::Pod, name);
    };
    if req.dry_run() {
        return json_response(StatusCode::OK, &pod);
    }
    let now = c.now;
    c.terminate_pod(pod, now);
    c.reconcile(now);
    let ns = t.ns.as_deref().unwrap_or("");
    let out = c
        .store
        .get(Kind::Pod, ns, name)
        .cloned()
        .unwrap_or(Value::Null);
    json_response(StatusCode::OK, &out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strategic_merge_merges_containers_by_name() {
        let mut d = json!({"spec":{"template":{"spec":{"containers":[{"name":"shop","image":"a","ports":[]}]}}}});
        let p = json!({"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"x"}},
            "spec":{"$setElementOrder/containers":[{"name":"shop"}],"containers":[{"name":"shop","image":"b"}]}}}});
        strategic_merge(&mut d, &p);
        assert_eq!(d["spec"]["template"]["spec"]["containers"][0]["image"], "b");
        assert!(d["spec"]["template"]["spec"]["containers"][0]["ports"].is_array());
        assert_eq!(
            d["spec"]["template"]["metadata"]["annotations"]["kubectl.kubernetes.io/restartedAt"],
            "x"
        );
    }
}
