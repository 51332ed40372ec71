//! The simulated GitHub REST API for `acme/shop`, at api.github.com's paths.

mod checks;
mod contents;
mod deployments;
pub(crate) mod http;
mod jobs;
pub(crate) mod render;
mod runs;
mod user;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::routing::{get, post};

use super::driver::Sim;
use super::faults::Faults;
use super::reqlog::RequestLog;

pub(crate) struct GhState {
    pub(crate) sim: Sim,
    pub(crate) faults: Arc<Faults>,
    pub(crate) log: Arc<RequestLog>,
    /// `http://127.0.0.1:PORT` (no trailing slash): every URL in answers points here.
    pub(crate) base: String,
    /// Per user: (used, reset epoch seconds) of the hourly budget.
    pub(crate) rate: Mutex<HashMap<String, (u64, i64)>>,
}

pub(crate) type St = axum::extract::State<Arc<GhState>>;
pub(crate) type Q = axum::extract::Query<HashMap<String, String>>;

pub(crate) fn router(st: Arc<GhState>) -> Router {
    let r = "/repos/{owner}/{repo}";
    Router::new()
        .route("/user", get(user::get_user))
        .route("/rate_limit", get(user::rate_limit))
        .route(&format!("{r}/actions/runs"), get(runs::list))
        .route(&format!("{r}/actions/runs/{{run_id}}"), get(runs::get_run))
        .route(
            &format!("{r}/actions/runs/{{run_id}}/jobs"),
            get(runs::jobs),
        )
        .route(
            &format!("{r}/actions/runs/{{run_id}}/approvals"),
            get(runs::approvals),
        )
        .route(
            &format!("{r}/actions/runs/{{run_id}}/artifacts"),
            get(runs::artifacts),
        )
        .route(
            &format!("{r}/actions/runs/{{run_id}}/cancel"),
            post(runs::cancel),
        )
        .route(
            &format!("{r}/actions/runs/{{run_id}}/rerun"),
            post(runs::rerun),
        )
        .route(
            &format!("{r}/actions/runs/{{run_id}}/rerun-failed-jobs"),
            post(runs::rerun_failed),
        )
        .route(
            &format!("{r}/actions/runs/{{run_id}}/pending_deployments"),
            get(deployments::pending).post(deployments::review),
        )
        .route(&format!("{r}/actions/workflows"), get(runs::workflows))
        .route(
            &format!("{r}/actions/workflows/{{workflow_id}}"),
            get(runs::workflow),
        )
        .route(
            &format!("{r}/actions/workflows/{{workflow_id}}/runs"),
            get(runs::workflow_runs),
        )
        .route(
            &format!("{r}/actions/workflows/{{workflow_id}}/dispatches"),
            post(runs::dispatch),
        )
        .route(&format!("{r}/actions/jobs/{{job_id}}"), get(jobs::get_job))
        .route(
            &format!("{r}/actions/jobs/{{job_id}}/logs"),
            get(jobs::logs),
        )
        .route("/_sim/logs/{job_id}", get(jobs::download))
        .route(&format!("{r}/environments"), get(deployments::environments))
        .route(
            &format!("{r}/environments/{{name}}"),
            get(deployments::environment),
        )
        .route(
            &format!("{r}/deployments"),
            get(deployments::list).post(deployments::create),
        )
        .route(
            &format!("{r}/deployments/{{deployment_id}}/statuses"),
            get(deployments::statuses).post(deployments::create_status),
        )
        .route(
            &format!("{r}/commits/{{git_ref}}/check-runs"),
            get(checks::for_ref),
        )
        .route(
            &format!("{r}/check-runs/{{id}}/annotations"),
            get(checks::annotations),
        )
        .route(
            &format!("{r}/commits/{{git_ref}}/status"),
            get(checks::combined_status),
        )
        .route(&format!("{r}/code-scanning/alerts"), get(checks::alerts))
        .route(
            &format!("{r}/contents/{{*path}}"),
            get(contents::get_content),
        )
        .route(&format!("{r}/compare/{{basehead}}"), get(contents::compare))
        .fallback(|| async { http::not_found() })
        .layer(axum::middleware::from_fn_with_state(
            st.clone(),
            http::middleware,
        ))
        .with_state(st)
}

/// The only repository there is; anything else is a 404 as for a private repo you cannot see.
pub(crate) fn is_repo(owner: &str, repo: &str) -> bool {
    owner.eq_ignore_ascii_case("acme") && repo.eq_ignore_ascii_case("shop")
}

/// A string field a write must carry; GitHub's 422 naming the field when it is missing.
#[allow(clippy::result_large_err)] // handlers return the error response as is
pub(crate) fn required_str<'a>(
    b: &'a serde_json::Value,
    key: &str,
) -> Result<&'a str, axum::response::Response> {
    b.get(key)
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| {
            http::error(
                422,
                &format!("Invalid request.\n\n\"{key}\" wasn't supplied."),
            )
        })
}

/// Parses a JSON request body as GitHub does (400 on bad JSON).
#[allow(clippy::result_large_err)] // handlers return the error response as is
pub(crate) fn body_json(b: &[u8]) -> Result<serde_json::Value, axum::response::Response> {
    if b.is_empty() {
        return Ok(serde_json::json!({}));
    }
    serde_json::from_slice(b).map_err(|_| http::error(400, "Problems parsing JSON"))
}
