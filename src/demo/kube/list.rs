//! GET of single objects and lists, with label and field selectors and Table output.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::KubeDeps;
use super::http::{Req, Target, json_response, lock, not_found};
use super::store::Kind;

/// Equality-based selectors: `k=v`, `k==v`, `k!=v`, and for labels `k` / `!k`.
#[derive(Debug, Default, Clone)]
pub struct Selectors {
    labels: Vec<(String, Op, String)>,
    fields: Vec<(String, Op, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Eq,
    Ne,
    Exists,
    Absent,
}

fn parse_terms(s: &str) -> Vec<(String, Op, String)> {
    s.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            if let Some((k, v)) = t.split_once("!=") {
                (k.trim().to_string(), Op::Ne, v.trim().to_string())
            } else if let Some((k, v)) = t.split_once("==").or_else(|| t.split_once('=')) {
                (k.trim().to_string(), Op::Eq, v.trim().to_string())
            } else if let Some(k) = t.strip_prefix('!') {
                (k.trim().to_string(), Op::Absent, String::new())
            } else {
                (t.to_string(), Op::Exists, String::new())
            }
        })
        .collect()
}

fn field_value(obj: &Value, path: &str) -> Option<String> {
    let ptr = format!("/{}", path.replace('.', "/"));
    match obj.pointer(&ptr)? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        v => Some(v.to_string()),
    }
}

impl Selectors {
    pub fn from_req(req: &Req) -> Self {
        Self {
            labels: parse_terms(req.q("labelSelector").unwrap_or("")),
            fields: parse_terms(req.q("fieldSelector").unwrap_or("")),
        }
    }

    pub fn matches(&self, obj: &Value) -> bool {
        let labels = &obj["metadata"]["labels"];
        let ok = |(k, op, v): &(String, Op, String), got: Option<String>| match op {
            Op::Eq => got.as_deref() == Some(v.as_str()),
            Op::Ne => got.as_deref() != Some(v.as_str()),
            Op::Exists => got.is_some(),
            Op::Absent => got.is_none(),
        } || k.is_empty();
        self.labels
            .iter()
            .all(|t| ok(t, labels[t.0.as_str()].as_str().map(str::to_string)))
            && self.fields.iter().all(|t| {
                ok(
                    t,
                    field_value(obj, &t.0)
                        .or_else(|| (t.0 == "metadata.namespace").then(String::new)),
                )
            })
    }
}

pub fn list_kind(kind: Kind) -> String {
    format!("{}List", kind.name())
}

pub fn list(deps: &KubeDeps, req: &Req, t: &Target) -> Response {
    let sel = Selectors::from_req(req);
    let (items, rv) = {
        let c = lock(deps);
        let items: Vec<Value> = c
            .store
            .list(t.kind, t.ns.as_deref())
            .into_iter()
            .filter(|o| sel.matches(o))
            .cloned()
            .collect();
        (items, c.store.rv())
    };
    // `limit` is honoured by returning everything with no `continue`, which the API allows.
    if req.wants_table() {
        let now = deps.clock.now();
        let inc = req.q("includeObject").unwrap_or("Metadata");
        return json_response(
            StatusCode::OK,
            &super::table::table(t.kind, &items, now, rv, inc, true),
        );
    }
    json_response(
        StatusCode::OK,
        &json!({"kind": list_kind(t.kind), "apiVersion": t.kind.api_version(),
                "metadata": {"resourceVersion": rv.to_string()}, "items": items}),
    )
}

pub fn get(deps: &KubeDeps, req: &Req, t: &Target) -> Response {
    let name = t.name.as_deref().unwrap_or("");
    let (obj, rv) = {
        let c = lock(deps);
        let obj = c
            .store
            .get(t.kind, t.ns.as_deref().unwrap_or(""), name)
            .cloned();
        (obj, c.store.rv())
    };
    let Some(obj) = obj else {
        return not_found(t.kind, name);
    };
    if req.wants_table() {
        let inc = req.q("includeObject").unwrap_or("Metadata");
        let table = super::table::table(t.kind, &[obj], deps.clock.now(), rv, inc, true);
        return json_response(StatusCode::OK, &table);
    }
    json_response(StatusCode::OK, &obj)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_match_labels_and_fields() {
        let obj = json!({"metadata":{"name":"shop","labels":{"app":"shop"}},"involvedObject":{"kind":"Pod"}});
        let s = |l: &str, f: &str| Selectors {
            labels: parse_terms(l),
            fields: parse_terms(f),
        };
        assert!(s("app=shop", "metadata.name=shop").matches(&obj));
        assert!(s("app==shop,!tier", "involvedObject.kind=Pod").matches(&obj));
        assert!(!s("app!=shop", "").matches(&obj));
        assert!(!s("", "metadata.name=other").matches(&obj));
        assert!(!s("tier", "").matches(&obj));
    }
}
