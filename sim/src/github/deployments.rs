//! Environments, deployments and their statuses, and the review of pending deployments.

use axum::body::Bytes;
use axum::extract::{Extension, Path};
use axum::response::Response;
use serde_json::{Value, json};

use super::http::{Who, api_error, error, json_response, not_found, paged};
use super::render::{self, ts};
use super::{Q, St, body_json, required_str};
use crate::driver::lock;
use crate::world::model::Status;

pub(crate) async fn environments(
    st: St,
    Path((_, _)): Path<(String, String)>,
    q: Q,
    uri: axum::http::Uri,
) -> Response {
    let w = lock(&st.sim.world);
    let items = w
        .environments
        .iter()
        .map(|e| render::environment(&st.base, &w, e))
        .collect();
    paged(&st, uri.path(), &q, items, Some("environments"))
}

pub(crate) async fn environment(
    st: St,
    Path((_, _, name)): Path<(String, String, String)>,
) -> Response {
    let w = lock(&st.sim.world);
    match w.environment(&name) {
        Some(e) => json_response(200, &render::environment(&st.base, &w, e)),
        _ => not_found(),
    }
}

pub(crate) async fn list(
    st: St,
    Path((_, _)): Path<(String, String)>,
    q: Q,
    uri: axum::http::Uri,
) -> Response {
    let w = lock(&st.sim.world);
    let mut ds: Vec<_> = w
        .deployments
        .iter()
        .filter(|d| {
            q.get("sha").is_none_or(|s| &d.sha == s)
                && q.get("ref").is_none_or(|s| &d.git_ref == s)
                && q.get("task").is_none_or(|s| &d.task == s)
                && q.get("environment").is_none_or(|s| &d.environment == s)
        })
        .collect();
    ds.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    let items = ds
        .into_iter()
        .map(|d| render::deployment(&st.base, &w, d))
        .collect();
    paged(&st, uri.path(), &q, items, None)
}

pub(crate) async fn create(
    st: St,
    Path((_, _)): Path<(String, String)>,
    Extension(who): Extension<Who>,
    body: Bytes,
) -> Response {
    let b = match body_json(&body) {
        Ok(b) => b,
        Err(e) => return e,
    };
    let git_ref = match required_str(&b, "ref") {
        Ok(v) => v,
        Err(e) => return e,
    };
    let env = b
        .get("environment")
        .and_then(Value::as_str)
        .unwrap_or("production");
    let task = b.get("task").and_then(Value::as_str).unwrap_or("deploy");
    let desc = b
        .get("description")
        .and_then(Value::as_str)
        .map(str::to_string);
    let payload = b.get("payload").cloned().unwrap_or(json!({}));
    let payload = match payload {
        Value::String(s) => serde_json::from_str(&s).unwrap_or(Value::String(s)),
        p => p,
    };
    let mut w = lock(&st.sim.world);
    match w.create_deployment(git_ref, env, task, desc, payload, &who.0) {
        Ok(id) => match w.deployments.iter().find(|d| d.id == id) {
            Some(d) => json_response(201, &render::deployment(&st.base, &w, d)),
            None => not_found(),
        },
        Err(e) => api_error(e),
    }
}

pub(crate) async fn statuses(
    st: St,
    Path((_, _, id)): Path<(String, String, u64)>,
    q: Q,
    uri: axum::http::Uri,
) -> Response {
    let w = lock(&st.sim.world);
    let Some(d) = w.deployments.iter().find(|d| d.id == id) else {
        return not_found();
    };
    let items = d
        .statuses
        .iter()
        .rev()
        .map(|s| render::deployment_status(&st.base, &w, d, s))
        .collect();
    paged(&st, uri.path(), &q, items, None)
}

pub(crate) async fn create_status(
    st: St,
    Path((_, _, id)): Path<(String, String, u64)>,
    Extension(who): Extension<Who>,
    body: Bytes,
) -> Response {
    let b = match body_json(&body) {
        Ok(b) => b,
        Err(e) => return e,
    };
    let state = match required_str(&b, "state") {
        Ok(v) => v,
        Err(e) => return e,
    };
    let s = |k: &str| b.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let log = if s("log_url").is_empty() {
        s("target_url")
    } else {
        s("log_url")
    };
    let mut w = lock(&st.sim.world);
    let now = w.now;
    match w.add_deployment_status(
        id,
        state,
        &s("description"),
        &who.0,
        &log,
        &s("environment_url"),
        now,
    ) {
        Ok(sid) => {
            let Some(d) = w.deployments.iter().find(|d| d.id == id) else {
                return not_found();
            };
            match d.statuses.iter().find(|x| x.id == sid) {
                Some(x) => json_response(201, &render::deployment_status(&st.base, &w, d, x)),
                None => not_found(),
            }
        }
        Err(e) => api_error(e),
    }
}

pub(crate) async fn pending(
    st: St,
    Path((_, _, id)): Path<(String, String, u64)>,
    Extension(who): Extension<Who>,
) -> Response {
    let w = lock(&st.sim.world);
    let Some(run) = w.run(id) else {
        return not_found();
    };
    let items: Vec<Value> = w
        .run_jobs(id, false)
        .into_iter()
        .filter(|j| j.status == Status::Waiting)
        .filter_map(|j| {
            let e = w.environment(&j.environment.as_ref()?.0)?;
            Some(json!({
                "environment": {"id": e.id, "node_id": render::node("EN", e.id), "name": e.name,
                                "url": format!("{}/repos/{}/environments/{}", st.base, render::REPO, e.name),
                                "html_url": format!("https://github.com/{}/deployments/activity_log?environments_filter={}", render::REPO, e.name)},
                "wait_timer": e.wait_timer,
                "wait_timer_started_at": j.ready_at.map(ts),
                "current_user_can_approve": e.may_review(&who.0, run).is_ok(),
                "reviewers": render::reviewers(&st.base, &w, e),
            }))
        })
        .collect();
    json_response(200, &Value::Array(items))
}

pub(crate) async fn review(
    st: St,
    Path((_, _, id)): Path<(String, String, u64)>,
    Extension(who): Extension<Who>,
    body: Bytes,
) -> Response {
    let b = match body_json(&body) {
        Ok(b) => b,
        Err(e) => return e,
    };
    let ids: Option<Vec<u64>> = b
        .get("environment_ids")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_u64).collect());
    let state = b.get("state").and_then(Value::as_str);
    let comment = b.get("comment").and_then(Value::as_str);
    let (Some(ids), Some(state), Some(comment)) = (ids, state, comment) else {
        return error(
            422,
            "Invalid request.\n\n\"environment_ids\", \"state\" and \"comment\" are required.",
        );
    };
    let mut w = lock(&st.sim.world);
    match w.review(id, &who.0, &ids, state, comment) {
        Ok(deps) => {
            let items: Vec<Value> = deps
                .iter()
                .filter_map(|d| w.deployments.iter().find(|x| x.id == *d))
                .map(|d| render::deployment(&st.base, &w, d))
                .collect();
            json_response(200, &Value::Array(items))
        }
        Err(e) => api_error(e),
    }
}
