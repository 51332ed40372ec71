//! Shared helpers for gantry's tests that run the simulator: start one reproducibly (seed 1, paused
//! at a fixed instant); its clock, request log and faults are driven through `h.admin()`.
#![allow(dead_code)]

pub mod tmux;

use gantry_sim::{Scenario, SimArgs, SimHandle, start};

pub async fn sim(scenario: Scenario) -> SimHandle {
    start(&SimArgs::reproducible(scenario)).await.unwrap()
}

/// GitHub reads and writes against the simulator as the on-call user, for tests that check what it
/// serves; and its clock.
#[allow(async_fn_in_trait)]
pub trait SimExt {
    async fn json(&self, path: &str) -> serde_json::Value;
    async fn post(&self, path: &str, body: serde_json::Value) -> reqwest::Response;
    /// The newest run of a workflow, by name.
    async fn latest_run(&self, name: &str) -> serde_json::Value;
    async fn advance(&self, seconds: u64);
}

impl SimExt for SimHandle {
    async fn json(&self, path: &str) -> serde_json::Value {
        let c = self.client_builder().unwrap().build().unwrap();
        let r = c
            .get(format!("{}{path}", self.github_url))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "GET {path}");
        r.json().await.unwrap()
    }

    async fn post(&self, path: &str, body: serde_json::Value) -> reqwest::Response {
        let c = self.client_builder().unwrap().build().unwrap();
        c.post(format!("{}{path}", self.github_url))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    async fn latest_run(&self, name: &str) -> serde_json::Value {
        let runs = self
            .json("/repos/acme/shop/actions/runs?per_page=100")
            .await;
        runs["workflow_runs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no run of {name}"))
    }

    async fn advance(&self, seconds: u64) {
        self.admin().advance(seconds as f64).await.unwrap();
    }
}

/// A GitHub client for the simulator, as `token`.
pub fn client_as(s: &SimHandle, token: &str) -> gantry::sources::github::Client {
    gantry::sources::github::Client::new(
        &format!("{}/", s.github_url),
        Some(gantry::config::Secret::new(token.to_string())),
        std::time::Duration::from_secs(10),
    )
    .unwrap()
}

/// The action executor against the simulator's GitHub (no cluster), as `token`.
pub fn executor_as(
    s: &SimHandle,
    token: &str,
    audit: gantry::sources::act::Audit,
    read_only: bool,
) -> gantry::sources::act::Executor {
    gantry::sources::act::Executor {
        audit,
        github: Some(client_as(s, token)),
        kube: None,
        read_only,
    }
}

/// An audit trail in `dir` written by "oncall", and its path.
pub fn trail_in(dir: &tempfile::TempDir) -> (gantry::sources::act::Audit, std::path::PathBuf) {
    let path = dir.path().join("state").join("audit.jsonl");
    let trail =
        gantry::audit::Trail::open(&path, gantry::audit::Actor::local(Some("oncall".into())))
            .unwrap();
    (gantry::sources::act::Audit::On(trail), path)
}
