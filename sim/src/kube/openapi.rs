//! The OpenAPI documents an API server publishes for the resources it serves: `/openapi/v3` (an
//! index of group-versions, each its own document) and `/openapi/v2` (one Swagger document).
//! `kubectl explain` reads v3, and `kubectl apply` reads the PATCH operations' parameters to know
//! the server validates fields itself. The schemas come from k8s-openapi's (generated from the
//! upstream documents, with their descriptions), reshaped as the upstream documents write them:
//! a `$ref` with a description beside it becomes `allOf: [{$ref}]`, resources carry
//! `x-kubernetes-group-version-kind`. Argo's Rollout is a CRD: its schema is the small structural
//! one a CRD publishes.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::http::{Req, json_response};

/// One resource in a document: its kind, plural, whether namespaced, and its subresources.
struct Res {
    kind: &'static str,
    plural: &'static str,
    namespaced: bool,
    subs: &'static [&'static str],
    writable: bool,
}

/// A group-version's document: its path in the index and its resources.
struct Gv {
    group: &'static str,
    version: &'static str,
    resources: &'static [Res],
}

const fn r(
    kind: &'static str,
    plural: &'static str,
    namespaced: bool,
    subs: &'static [&'static str],
    writable: bool,
) -> Res {
    Res {
        kind,
        plural,
        namespaced,
        subs,
        writable,
    }
}

const GVS: &[Gv] = &[
    Gv {
        group: "",
        version: "v1",
        resources: &[
            r("Namespace", "namespaces", false, &[], false),
            r("Pod", "pods", true, &["status"], true),
            r("Event", "events", true, &[], false),
            r("Service", "services", true, &[], false),
            r("Node", "nodes", false, &[], false),
        ],
    },
    Gv {
        group: "apps",
        version: "v1",
        resources: &[
            r(
                "Deployment",
                "deployments",
                true,
                &["status", "scale"],
                true,
            ),
            r(
                "ReplicaSet",
                "replicasets",
                true,
                &["status", "scale"],
                true,
            ),
        ],
    },
    Gv {
        group: "authorization.k8s.io",
        version: "v1",
        resources: &[r(
            "SelfSubjectAccessReview",
            "selfsubjectaccessreviews",
            false,
            &[],
            false,
        )],
    },
    Gv {
        group: "argoproj.io",
        version: "v1alpha1",
        resources: &[r("Rollout", "rollouts", true, &["status", "scale"], true)],
    },
];

impl Gv {
    /// `api/v1`, `apis/apps/v1`: the key in `/openapi/v3`.
    fn path(&self) -> String {
        if self.group.is_empty() {
            format!("api/{}", self.version)
        } else {
            format!("apis/{}/{}", self.group, self.version)
        }
    }
}

/// The schema name upstream gives a kind of a group-version.
fn schema_name(gv: &Gv, kind: &str) -> String {
    match (gv.group, kind) {
        ("", k) => format!("io.k8s.api.core.v1.{k}"),
        ("apps", k) => format!("io.k8s.api.apps.v1.{k}"),
        ("authorization.k8s.io", k) => format!("io.k8s.api.authorization.v1.{k}"),
        (g, k) => {
            let reversed: Vec<&str> = g.split('.').rev().collect();
            format!("{}.{}.{k}", reversed.join("."), gv.version)
        }
    }
}

/// Every built-in schema the served resources reach, named as upstream names them.
fn builtin_schemas() -> Map<String, Value> {
    let mut defs = super::schemas::all();
    for v in defs.values_mut() {
        upstream_style(v);
    }
    defs
}

/// `{"$ref": R, "description": D}` -> `{"allOf": [{"$ref": R}], "description": D}`, as upstream
/// writes a reference with siblings (OpenAPI 3.0 ignores a `$ref`'s siblings).
fn upstream_style(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if m.len() > 1
                && let Some(r) = m.remove("$ref")
            {
                m.insert("allOf".into(), json!([{"$ref": r}]));
            }
            m.values_mut().for_each(upstream_style);
        }
        Value::Array(a) => a.iter_mut().for_each(upstream_style),
        _ => {}
    }
}

/// The structural schema a CRD publishes for `Rollout`: the fields the simulated controller reads.
fn rollout_schema() -> Value {
    let obj = |desc: &str, props: Value| json!({"type": "object", "description": desc, "properties": props});
    let s = |desc: &str| json!({"type": "string", "description": desc});
    let i = |desc: &str| json!({"type": "integer", "format": "int32", "description": desc});
    json!({
        "type": "object",
        "description": "Rollout is a section of the Argo Rollouts API: a Deployment replacement with canary and blue-green strategies.",
        "properties": {
            "apiVersion": s("APIVersion defines the versioned schema of this representation of an object."),
            "kind": s("Kind is a string value representing the REST resource this object represents."),
            "metadata": {"type": "object", "allOf": [{"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"}]},
            "spec": obj("RolloutSpec is the spec for a Rollout resource", json!({
                "replicas": i("Number of desired pods. Defaults to 1."),
                "paused": {"type": "boolean", "description": "Paused pauses the rollout at its current step."},
                "restartAt": {"type": "string", "format": "date-time", "description": "RestartAt indicates when all the pods of a Rollout should be restarted"},
                "revisionHistoryLimit": i("The number of old ReplicaSets to retain."),
                "selector": {"allOf": [{"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector"}],
                             "description": "Label selector for pods."},
                "template": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.PodTemplateSpec"}],
                             "description": "Template describes the pods that will be created."},
                "strategy": obj("The deployment strategy to use to replace existing pods with new ones.", json!({
                    "canary": obj("Canary update strategy", json!({
                        "steps": {"type": "array", "description": "Steps define the order of phases to execute the canary deployment",
                                  "items": obj("CanaryStep defines a step of a canary deployment.", json!({
                                      "setWeight": i("SetWeight sets what percentage of the newRS should receive"),
                                      "pause": obj("Pause freezes the rollout by setting spec.Paused to true.", json!({
                                          "duration": {"x-kubernetes-int-or-string": true, "description": "Duration the amount of time to wait before moving to the next step."}})),
                                      "analysis": obj("Analysis defines the AnalysisRun that will run for a step", json!({}))}))}})),
                })),
            })),
            "status": obj("RolloutStatus is the status for a Rollout resource", json!({
                "phase": s("Phase is the rollout phase: Healthy, Progressing, Paused or Degraded."),
                "message": s("Message provides details on why the rollout is in its current phase"),
                "abort": {"type": "boolean", "description": "Abort cancel the current rollout progression"},
                "promoteFull": {"type": "boolean", "description": "PromoteFull indicates if the rollout should perform a full promotion, skipping analysis and pauses."},
                "currentStepIndex": i("CurrentStepIndex defines the current step of the rollout is on."),
                "currentPodHash": s("CurrentPodHash the hash of the current pod template"),
                "stableRS": s("StableRS indicates the replicaset that has successfully rolled out"),
                "observedGeneration": s("The generation observed by the rollout controller from metadata.generation"),
                "replicas": i("Total number of non-terminated pods targeted by this rollout"),
                "updatedReplicas": i("Total number of non-terminated pods that have the desired template spec."),
                "readyReplicas": i("Total number of ready pods targeted by this rollout."),
                "availableReplicas": i("Total number of available pods targeted by this rollout."),
                "pauseConditions": {"type": "array", "description": "PauseConditions is a list of reasons why rollout became automatically paused",
                                    "items": obj("PauseCondition the reason for a pause and when it started", json!({
                                        "reason": s("PauseReason the reason the rollout paused"),
                                        "startTime": {"type": "string", "format": "date-time", "description": "When the pause started"}}))},
            })),
        },
        "x-kubernetes-group-version-kind": [{"group": "argoproj.io", "kind": "Rollout", "version": "v1alpha1"}],
    })
}

/// Names of the schemas `v` refers to.
fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("$ref")
                && let Some(name) = r.rsplit('/').next()
            {
                out.push(name.to_string());
            }
            m.values().for_each(|x| refs(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

/// `roots` and every schema they reach.
fn closure(all: &Map<String, Value>, roots: Vec<String>) -> Map<String, Value> {
    let (mut seen, mut todo) = (BTreeSet::new(), roots);
    let mut out = Map::new();
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(s) = all.get(&name) {
            refs(s, &mut todo);
            out.insert(name, s.clone());
        }
    }
    out
}

fn gvk(gv: &Gv, kind: &str) -> Value {
    json!([{"group": gv.group, "kind": kind, "version": gv.version}])
}

fn param(name: &str, desc: &str) -> Value {
    json!({"name": name, "in": "query", "description": desc, "schema": {"type": "string", "uniqueItems": true}})
}

/// The operations on one resource's paths, with what `kubectl apply` checks (PATCH's
/// `fieldValidation` and `dryRun` parameters) and the vendor extensions kubectl matches on.
fn paths_of(gv: &Gv, res: &Res, v3: bool) -> Map<String, Value> {
    let prefix = if gv.group.is_empty() {
        format!("/api/{}", gv.version)
    } else {
        format!("/apis/{}/{}", gv.group, gv.version)
    };
    let base = if res.namespaced {
        format!("{prefix}/namespaces/{{namespace}}/{}", res.plural)
    } else {
        format!("{prefix}/{}", res.plural)
    };
    let name = schema_name(gv, res.kind);
    let reference = |n: &str| {
        if v3 {
            json!({"content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{n}")}}}, "description": "OK"})
        } else {
            json!({"schema": {"$ref": format!("#/definitions/{n}")}, "description": "OK"})
        }
    };
    let op = |action: &str, kind: &str, resp: &str| {
        json!({"operationId": format!("{action}{}", res.kind), "x-kubernetes-action": action,
               "x-kubernetes-group-version-kind": gvk(gv, kind)[0].clone(),
               "responses": {"200": reference(resp)}})
    };
    let mut out = Map::new();
    if res.plural == "selfsubjectaccessreviews" {
        out.insert(base, json!({"post": op("post", res.kind, &name)}));
        return out;
    }
    out.insert(
        base.clone(),
        json!({"get": op("list", res.kind, &format!("{name}List"))}),
    );
    // kubectl checks every PATCH of a kind for these (in no set order), subresources' too.
    let patch_params = json!([
        param(
            "dryRun",
            "When present, indicates that modifications should not be persisted."
        ),
        param(
            "fieldManager",
            "fieldManager is a name associated with the actor or entity that is making these changes."
        ),
        param(
            "fieldValidation",
            "fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields."
        ),
    ]);
    let mut item = json!({"get": op("get", res.kind, &name)});
    if res.writable {
        let mut patch = op("patch", res.kind, &name);
        patch["parameters"] = patch_params.clone();
        item["patch"] = patch;
        item["put"] = op("put", res.kind, &name);
    }
    out.insert(format!("{base}/{{name}}"), item);
    for sub in res.subs {
        let kind = if *sub == "scale" { "Scale" } else { res.kind };
        let resp = if *sub == "scale" {
            "io.k8s.api.autoscaling.v1.Scale".to_string()
        } else {
            name.clone()
        };
        let scale_gv = Gv {
            group: "autoscaling",
            version: "v1",
            resources: &[],
        };
        let kind_gv = if *sub == "scale" { &scale_gv } else { gv };
        let mut get = op("get", kind, &resp);
        get["x-kubernetes-group-version-kind"] = gvk(kind_gv, kind)[0].clone();
        let mut patch = op("patch", kind, &resp);
        patch["x-kubernetes-group-version-kind"] = gvk(kind_gv, kind)[0].clone();
        patch["parameters"] = patch_params.clone();
        out.insert(
            format!("{base}/{{name}}/{sub}"),
            json!({"get": get, "patch": patch}),
        );
    }
    out
}

fn info() -> Value {
    json!({"title": "Kubernetes", "version": "v1.32.0"})
}

/// The v3 document of one group-version: its paths and the schemas they reach.
fn v3_document(all: &Map<String, Value>, gv: &Gv) -> Value {
    let mut paths = Map::new();
    let mut roots = vec![
        "io.k8s.apimachinery.pkg.apis.meta.v1.Status".to_string(),
        "io.k8s.apimachinery.pkg.apis.meta.v1.Patch".to_string(),
    ];
    for res in gv.resources {
        paths.extend(paths_of(gv, res, true));
        let name = schema_name(gv, res.kind);
        roots.push(format!("{name}List"));
        roots.push(name);
        if res.subs.contains(&"scale") {
            roots.push("io.k8s.api.autoscaling.v1.Scale".into());
        }
    }
    json!({"openapi": "3.0.0", "info": info(), "paths": paths,
           "components": {"schemas": closure(all, roots)}})
}

/// Schemas with `x-kubernetes-group-version-kind` on every resource kind, and the Rollout.
fn all_schemas() -> Map<String, Value> {
    let mut all = builtin_schemas();
    for gv in GVS {
        for res in gv.resources {
            for kind in [res.kind.to_string(), format!("{}List", res.kind)] {
                if let Some(Value::Object(s)) = all.get_mut(&schema_name(gv, &kind)) {
                    s.insert("x-kubernetes-group-version-kind".into(), gvk(gv, &kind));
                }
            }
        }
    }
    if let Some(Value::Object(s)) = all.get_mut("io.k8s.api.autoscaling.v1.Scale") {
        s.insert(
            "x-kubernetes-group-version-kind".into(),
            json!([{"group": "autoscaling", "kind": "Scale", "version": "v1"}]),
        );
    }
    let rollout = schema_name(&GVS[3], "Rollout");
    all.insert(rollout.clone(), rollout_schema());
    all.insert(
        format!("{rollout}List"),
        json!({"type": "object", "description": "RolloutList is a list of Rollout resources",
               "properties": {"items": {"type": "array", "items": {"$ref": format!("#/components/schemas/{rollout}")}},
                              "metadata": {"allOf": [{"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta"}]}},
               "x-kubernetes-group-version-kind": [{"group": "argoproj.io", "kind": "RolloutList", "version": "v1alpha1"}]}),
    );
    all
}

/// Served documents, built once: the v3 index entries with their documents and hashes, and v2.
struct Docs {
    v3: Vec<(String, String, Value)>,
    v2: Value,
}

fn docs() -> &'static Docs {
    static DOCS: OnceLock<Docs> = OnceLock::new();
    DOCS.get_or_init(|| {
        let all = all_schemas();
        let v3 = GVS
            .iter()
            .map(|gv| {
                let doc = v3_document(&all, gv);
                let hash = format!("{:016X}", super::util::fnv(&[&doc.to_string()]));
                (gv.path(), hash, doc)
            })
            .collect();
        // v2: one document, references under #/definitions/.
        let mut paths = Map::new();
        for gv in GVS {
            for res in gv.resources {
                paths.extend(paths_of(gv, res, false));
            }
        }
        let text = Value::Object(all)
            .to_string()
            .replace("#/components/schemas/", "#/definitions/");
        let definitions: Value = serde_json::from_str(&text).unwrap_or_default();
        let v2 =
            json!({"swagger": "2.0", "info": info(), "paths": paths, "definitions": definitions});
        Docs { v3, v2 }
    })
}

/// Answers `/openapi/v2`, `/openapi/v3` and `/openapi/v3/<group-version>`; `None` otherwise.
pub(crate) fn route(req: &Req) -> Option<Response> {
    let path = req.path.trim_end_matches('/');
    if !path.starts_with("/openapi/") || req.method != Method::GET {
        return None;
    }
    let d = docs();
    let body = match path {
        "/openapi/v2" => &d.v2,
        "/openapi/v3" => {
            let paths: Map<String, Value> =
                d.v3.iter()
                    .map(|(p, hash, _)| {
                        (
                            p.clone(),
                            json!({"serverRelativeURL": format!("/openapi/v3/{p}?hash={hash}")}),
                        )
                    })
                    .collect();
            return Some(json_response(StatusCode::OK, &json!({"paths": paths})));
        }
        p => {
            let gv = p.strip_prefix("/openapi/v3/")?;
            &d.v3.iter().find(|(p, _, _)| p == gv)?.2
        }
    };
    Some(json_response(StatusCode::OK, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_name_their_kinds_and_resolve_every_reference() {
        let d = docs();
        let apps = &d
            .v3
            .iter()
            .find(|(p, _, _)| p == "apis/apps/v1")
            .expect("apps")
            .2;
        let schemas = apps["components"]["schemas"].as_object().expect("schemas");
        let deploy = &schemas["io.k8s.api.apps.v1.Deployment"];
        assert_eq!(
            deploy["x-kubernetes-group-version-kind"][0]["kind"],
            "Deployment"
        );
        assert!(
            deploy["properties"]["spec"]["allOf"][0]["$ref"].is_string(),
            "{deploy}"
        );
        let mut all = Vec::new();
        refs(apps, &mut all);
        for r in all {
            assert!(schemas.contains_key(&r), "dangling reference {r}");
        }
        let patch =
            &apps["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]["patch"];
        assert!(patch["parameters"].to_string().contains("fieldValidation"));
        assert!(d.v2["definitions"]["io.k8s.api.core.v1.Pod"].is_object());
    }
}
