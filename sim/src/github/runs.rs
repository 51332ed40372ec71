//! Workflow runs, their jobs, approvals and artifacts; workflows and dispatch; cancel and rerun.

use axum::body::Bytes;
use axum::extract::{Extension, Path};
use axum::response::Response;
use serde_json::{Value, json};

use super::http::{Who, api_error, json_response, not_found, paged};
use super::render::{self, REPO, ts};
use super::{Q, St, body_json, required_str};
use crate::driver::lock;
use crate::world::World;
use crate::world::model::Run;

fn matches(w: &World, r: &Run, q: &std::collections::HashMap<String, String>) -> bool {
    let conclusion = r.conclusion.map(|c| c.as_str()).unwrap_or("");
    q.get("branch").is_none_or(|b| &r.head_branch == b)
        && q.get("event").is_none_or(|e| &r.event == e)
        && q.get("head_sha").is_none_or(|s| &r.head_sha == s)
        && q.get("actor").is_none_or(|a| &r.actor == a)
        && q.get("status")
            .is_none_or(|s| r.status.as_str() == s || conclusion == s)
        && q.get("workflow").is_none_or(|wf| {
            w.workflows[r.workflow].0.to_string() == *wf || w.workflows[r.workflow].1 == wf
        })
}

fn listing(
    st: &super::GhState,
    path: &str,
    q: &std::collections::HashMap<String, String>,
    workflow: Option<usize>,
) -> Response {
    let w = lock(&st.sim.world);
    let mut runs: Vec<&Run> = w
        .runs
        .iter()
        .filter(|r| workflow.is_none_or(|i| r.workflow == i) && matches(&w, r, q))
        .collect();
    runs.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    let items = runs.iter().map(|r| render::run(&st.base, &w, r)).collect();
    paged(st, path, q, items, Some("workflow_runs"))
}

pub(crate) async fn list(
    st: St,
    Path((_, _)): Path<(String, String)>,
    q: Q,
    uri: axum::http::Uri,
) -> Response {
    listing(&st, uri.path(), &q, None)
}

fn workflow_index(w: &World, id: &str) -> Option<usize> {
    w.workflows
        .iter()
        .position(|x| x.0.to_string() == id || x.1 == id)
}

pub(crate) async fn workflow_runs(
    st: St,
    Path((_, _, wf)): Path<(String, String, String)>,
    q: Q,
    uri: axum::http::Uri,
) -> Response {
    let idx = workflow_index(&lock(&st.sim.world), &wf);
    match idx {
        Some(i) => listing(&st, uri.path(), &q, Some(i)),
        _ => not_found(),
    }
}

pub(crate) async fn get_run(st: St, Path((_, _, id)): Path<(String, String, u64)>) -> Response {
    let w = lock(&st.sim.world);
    match w.run(id) {
        Some(run) => json_response(200, &render::run(&st.base, &w, run)),
        _ => not_found(),
    }
}

pub(crate) async fn jobs(
    st: St,
    Path((_, _, id)): Path<(String, String, u64)>,
    q: Q,
    uri: axum::http::Uri,
) -> Response {
    let w = lock(&st.sim.world);
    if w.run(id).is_none() {
        return not_found();
    }
    let all = q.get("filter").is_some_and(|f| f == "all");
    let items = w
        .run_jobs(id, all)
        .into_iter()
        .map(|j| render::job(&st.base, &w, j))
        .collect();
    paged(&st, uri.path(), &q, items, Some("jobs"))
}

pub(crate) async fn approvals(st: St, Path((_, _, id)): Path<(String, String, u64)>) -> Response {
    let w = lock(&st.sim.world);
    if w.run(id).is_none() {
        return not_found();
    }
    let items: Vec<Value> = w
        .approvals
        .iter()
        .filter(|a| a.run_id == id)
        .map(|a| {
            let envs: Vec<Value> = w.environment(&a.environment).map(|e| render::environment_ref(&st.base, e)).into_iter().collect();
            json!({"environments": envs, "state": a.state, "user": render::user(&st.base, &w, &a.user), "comment": a.comment})
        })
        .collect();
    json_response(200, &Value::Array(items))
}

pub(crate) async fn artifacts(
    st: St,
    Path((_, _, id)): Path<(String, String, u64)>,
    q: Q,
    uri: axum::http::Uri,
) -> Response {
    let w = lock(&st.sim.world);
    if w.run(id).is_none() {
        return not_found();
    }
    let run = w.run(id);
    let items = w
        .artifacts
        .iter()
        .filter(|a| a.run_id == id)
        .map(|a| {
            let u = format!("{}/repos/{REPO}/actions/artifacts/{}", st.base, a.id);
            json!({"id": a.id, "node_id": render::node("MDg6QXJ0aWZhY3Q", a.id), "name": a.name, "size_in_bytes": a.size,
                   "url": u, "archive_download_url": format!("{u}/zip"), "expired": false,
                   "created_at": ts(a.created_at), "updated_at": ts(a.created_at),
                   "expires_at": ts(a.created_at + chrono::Duration::days(90)),
                   "digest": format!("sha256:{}", crate::world::hex40(&a.name)),
                   "workflow_run": run.map(|r| json!({"id": r.id, "repository_id": render::REPO_ID, "head_repository_id": render::REPO_ID, "head_branch": r.head_branch, "head_sha": r.head_sha}))})
        })
        .collect();
    paged(&st, uri.path(), &q, items, Some("artifacts"))
}

pub(crate) async fn cancel(st: St, Path((_, _, id)): Path<(String, String, u64)>) -> Response {
    match lock(&st.sim.world).cancel(id) {
        Ok(()) => json_response(202, &json!({})),
        Err(e) => api_error(e),
    }
}

fn do_rerun(st: &super::GhState, id: u64, failed: bool) -> Response {
    match lock(&st.sim.world).rerun(id, failed) {
        Ok(()) => json_response(201, &json!({})),
        Err(e) => api_error(e),
    }
}

pub(crate) async fn rerun(st: St, Path((_, _, id)): Path<(String, String, u64)>) -> Response {
    do_rerun(&st, id, false)
}

pub(crate) async fn rerun_failed(
    st: St,
    Path((_, _, id)): Path<(String, String, u64)>,
) -> Response {
    do_rerun(&st, id, true)
}

/// A workflow as `GET .../actions/workflows` and `.../workflows/{id}` show it.
fn workflow_json(base: &str, w: &World, idx: usize) -> Value {
    let (id, file, def, _) = &w.workflows[idx];
    json!({"id": id, "node_id": render::node("W", *id), "name": def.name, "path": format!(".github/workflows/{file}"),
           "state": "active", "created_at": "2025-03-04T10:12:41Z", "updated_at": "2026-10-02T14:03:09Z",
           "url": format!("{base}/repos/{REPO}/actions/workflows/{id}"),
           "html_url": format!("https://github.com/{REPO}/blob/main/.github/workflows/{file}"),
           "badge_url": format!("https://github.com/{REPO}/workflows/{}/badge.svg", def.name.replace(' ', "%20"))})
}

pub(crate) async fn workflows(
    st: St,
    Path((_, _)): Path<(String, String)>,
    q: Q,
    uri: axum::http::Uri,
) -> Response {
    let w = lock(&st.sim.world);
    let items = (0..w.workflows.len())
        .map(|i| workflow_json(&st.base, &w, i))
        .collect();
    paged(&st, uri.path(), &q, items, Some("workflows"))
}

/// `GET .../actions/workflows/{id}`, by id or file name (`gh run watch` and `gh run view` ask).
pub(crate) async fn workflow(st: St, Path((_, _, wf)): Path<(String, String, String)>) -> Response {
    let w = lock(&st.sim.world);
    match workflow_index(&w, &wf) {
        Some(i) => json_response(200, &workflow_json(&st.base, &w, i)),
        None => not_found(),
    }
}

pub(crate) async fn dispatch(
    st: St,
    Path((_, _, wf)): Path<(String, String, String)>,
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
    if b.get("inputs")
        .and_then(Value::as_object)
        .is_some_and(|i| i.len() > 25)
    {
        return super::http::error(
            422,
            "Invalid request.\n\nNo more than 25 properties are allowed; too many were supplied.",
        );
    }
    let mut w = lock(&st.sim.world);
    match w.dispatch(&wf, git_ref, &who.0) {
        Ok(id) if b.get("return_run_details").and_then(Value::as_bool) == Some(true) => {
            json_response(
                200,
                &json!({"workflow_run_id": id, "run_url": format!("{}/repos/{REPO}/actions/runs/{id}", st.base),
                    "html_url": format!("https://github.com/{REPO}/actions/runs/{id}")}),
            )
        }
        Ok(_) => {
            let mut resp = Response::new(axum::body::Body::empty());
            *resp.status_mut() = axum::http::StatusCode::NO_CONTENT;
            resp
        }
        Err(e) => api_error(e),
    }
}
