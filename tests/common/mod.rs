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
