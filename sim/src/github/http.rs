//! What every GitHub request goes through: faults, auth, the rate-limit budget, etag/304, and the
//! request log. Plus the response helpers handlers share (errors, pagination).

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::GhState;
use crate::driver::lock;
use crate::faults::{FaultKind, Server};
use crate::reqlog::RequestRecord;
use crate::world::{fnv, mix};

pub(crate) const LIMIT: u64 = 5000;
pub(crate) const DOCS: &str = "https://docs.github.com/rest";

/// The authenticated user of a request.
#[derive(Clone, Debug)]
pub(crate) struct Who(pub(crate) String);

pub(crate) fn json_response(status: u16, v: &Value) -> Response {
    let body = serde_json::to_vec(v).unwrap_or_default();
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    r
}

pub(crate) fn error(status: u16, message: &str) -> Response {
    json_response(
        status,
        &json!({"message": message, "documentation_url": DOCS, "status": status.to_string()}),
    )
}

pub(crate) fn not_found() -> Response {
    error(404, "Not Found")
}

pub(crate) fn api_error(e: crate::world::actions::ApiError) -> Response {
    error(e.status, &e.message)
}

/// One page of `items` with GitHub's `link` header; `wrap` names the list in a `total_count` object.
pub(crate) fn paged(
    st: &GhState,
    path: &str,
    q: &HashMap<String, String>,
    items: Vec<Value>,
    wrap: Option<&str>,
) -> Response {
    let per_page = q
        .get("per_page")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(30)
        .clamp(1, 100);
    let page = q
        .get("page")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let total = items.len();
    let last = total.div_ceil(per_page).max(1);
    let slice: Vec<Value> = items
        .into_iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .collect();
    let body = match wrap {
        Some(k) => json!({"total_count": total, k: slice}),
        None => Value::Array(slice),
    };
    let mut r = json_response(200, &body);
    let mut others: Vec<(String, String)> = q
        .iter()
        .filter(|(k, _)| *k != "page")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    others.sort();
    let link_to = |p: usize| {
        let mut qs: Vec<String> = others.iter().map(|(k, v)| format!("{k}={v}")).collect();
        qs.push(format!("page={p}"));
        format!("<{}{}?{}>", st.base, path, qs.join("&"))
    };
    let mut links = Vec::new();
    if page < last {
        links.push(format!("{}; rel=\"next\"", link_to(page + 1)));
        links.push(format!("{}; rel=\"last\"", link_to(last)));
    }
    if page > 1 {
        links.push(format!("{}; rel=\"prev\"", link_to(page - 1)));
        links.push(format!("{}; rel=\"first\"", link_to(1)));
    }
    if !links.is_empty()
        && let Ok(v) = HeaderValue::from_str(&links.join(", "))
    {
        r.headers_mut().insert(header::LINK, v);
    }
    r
}

fn etag_of(body: &[u8]) -> String {
    let mut h = fnv(body);
    let hex: String = (0..4)
        .map(|_| {
            h = mix(h);
            format!("{h:016x}")
        })
        .collect();
    format!("W/\"{hex}\"")
}

fn token_of(headers: &HeaderMap) -> Option<String> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, tok) = v.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("token"))
        .then(|| tok.trim().to_string())
}

/// (used, reset epoch) for a user, rolling the hourly window over.
fn budget(st: &GhState, login: &str, now: i64, charge: bool) -> (u64, i64) {
    let mut rate = lock(&st.rate);
    let e = rate.entry(login.to_string()).or_insert((0, now + 3600));
    if now >= e.1 {
        *e = (0, now + 3600);
    }
    if charge {
        e.0 += 1;
    }
    *e
}

fn rate_headers(r: &mut Response, used: u64, reset: i64) {
    let h = r.headers_mut();
    let mut put = |k: &'static str, v: String| {
        if let Ok(v) = HeaderValue::from_str(&v) {
            h.insert(k, v);
        }
    };
    put("x-ratelimit-limit", LIMIT.to_string());
    put(
        "x-ratelimit-remaining",
        LIMIT.saturating_sub(used).to_string(),
    );
    put("x-ratelimit-used", used.min(LIMIT).to_string());
    put("x-ratelimit-reset", reset.to_string());
    put("x-ratelimit-resource", "core".into());
}

/// A `/repos/OWNER/NAME/...` path for a repository other than `acme/shop` (case-insensitive, as GitHub).
fn other_repo(path: &str) -> bool {
    let mut parts = path.split('/').skip(1);
    match (parts.next(), parts.next(), parts.next()) {
        (Some("repos"), Some(owner), Some(name)) => !super::is_repo(owner, name),
        _ => false,
    }
}

/// Whether the GitHub front end acts on `fault` for this request. Limits and corrupted bodies
/// concern authenticated API answers only (a storage download or a 401 is answered first); the
/// Kubernetes-only kinds never apply here.
fn applies(fault: &FaultKind, storage: bool, authenticated: bool) -> bool {
    match fault {
        FaultKind::RateLimitPrimary
        | FaultKind::RateLimitSecondary { .. }
        | FaultKind::Malformed
        | FaultKind::Truncated => !storage && authenticated,
        FaultKind::DropWatch | FaultKind::WatchGone => false,
        FaultKind::Status { .. }
        | FaultKind::Latency { .. }
        | FaultKind::Timeout
        | FaultKind::Unauthorized
        | FaultKind::Down => true,
    }
}

pub(crate) async fn middleware(
    State(st): State<Arc<GhState>>,
    req: Request,
    next: Next,
) -> Response {
    let method = req.method().to_string();
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or("").to_string();
    let conditional = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let token = token_of(req.headers());
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default();
    let logged_body = (method != "GET" && !bytes.is_empty()).then(|| {
        serde_json::from_slice::<Value>(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
    });
    let req = Request::from_parts(parts, Body::from(bytes));
    // The signed log download is a storage URL, outside the API's auth, budget and limits.
    let storage = path.starts_with("/_sim/");
    let user = {
        let w = lock(&st.sim.world);
        token.and_then(|t| w.user_by_token(&t).map(|u| u.login.clone()))
    };
    let fault = st.faults.take(Server::Github, &method, &path, |f| {
        applies(f, storage, user.is_some())
    });
    st.sim.sync();
    let now = st.sim.clock.now();
    let (resp, charged) = handle(
        &st,
        req,
        next,
        &method,
        &path,
        user,
        conditional.as_deref(),
        fault,
        now.timestamp(),
    )
    .await;
    st.log.record(RequestRecord {
        seq: 0,
        server: Server::Github,
        method,
        path,
        query,
        status: resp.status().as_u16(),
        conditional: conditional.is_some(),
        charged,
        body: logged_body,
        at: now,
    });
    resp
}

#[allow(clippy::too_many_arguments)]
async fn handle(
    st: &GhState,
    req: Request,
    next: Next,
    method: &str,
    path: &str,
    user: Option<String>,
    inm: Option<&str>,
    fault: Option<FaultKind>,
    now: i64,
) -> (Response, bool) {
    let mut after = None;
    match fault {
        Some(FaultKind::Latency { ms }) => {
            tokio::time::sleep(std::time::Duration::from_millis(ms)).await
        }
        Some(FaultKind::Timeout) => std::future::pending::<()>().await,
        Some(FaultKind::Status { status }) => {
            let msg = match status {
                500 => "Server Error",
                502 => "Bad Gateway",
                503 => "Service Unavailable",
                504 => {
                    "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists."
                }
                404 => "Not Found",
                _ => "Error",
            };
            return (error(status, msg), false);
        }
        Some(FaultKind::Unauthorized) => return (error(401, "Bad credentials"), false),
        Some(FaultKind::Down) => {
            let mut r = error(503, "Service Unavailable");
            r.headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            return (r, false);
        }
        Some(
            f @ (FaultKind::Malformed
            | FaultKind::Truncated
            | FaultKind::RateLimitPrimary
            | FaultKind::RateLimitSecondary { .. }),
        ) => after = Some(f),
        _ => {}
    }
    if path.starts_with("/_sim/") {
        return (next.run(req).await, false);
    }
    let Some(user) = user else {
        return (error(401, "Bad credentials"), false);
    };
    let (used, reset) = budget(st, &user, now, false);
    match after {
        Some(FaultKind::RateLimitPrimary) => {
            let mut r = error(
                403,
                &format!(
                    "API rate limit exceeded for user ID {}. If you reach out to GitHub Support for help, please include the request ID.",
                    user_id(st, &user)
                ),
            );
            rate_headers(&mut r, LIMIT, reset);
            return (r, false);
        }
        Some(FaultKind::RateLimitSecondary {
            retry_after,
            status,
        }) => {
            let mut r = error(
                status.unwrap_or(403),
                "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.",
            );
            rate_headers(&mut r, used, reset);
            if let Ok(v) = HeaderValue::from_str(&retry_after.to_string()) {
                r.headers_mut().insert(header::RETRY_AFTER, v);
            }
            return (r, false);
        }
        _ => {}
    }
    if used >= LIMIT && path != "/rate_limit" {
        let mut r = error(
            403,
            &format!(
                "API rate limit exceeded for user ID {}.",
                user_id(st, &user)
            ),
        );
        rate_headers(&mut r, used, reset);
        return (r, false);
    }
    let mut req = req;
    req.extensions_mut().insert(Who(user.clone()));
    // One repository exists; any other is a 404, as for a private repository one cannot see.
    // Checked here once, so no handler has to.
    let resp = if other_repo(path) {
        not_found()
    } else {
        next.run(req).await
    };
    let (mut parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let mut resp = if method == "GET" && parts.status == StatusCode::OK {
        let tag = etag_of(&bytes);
        let matched = inm.is_some_and(|v| {
            v.split(',')
                .any(|c| c.trim().trim_start_matches("W/") == tag.trim_start_matches("W/"))
        });
        if let Ok(v) = HeaderValue::from_str(&tag) {
            parts.headers.insert(header::ETAG, v);
        }
        if matched {
            parts.status = StatusCode::NOT_MODIFIED;
            parts.headers.remove(header::CONTENT_TYPE);
            parts.headers.remove(header::LINK);
            Response::from_parts(parts, Body::empty())
        } else {
            Response::from_parts(parts, Body::from(bytes))
        }
    } else {
        Response::from_parts(parts, Body::from(bytes))
    };
    let charged = resp.status() != StatusCode::NOT_MODIFIED && path != "/rate_limit";
    let (used, reset) = budget(st, &user, now, charged);
    rate_headers(&mut resp, used, reset);
    resp.headers_mut().insert(
        "x-github-api-version-selected",
        HeaderValue::from_static("2022-11-28"),
    );
    resp.headers_mut().insert(
        "x-github-media-type",
        HeaderValue::from_static("github.v3; format=json"),
    );
    if let Some(f) = after {
        resp = corrupt(resp, f).await;
    }
    (resp, charged)
}

fn user_id(st: &GhState, login: &str) -> u64 {
    lock(&st.sim.world).user(login).map(|u| u.id).unwrap_or(0)
}

/// Malformed: a 200 whose body is not JSON; truncated: the JSON cut in half.
async fn corrupt(resp: Response, f: FaultKind) -> Response {
    let (mut parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let out = match f {
        FaultKind::Truncated => Bytes::copy_from_slice(&bytes[..bytes.len() / 2]),
        _ => Bytes::from_static(b"<!DOCTYPE html>\n<html><head><title>Unicorn!</title></head><body>No server is currently available to service your request.</body></html>\n"),
    };
    parts.status = StatusCode::OK;
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::ETAG);
    Response::from_parts(parts, Body::from(out)).into_response()
}
