//! Shared helpers for the simulator's GitHub tests: an in-process simulator (paused, seeded), an HTTP
//! client that does not follow redirects, and response validation against github-rest-subset.json.
#![allow(dead_code)]

pub mod tmux;

use gantry_sim::world::Scenario;
use gantry_sim::{SimArgs, SimHandle, start};
use serde_json::Value;

pub struct TestSim {
    pub h: SimHandle,
    pub c: reqwest::Client,
    _dir: tempfile::TempDir,
}

pub async fn sim(scenario: Scenario) -> TestSim {
    let dir = tempfile::tempdir().unwrap();
    let args = SimArgs {
        seed: Some(1),
        paused: true,
        scenario,
        state_dir: Some(dir.path().to_path_buf()),
        ..SimArgs::default()
    };
    let h = start(&args).await.unwrap();
    let c = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    TestSim { h, c, _dir: dir }
}

impl TestSim {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.h.github_url)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.get_as(path, &self.h.token.clone()).await
    }

    pub async fn get_as(&self, path: &str, token: &str) -> reqwest::Response {
        self.c
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    pub async fn json(&self, path: &str) -> Value {
        let r = self.get(path).await;
        assert_eq!(r.status(), 200, "GET {path}");
        r.json().await.unwrap()
    }

    pub async fn post(&self, path: &str, body: Value) -> reqwest::Response {
        self.post_as(path, body, &self.h.token.clone()).await
    }

    pub async fn post_as(&self, path: &str, body: Value, token: &str) -> reqwest::Response {
        self.c
            .post(self.url(path))
            .header("authorization", format!("token {token}"))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub async fn advance(&self, seconds: u64) {
        let r = self
            .c
            .post(format!(
                "{}/clock/advance?seconds={seconds}",
                self.h.admin_url
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }

    pub async fn admin(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> reqwest::Response {
        let mut b = self
            .c
            .request(method, format!("{}{path}", self.h.admin_url));
        if let Some(v) = body {
            b = b.json(&v);
        }
        b.send().await.unwrap()
    }

    /// The newest run of a workflow (by name).
    pub async fn latest_run(&self, name: &str) -> Value {
        let runs = self
            .json("/repos/acme/shop/actions/runs?per_page=100")
            .await;
        runs["workflow_runs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .cloned()
            .unwrap()
    }

    pub async fn token_of(&self, login: &str) -> String {
        let t: Value = self
            .admin(reqwest::Method::GET, "/tokens", None)
            .await
            .json()
            .await
            .unwrap();
        t.as_array()
            .unwrap()
            .iter()
            .find(|u| u["login"] == login)
            .unwrap()["token"]
            .as_str()
            .unwrap()
            .to_string()
    }
}
