//! The admin API: drive the clock, read the tokens and the request log, and inject faults. Advancing
//! returns only after the world has stepped to the new time, so tests are exact.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::driver::{Sim, lock};
use super::faults::{FaultRule, Faults};
use super::reqlog::RequestLog;

pub struct AdminState {
    pub sim: Sim,
    pub faults: Arc<Faults>,
    pub log: Arc<RequestLog>,
}

type St = State<Arc<AdminState>>;

fn clock_json(st: &AdminState) -> Value {
    let c = &st.sim.clock;
    json!({"now": c.now().to_rfc3339(), "epoch": c.now().timestamp(), "paused": c.is_paused(), "speed": c.speed()})
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
    axum::Json(clock_json(&st)).into_response()
}

async fn pause(State(st): St) -> Response {
    st.sim.clock.pause();
    axum::Json(clock_json(&st)).into_response()
}

async fn resume(State(st): St) -> Response {
    st.sim.clock.resume();
    axum::Json(clock_json(&st)).into_response()
}

async fn clock(State(st): St) -> Response {
    axum::Json(clock_json(&st)).into_response()
}

async fn tokens(State(st): St) -> Response {
    let w = lock(&st.sim.world);
    let reviewers: Vec<String> = w
        .environments
        .iter()
        .flat_map(|e| e.reviewers.clone())
        .collect();
    let users: Vec<Value> = w
        .users
        .iter()
        .filter(|u| u.login != super::world::BOT)
        .map(|u| json!({"login": u.login, "id": u.id, "token": u.token, "production_reviewer": reviewers.contains(&u.login)}))
        .collect();
    axum::Json(Value::Array(users)).into_response()
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

pub fn router(st: Arc<AdminState>) -> Router {
    Router::new()
        .route("/clock", get(clock))
        .route("/clock/advance", post(advance))
        .route("/clock/pause", post(pause))
        .route("/clock/resume", post(resume))
        .route("/tokens", get(tokens))
        .route("/requests", get(requests).delete(clear_requests))
        .route(
            "/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .with_state(st)
}
