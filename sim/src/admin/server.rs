//! The admin API's server: drive the clock, read the tokens and the request log, and inject faults.
//! Advancing returns only after the world has stepped to the new time, so tests are exact.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;

use super::types::{ClockState, SimUser};
use crate::driver::{Sim, lock};
use crate::faults::{FaultRule, Faults};
use crate::reqlog::RequestLog;

pub(crate) struct AdminState {
    pub(crate) sim: Sim,
    pub(crate) faults: Arc<Faults>,
    pub(crate) log: Arc<RequestLog>,
}

type St = State<Arc<AdminState>>;

fn clock_json(st: &AdminState) -> axum::Json<ClockState> {
    let c = &st.sim.clock;
    let now = c.now();
    axum::Json(ClockState {
        now,
        epoch: now.timestamp(),
        paused: c.is_paused(),
        speed: c.speed(),
    })
}

async fn advance(State(st): St, Query(q): Query<HashMap<String, String>>) -> Response {
    let Some(secs) = q
        .get("seconds")
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| *s >= 0.0)
    else {
        return (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({"error": "seconds=N (N >= 0) required"})),
        )
            .into_response();
    };
    let now = st.sim.clock.advance(secs);
    let sim = st.sim.clone();
    // Stepping a long advance is CPU work; keep it off the async workers.
    let _ = tokio::task::spawn_blocking(move || sim.sync_to(now)).await;
    clock_json(&st).into_response()
}

async fn pause(State(st): St) -> Response {
    st.sim.clock.pause();
    clock_json(&st).into_response()
}

async fn resume(State(st): St) -> Response {
    st.sim.clock.resume();
    clock_json(&st).into_response()
}

/// The demo application's metrics, for a Prometheus server to scrape.
async fn metrics(State(st): St) -> Response {
    let cluster = lock(&st.sim.cluster);
    let body = crate::metrics::exposition(&cluster, cluster.now);
    let kind = "text/plain; version=0.0.4; charset=utf-8";
    ([(axum::http::header::CONTENT_TYPE, kind)], body).into_response()
}

async fn clock(State(st): St) -> Response {
    clock_json(&st).into_response()
}

async fn tokens(State(st): St) -> Response {
    let w = lock(&st.sim.world);
    let reviewers: Vec<String> = w
        .environments
        .iter()
        .flat_map(|e| e.reviewers.clone())
        .collect();
    let users: Vec<SimUser> = w
        .users
        .iter()
        .filter(|u| u.login != crate::world::BOT)
        .map(|u| SimUser {
            login: u.login.clone(),
            id: u.id,
            token: u.token.clone(),
            production_reviewer: reviewers.contains(&u.login),
        })
        .collect();
    axum::Json(users).into_response()
}

async fn requests(State(st): St, Query(q): Query<HashMap<String, String>>) -> Response {
    let since = q.get("since").and_then(|s| s.parse().ok()).unwrap_or(0);
    axum::Json(st.log.since(since)).into_response()
}

async fn clear_requests(State(st): St) -> Response {
    st.log.clear();
    StatusCode::NO_CONTENT.into_response()
}

async fn add_fault(State(st): St, body: axum::body::Bytes) -> Response {
    match serde_json::from_slice::<FaultRule>(&body) {
        Ok(rule) => {
            st.faults.add(rule.clone());
            (StatusCode::CREATED, axum::Json(rule)).into_response()
        }
        Err(e) => (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({"error": e.to_string()})),
        )
            .into_response(),
    }
}

async fn list_faults(State(st): St) -> Response {
    axum::Json(st.faults.list()).into_response()
}

async fn clear_faults(State(st): St) -> Response {
    st.faults.clear();
    StatusCode::NO_CONTENT.into_response()
}

pub(crate) fn router(st: Arc<AdminState>) -> Router {
    Router::new()
        .route("/clock", get(clock))
        .route("/clock/advance", post(advance))
        .route("/clock/pause", post(pause))
        .route("/clock/resume", post(resume))
        .route("/tokens", get(tokens))
        .route("/metrics", get(metrics))
        .route("/requests", get(requests).delete(clear_requests))
        .route(
            "/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .with_state(st)
}
