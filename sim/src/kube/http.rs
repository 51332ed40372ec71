//! The HTTP front end: routing, fault injection and the request log around every handler.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::Response;
use serde_json::{Value, json};

use super::store::Kind;
use super::{Cluster, KubeDeps};
use crate::faults::{FaultKind, Server};
use crate::reqlog::RequestRecord;

/// One parsed request.
pub(crate) struct Req {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: BTreeMap<String, String>,
    pub(crate) accept: String,
    pub(crate) content_type: String,
    /// The `Authorization: Bearer` token, which names the user (see `rbac`).
    pub(crate) bearer: Option<String>,
    pub(crate) body: Bytes,
}

impl Req {
    pub(crate) fn q(&self, key: &str) -> Option<&str> {
        self.query.get(key).map(String::as_str)
    }

    pub(crate) fn flag(&self, key: &str) -> bool {
        matches!(self.q(key), Some("true" | "1"))
    }

    pub(crate) fn is_watch(&self) -> bool {
        self.flag("watch")
    }

    pub(crate) fn wants_table(&self) -> bool {
        self.accept.contains("as=Table")
    }

    pub(crate) fn dry_run(&self) -> bool {
        self.q("dryRun").is_some_and(|v| v == "All")
    }
}

/// Where a resource request points.
pub(crate) struct Target {
    pub(crate) kind: Kind,
    pub(crate) ns: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) sub: Option<String>,
}

/// The Kubernetes API: every path goes through `handle`, which routes by parsing it.
pub(crate) fn router(deps: KubeDeps) -> Router {
    Router::new().fallback(handle).with_state(Arc::new(deps))
}

pub(crate) fn lock(deps: &KubeDeps) -> std::sync::MutexGuard<'_, Cluster> {
    // A panic elsewhere leaves the cluster usable; keep serving.
    deps.cluster.lock().unwrap_or_else(|e| e.into_inner())
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => match u8::from_str_radix(&s[i + 1..i + 3], 16) {
                Ok(v) => {
                    out.push(v);
                    i += 3;
                    continue;
                }
                Err(_) => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub(crate) fn parse_query(q: &str) -> BTreeMap<String, String> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (percent_decode(k), percent_decode(v)),
            None => (percent_decode(p), String::new()),
        })
        .collect()
}

pub(crate) fn json_response(status: StatusCode, v: &Value) -> Response {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(serde_json::to_vec(v).unwrap_or_default()))
        .unwrap_or_default()
}

/// A `Status` failure object, as the apiserver reports errors.
pub(crate) fn status_error(code: u16, reason: &str, message: &str, details: Value) -> Response {
    let s = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut v = json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                       "message": message, "reason": reason, "code": code});
    if !details.is_null() {
        v["details"] = details;
    }
    json_response(s, &v)
}

pub(crate) fn not_found(kind: Kind, name: &str) -> Response {
    status_error(
        404,
        "NotFound",
        &format!("{} \"{name}\" not found", kind.qualified()),
        json!({"name": name, "group": kind.group(), "kind": kind.plural()}),
    )
}

fn reason_for(code: u16) -> &'static str {
    match code {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        409 => "Conflict",
        422 => "Invalid",
        429 => "TooManyRequests",
        503 => "ServiceUnavailable",
        504 => "Timeout",
        _ => "InternalError",
    }
}

async fn handle(
    State(deps): State<Arc<KubeDeps>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let hdr = |h: header::HeaderName| {
        headers
            .get(h)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let req = Req {
        method,
        path: uri.path().to_string(),
        query: parse_query(uri.query().unwrap_or("")),
        accept: hdr(header::ACCEPT),
        content_type: hdr(header::CONTENT_TYPE),
        bearer: hdr(header::AUTHORIZATION)
            .strip_prefix("Bearer ")
            .map(|t| t.trim().to_string()),
        body,
    };
    let streaming = req.is_watch() || (req.path.ends_with("/log") && req.flag("follow"));
    // Watch faults act on watches only, and a cut body on answers that end; a rule this request
    // would ignore is left for one it applies to.
    let fault = deps
        .faults
        .take(Server::Kube, req.method.as_str(), &req.path, |f| match f {
            FaultKind::DropWatch => streaming,
            FaultKind::WatchGone => req.is_watch(),
            FaultKind::Truncated => !streaming,
            _ => true,
        });
    let resp = match fault {
        Some(FaultKind::Latency { ms }) => {
            tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
            route(&deps, &req).await
        }
        Some(FaultKind::Timeout) => {
            record(&deps, &req, uri.query(), 0);
            return std::future::pending().await;
        }
        Some(FaultKind::Status { status }) => status_error(
            status,
            reason_for(status),
            &format!("simulated fault: HTTP {status}"),
            Value::Null,
        ),
        Some(FaultKind::Unauthorized) => {
            status_error(401, "Unauthorized", "Unauthorized", Value::Null)
        }
        Some(FaultKind::RateLimitPrimary | FaultKind::RateLimitSecondary { .. }) => status_error(
            429,
            "TooManyRequests",
            "Too many requests, please try again later.",
            Value::Null,
        ),
        Some(FaultKind::Down) => status_error(
            503,
            "ServiceUnavailable",
            "the server is currently unable to handle the request",
            Value::Null,
        ),
        Some(FaultKind::Malformed) => Response::builder()
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("<html><body>502 Bad Gateway</body></html>"))
            .unwrap_or_default(),
        Some(FaultKind::DropWatch) if !req.is_watch() => {
            route(&deps, &super::logs::without_follow(&req)).await
        }
        Some(FaultKind::DropWatch) if req.is_watch() => Response::builder()
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::empty())
            .unwrap_or_default(),
        Some(FaultKind::WatchGone) if req.is_watch() => {
            let line = super::watch::gone_line(0);
            Response::builder()
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(line))
                .unwrap_or_default()
        }
        Some(FaultKind::Truncated) if !streaming => {
            let full = route(&deps, &req).await;
            let (parts, body) = full.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX)
                .await
                .unwrap_or_default();
            Response::from_parts(parts, Body::from(bytes.slice(..bytes.len() / 2)))
        }
        _ => route(&deps, &req).await,
    };
    record(&deps, &req, uri.query(), resp.status().as_u16());
    resp
}

fn record(deps: &KubeDeps, req: &Req, query: Option<&str>, status: u16) {
    let body = (req.method != Method::GET && !req.body.is_empty()).then(|| {
        serde_json::from_slice(&req.body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&req.body).into_owned()))
    });
    deps.log.record(RequestRecord {
        seq: 0,
        server: Server::Kube,
        method: req.method.to_string(),
        path: req.path.clone(),
        query: query.unwrap_or("").to_string(),
        status,
        conditional: false,
        charged: false,
        body,
        at: deps.clock.now(),
    });
}

/// Splits a resource path into its target; `None` for paths that name no resource.
pub(crate) fn parse_target(path: &str) -> Option<Target> {
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    let (group, rest) = match segs.as_slice() {
        ["api", "v1", rest @ ..] => ("", rest),
        ["apis", g, _v, rest @ ..] => (*g, rest),
        _ => return None,
    };
    let t = |plural: &str, ns: Option<&str>, name: Option<&str>, sub: Option<&str>| {
        Some(Target {
            kind: Kind::from_path(group, plural)?,
            ns: ns.map(str::to_string),
            name: name.map(str::to_string),
            sub: sub.map(str::to_string),
        })
    };
    match rest {
        ["namespaces", name] if group.is_empty() => t("namespaces", None, Some(name), None),
        ["namespaces", ns, plural] => t(plural, Some(ns), None, None),
        ["namespaces", ns, plural, name] => t(plural, Some(ns), Some(name), None),
        ["namespaces", ns, plural, name, sub] => t(plural, Some(ns), Some(name), Some(sub)),
        [plural] => t(plural, None, None, None),
        [plural, name] => t(plural, None, Some(name), None),
        _ => None,
    }
}

async fn route(deps: &KubeDeps, req: &Req) -> Response {
    if let Some(r) = super::rbac::gate(deps, req) {
        return r;
    }
    if let Some(r) = super::discovery::route(req) {
        return r;
    }
    if let Some(r) = super::openapi::route(req) {
        return r;
    }
    if let Some(r) = super::podmetrics::route(deps, req) {
        return r;
    }
    if let Some(r) = super::catalog::route(deps, req) {
        return r;
    }
    let Some(target) = parse_target(&req.path) else {
        return status_error(
            404,
            "NotFound",
            "the server could not find the requested resource",
            Value::Null,
        );
    };
    let m = &req.method;
    match (target.name.as_deref(), target.sub.as_deref()) {
        (None, _) if *m == Method::GET && req.is_watch() => {
            super::watch::watch(deps, req, &target).await
        }
        (None, _) if *m == Method::GET => super::list::list(deps, req, &target),
        (Some(_), Some("log")) if *m == Method::GET && target.kind == Kind::Pod => {
            super::logs::logs(deps, req, &target).await
        }
        (Some(_), None | Some("status")) if *m == Method::GET => {
            super::list::get(deps, req, &target)
        }
        (Some(_), Some("scale")) if *m == Method::GET => super::patch::get_scale(deps, &target),
        (Some(_), _) if *m == Method::PATCH || *m == Method::PUT => {
            super::patch::patch(deps, req, &target)
        }
        (Some(_), None) if *m == Method::DELETE && target.kind == Kind::Pod => {
            super::patch::delete_pod(deps, req, &target)
        }
        _ => status_error(
            405,
            "MethodNotAllowed",
            "the server does not allow this method on the requested resource",
            Value::Null,
        ),
    }
}
