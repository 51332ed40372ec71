//! Single jobs and their logs: the API answers 302 to a signed plain-text URL valid for a minute (of
//! simulated time), and 404 while the job has not completed, as GitHub does.

use axum::extract::{Path, Query};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;

use super::http::{json_response, not_found};
use super::{St, render};
use crate::driver::lock;
use crate::world::model::Status;
use crate::world::{fnv, logs, mix};

pub(crate) async fn get_job(st: St, Path((_, _, id)): Path<(String, String, u64)>) -> Response {
    let w = lock(&st.sim.world);
    match w.job(id) {
        Some(j) => json_response(200, &render::job(&st.base, &w, j)),
        _ => not_found(),
    }
}

fn sig(seed: u64, job: u64, expires: i64) -> String {
    format!(
        "{:016x}",
        mix(seed ^ fnv(format!("{job}:{expires}").as_bytes()))
    )
}

pub(crate) async fn logs(st: St, Path((_, _, id)): Path<(String, String, u64)>) -> Response {
    let w = lock(&st.sim.world);
    let Some(j) = w.job(id) else {
        return not_found();
    };
    if j.status != Status::Completed || j.steps.is_empty() {
        return not_found();
    }
    let expires = w.now.timestamp() + 60;
    let url = format!(
        "{}/_sim/logs/{id}?se={expires}&sp=r&sig={}",
        st.base,
        sig(w.seed, id, expires)
    );
    let mut resp = Response::new(axum::body::Body::empty());
    *resp.status_mut() = StatusCode::FOUND;
    if let Ok(v) = HeaderValue::from_str(&url) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    resp
}

pub(crate) async fn download(
    st: St,
    Path(id): Path<u64>,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> Response {
    let w = lock(&st.sim.world);
    let expires = q.get("se").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let valid = q.get("sig").is_some_and(|s| *s == sig(w.seed, id, expires))
        && w.now.timestamp() <= expires;
    let text = match w.job(id) {
        Some(j) if valid => logs::job_log(&w, j),
        _ => {
            let mut r = Response::new(axum::body::Body::from(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request. Signature not valid in the specified time frame.</Message></Error>",
            ));
            *r.status_mut() = StatusCode::FORBIDDEN;
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/xml"),
            );
            return r;
        }
    };
    let mut r = Response::new(axum::body::Body::from(text));
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}
