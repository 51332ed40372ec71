//! Revisions and rollback, with kubectl's rules (pkg/polymorphichelpers/rollback.go) so gantry's
//! undo is the same request as `kubectl rollout undo`: revision 0 is the second-highest, an unknown
//! revision is an error that sends nothing, a paused Deployment is refused, the revision already
//! running is skipped, and the patch is one JSON patch replacing `/spec/template` (the chosen
//! ReplicaSet's, without its hash label) and `/metadata/annotations`. Argo's `undo` sends the same
//! shape with its own hash label and revision annotation.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::{Kind, Workload};

/// One ReplicaSet of the workload: a revision it can go back to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Revision {
    pub number: u64,
    pub name: String,
    pub uid: String,
    /// The template hash label's value.
    pub hash: Option<String>,
    pub images: Vec<String>,
    pub change_cause: Option<String>,
    pub created: Option<DateTime<Utc>>,
    /// Its template is the workload's: the revision running (or being rolled out).
    pub current: bool,
    pub replicas: i32,
    pub ready: i32,
    pub annotations: BTreeMap<String, String>,
    /// `spec.template` as the API holds it.
    pub template: Value,
}

/// Annotations kubectl keeps from the Deployment rather than copying from the ReplicaSet.
const SKIP_DEPLOYMENT: &[&str] = &[
    "kubectl.kubernetes.io/last-applied-configuration",
    "deployment.kubernetes.io/revision",
    "deployment.kubernetes.io/revision-history",
    "deployment.kubernetes.io/desired-replicas",
    "deployment.kubernetes.io/max-replicas",
    "deprecated.deployment.rollback.to",
];

/// Annotations the Argo plugin keeps from the Rollout.
const SKIP_ROLLOUT: &[&str] = &[
    "kubectl.kubernetes.io/last-applied-configuration",
    "rollout.argoproj.io/revision",
];

/// Why a rollback is not sent, in kubectl's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UndoError {
    #[error(
        "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again"
    )]
    Paused,
    #[error("unable to find specified revision {0} in history")]
    NotFound(u64),
    #[error("no rollout history found for {0} \"{1}\"")]
    NoHistory(&'static str, String),
    #[error("skipped rollback (current template already matches revision {0})")]
    Skipped(u64),
}

/// A rollback ready to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Undo {
    pub revision: u64,
    /// The ReplicaSet it restores, so a re-check can tell it is still the same one.
    pub uid: String,
    /// The JSON patch (`application/json-patch+json`).
    pub patch: Value,
    /// What changes in the pod template, line by line.
    pub diff: Vec<Change>,
}

/// One difference between the template running and the one a rollback restores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// `image (shop)`, `env FEATURE_X (shop)`, `resources (shop)`, `readinessProbe (shop)`.
    pub what: String,
    pub from: String,
    pub to: String,
}

impl Change {
    pub fn line(&self) -> String {
        format!("{}: {} -> {}", self.what, self.from, self.to)
    }
}

/// The revision `to` names (0: the one before the highest), with kubectl's rules.
pub fn choose(revisions: &[Revision], to: u64) -> Option<&Revision> {
    if to > 0 {
        return revisions.iter().find(|r| r.number == to);
    }
    let mut numbers: Vec<&Revision> = revisions.iter().collect();
    numbers.sort_by_key(|r| std::cmp::Reverse(r.number));
    numbers.get(1).copied()
}

/// Plans `kubectl rollout undo --to-revision=to` (or Argo's undo) of `w`.
pub fn plan_undo(w: &Workload, revisions: &[Revision], to: u64) -> Result<Undo, UndoError> {
    let kind = w.kind.unwrap_or(Kind::Deployment);
    if kind == Kind::Deployment && w.paused {
        return Err(UndoError::Paused);
    }
    let Some(rs) = choose(revisions, to) else {
        return Err(if to > 0 {
            UndoError::NotFound(to)
        } else {
            UndoError::NoHistory(kind.word(), w.name.clone())
        });
    };
    let template = without_hash(&rs.template, kind);
    if template == without_hash(&w.template, kind) {
        return Err(UndoError::Skipped(rs.number));
    }
    let skip = match kind {
        Kind::Deployment => SKIP_DEPLOYMENT,
        Kind::Rollout => SKIP_ROLLOUT,
    };
    let mut annotations = BTreeMap::new();
    for k in skip {
        if let Some(v) = w.annotations.get(*k) {
            annotations.insert(k.to_string(), v.clone());
        }
    }
    for (k, v) in &rs.annotations {
        if !skip.contains(&k.as_str()) {
            annotations.insert(k.clone(), v.clone());
        }
    }
    let patch = json!([
        {"op": "replace", "path": "/spec/template", "value": template},
        {"op": "replace", "path": "/metadata/annotations", "value": annotations},
    ]);
    Ok(Undo {
        revision: rs.number,
        uid: rs.uid.clone(),
        diff: diff(&w.template, &rs.template),
        patch,
    })
}

/// The template without the controller's hash label (and nulls, which the API server drops).
pub fn without_hash(template: &Value, kind: Kind) -> Value {
    let mut t = template.clone();
    prune_nulls(&mut t);
    if let Some(labels) = t
        .pointer_mut("/metadata/labels")
        .and_then(Value::as_object_mut)
    {
        labels.remove(kind.hash_label());
    }
    t
}

fn prune_nulls(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.retain(|_, x| !x.is_null());
            m.values_mut().for_each(prune_nulls);
        }
        Value::Array(a) => a.iter_mut().for_each(prune_nulls),
        _ => {}
    }
}

/// What differs between two pod templates: per container, image, env, resources and probes;
/// then anything else, said once.
pub fn diff(from: &Value, to: &Value) -> Vec<Change> {
    let containers = |t: &Value| -> Vec<Value> {
        t.pointer("/spec/containers")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let (a, b) = (containers(from), containers(to));
    let mut out = Vec::new();
    let mut names: Vec<String> = a.iter().chain(&b).filter_map(name).collect();
    names.dedup();
    let mut seen = Vec::new();
    for n in names {
        if seen.contains(&n) {
            continue;
        }
        seen.push(n.clone());
        let find = |cs: &[Value]| cs.iter().find(|c| name(c).as_deref() == Some(&n)).cloned();
        let (ca, cb) = (find(&a), find(&b));
        match (ca, cb) {
            (Some(ca), Some(cb)) => container_changes(&n, &ca, &cb, &mut out),
            (Some(_), None) => out.push(change(&format!("container {n}"), "present", "absent")),
            (None, Some(_)) => out.push(change(&format!("container {n}"), "absent", "present")),
            (None, None) => {}
        }
    }
    let rest = |t: &Value| {
        let mut t = t.clone();
        prune_nulls(&mut t);
        if let Some(spec) = t.get_mut("spec").and_then(Value::as_object_mut) {
            spec.remove("containers");
        }
        if let Some(labels) = t
            .pointer_mut("/metadata/labels")
            .and_then(Value::as_object_mut)
        {
            labels.remove("pod-template-hash");
            labels.remove("rollouts-pod-template-hash");
        }
        t
    };
    if rest(from) != rest(to) {
        out.push(change("pod template", "other fields", "differ"));
    }
    out
}

fn name(c: &Value) -> Option<String> {
    c.get("name").and_then(Value::as_str).map(str::to_string)
}

fn change(what: &str, from: &str, to: &str) -> Change {
    Change {
        what: what.into(),
        from: from.into(),
        to: to.into(),
    }
}

fn compact(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "none".into(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    }
}

fn container_changes(n: &str, a: &Value, b: &Value, out: &mut Vec<Change>) {
    for field in [
        "image",
        "resources",
        "readinessProbe",
        "livenessProbe",
        "startupProbe",
    ] {
        let (x, y) = (a.get(field), b.get(field));
        if compact(x) != compact(y) {
            out.push(change(&format!("{field} ({n})"), &compact(x), &compact(y)));
        }
    }
    let env = |c: &Value| -> BTreeMap<String, String> {
        c.get("env")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|e| {
                let k = e.get("name")?.as_str()?.to_string();
                let v = match e.get("value") {
                    Some(v) => compact(Some(v)),
                    None => compact(e.get("valueFrom")),
                };
                Some((k, v))
            })
            .collect()
    };
    let (ea, eb) = (env(a), env(b));
    for k in ea
        .keys()
        .chain(eb.keys())
        .collect::<std::collections::BTreeSet<_>>()
    {
        let (x, y) = (ea.get(k), eb.get(k));
        if x != y {
            let show = |v: Option<&String>| v.cloned().unwrap_or_else(|| "unset".into());
            out.push(change(&format!("env {k} ({n})"), &show(x), &show(y)));
        }
    }
    let mut ra = a.clone();
    let mut rb = b.clone();
    for field in [
        "image",
        "resources",
        "readinessProbe",
        "livenessProbe",
        "startupProbe",
        "env",
    ] {
        if let (Some(x), Some(y)) = (ra.as_object_mut(), rb.as_object_mut()) {
            x.remove(field);
            y.remove(field);
        }
    }
    prune_nulls(&mut ra);
    prune_nulls(&mut rb);
    if ra != rb {
        out.push(change(&format!("container {n}"), "other fields", "differ"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(image: &str, hash: &str) -> Value {
        json!({"metadata": {"labels": {"app": "shop", "pod-template-hash": hash}},
               "spec": {"containers": [{"name": "shop", "image": image,
                   "env": [{"name": "MODE", "value": "a"}]}]}})
    }

    fn rev(n: u64, image: &str, current: bool) -> Revision {
        let mut annotations = BTreeMap::new();
        annotations.insert("deployment.kubernetes.io/revision".into(), n.to_string());
        annotations.insert(
            "kubernetes.io/change-cause".into(),
            format!("deploy {image}"),
        );
        Revision {
            number: n,
            name: format!("shop-{n}"),
            uid: format!("uid-{n}"),
            current,
            annotations,
            template: template(image, &format!("h{n}")),
            ..Revision::default()
        }
    }

    fn deployment(image: &str) -> Workload {
        let mut annotations = BTreeMap::new();
        annotations.insert("deployment.kubernetes.io/revision".into(), "3".into());
        annotations.insert(
            "kubernetes.io/change-cause".into(),
            format!("deploy {image}"),
        );
        Workload {
            kind: Some(Kind::Deployment),
            name: "shop".into(),
            template: json!({"metadata": {"labels": {"app": "shop"}},
                "spec": {"containers": [{"name": "shop", "image": image,
                    "env": [{"name": "MODE", "value": "a"}]}]}}),
            annotations,
            ..Workload::default()
        }
    }

    #[test]
    fn undo_follows_kubectls_rules() {
        let revs = vec![
            rev(1, "a:1", false),
            rev(2, "a:2", false),
            rev(3, "a:3", true),
        ];
        let w = deployment("a:3");
        let undo = plan_undo(&w, &revs, 0).unwrap();
        assert_eq!(undo.revision, 2, "0 means the previous revision");
        assert_eq!(undo.uid, "uid-2");
        assert_eq!(undo.patch[0]["path"], "/spec/template");
        assert!(
            undo.patch[0]["value"]["metadata"]["labels"]
                .get("pod-template-hash")
                .is_none(),
            "the hash label is removed"
        );
        let ann = &undo.patch[1]["value"];
        assert_eq!(
            ann["deployment.kubernetes.io/revision"], "3",
            "kept from the deployment"
        );
        assert_eq!(
            ann["kubernetes.io/change-cause"], "deploy a:2",
            "copied from the RS"
        );
        assert_eq!(undo.diff[0].line(), "image (shop): a:3 -> a:2");
        assert_eq!(plan_undo(&w, &revs, 9), Err(UndoError::NotFound(9)));
        assert_eq!(plan_undo(&w, &revs, 3), Err(UndoError::Skipped(3)));
        let paused = Workload {
            paused: true,
            ..w.clone()
        };
        assert_eq!(plan_undo(&paused, &revs, 1), Err(UndoError::Paused));
        assert!(matches!(
            plan_undo(&w, &revs[2..], 0),
            Err(UndoError::NoHistory("deployment", _))
        ));
    }

    #[test]
    fn diff_names_images_env_and_the_rest() {
        let a = template("a:1", "x");
        let mut b = template("a:2", "y");
        b["spec"]["containers"][0]["env"][0]["value"] = json!("b");
        b["spec"]["containers"][0]["resources"] = json!({"limits": {"memory": "512Mi"}});
        b["spec"]["dnsPolicy"] = json!("None");
        let lines: Vec<String> = diff(&a, &b).iter().map(Change::line).collect();
        assert_eq!(
            lines,
            vec![
                "image (shop): a:1 -> a:2",
                "resources (shop): none -> {\"limits\":{\"memory\":\"512Mi\"}}",
                "env MODE (shop): a -> b",
                "pod template: other fields -> differ",
            ]
        );
        assert!(
            diff(&a, &template("a:1", "z")).is_empty(),
            "hash labels are not changes"
        );
    }
}
