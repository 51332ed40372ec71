//! GET of single objects and lists, with label and field selectors and Table output.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::KubeDeps;
use super::http::{Req, Target, json_response, lock, not_found};
use super::store::Kind;

/// Label and field selectors as the API server reads them: `k=v`, `k==v`, `k!=v`, and for labels
/// also `k`, `!k`, `k in (a,b)` and `k notin (a,b)`.
#[derive(Debug, Default, Clone)]
pub(crate) struct Selectors {
    labels: Vec<(String, Op, Vec<String>)>,
    fields: Vec<(String, Op, Vec<String>)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Eq,
    Ne,
    Exists,
    Absent,
    In,
    NotIn,
}

/// Splits on the commas between terms, not those inside a set's parentheses.
fn split_terms(s: &str) -> Vec<&str> {
    let (mut out, mut depth, mut from) = (Vec::new(), 0i32, 0);
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[from..]);
    out.into_iter()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect()
}

/// `key in (a, b)` / `key notin (a, b)`, if the term is one.
fn set_term(t: &str) -> Option<(String, Op, Vec<String>)> {
    let open = t.find('(')?;
    let inner = t[open + 1..].strip_suffix(')')?;
    let mut head = t[..open].split_whitespace();
    let (key, op) = (head.next()?, head.next()?);
    let op = match op {
        "in" => Op::In,
        "notin" => Op::NotIn,
        _ => return None,
    };
    let values = inner
        .split(',')
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect();
    Some((key.to_string(), op, values))
}

fn parse_terms(s: &str) -> Vec<(String, Op, Vec<String>)> {
    split_terms(s)
        .into_iter()
        .map(|t| {
            let one = |k: &str, op, v: &str| (k.trim().to_string(), op, vec![v.trim().to_string()]);
            if let Some(term) = set_term(t) {
                term
            } else if let Some((k, v)) = t.split_once("!=") {
                one(k, Op::Ne, v)
            } else if let Some((k, v)) = t.split_once("==").or_else(|| t.split_once('=')) {
                one(k, Op::Eq, v)
            } else if let Some(k) = t.strip_prefix('!') {
                (k.trim().to_string(), Op::Absent, Vec::new())
            } else {
                (t.to_string(), Op::Exists, Vec::new())
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
    pub(crate) fn from_req(req: &Req) -> Self {
        Self {
            labels: parse_terms(req.q("labelSelector").unwrap_or("")),
            fields: parse_terms(req.q("fieldSelector").unwrap_or("")),
        }
    }

    pub(crate) fn matches(&self, obj: &Value) -> bool {
        let labels = &obj["metadata"]["labels"];
        let ok = |(k, op, vs): &(String, Op, Vec<String>), got: Option<String>| {
            let listed = got.as_ref().is_some_and(|g| vs.contains(g));
            k.is_empty()
                || match op {
                    Op::Eq | Op::In => listed,
                    Op::Ne | Op::NotIn => !listed,
                    Op::Exists => got.is_some(),
                    Op::Absent => got.is_none(),
                }
        };
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

pub(crate) fn list_kind(kind: Kind) -> String {
    format!("{}List", kind.name())
}

pub(crate) fn list(deps: &KubeDeps, req: &Req, t: &Target) -> Response {
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

pub(crate) fn get(deps: &KubeDeps, req: &Req, t: &Target) -> Response {
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
        // Set-based terms, with commas inside the parentheses.
        assert!(s("app in (web, shop),tier notin (db)", "").matches(&obj));
        assert!(!s("app in (web,db)", "").matches(&obj));
        assert!(!s("app notin (shop)", "").matches(&obj));
        assert!(
            s("tier notin (db)", "").matches(&obj),
            "absent label is not in any set"
        );
        assert!(!s("tier in (db)", "").matches(&obj));
    }
}
