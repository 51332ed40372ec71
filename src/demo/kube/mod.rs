//! Stand-in for the simulated Kubernetes API server (the real one lives on another branch and replaces
//! this file at merge). It rolls out after a fixed simulated delay so the GitHub side can be tested.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

use super::clock::Clock;
use super::faults::Faults;
use super::reqlog::RequestLog;

#[derive(Debug)]
struct Rollout {
    image: String,
    since: DateTime<Utc>,
}

#[derive(Debug)]
pub struct Cluster {
    bad_release: bool,
    now: DateTime<Utc>,
    staging: Option<Rollout>,
    production: Option<Rollout>,
}

impl Cluster {
    pub fn new(bad_release: bool, now: DateTime<Utc>) -> Self {
        Self {
            bad_release,
            now,
            staging: None,
            production: None,
        }
    }

    pub fn set_image(
        &mut self,
        namespace: &str,
        image: &str,
        _change_cause: &str,
        now: DateTime<Utc>,
    ) {
        let r = Some(Rollout {
            image: image.to_string(),
            since: now,
        });
        match namespace {
            "staging" => self.staging = r,
            "production" => self.production = r,
            _ => {}
        }
    }

    pub fn advance(&mut self, now: DateTime<Utc>) {
        self.now = now;
    }

    fn elapsed(&self, r: &Rollout) -> Duration {
        self.now - r.since
    }

    pub fn rolled_out(&self, namespace: &str, image: &str) -> bool {
        match namespace {
            "staging" => self
                .staging
                .as_ref()
                .is_some_and(|r| r.image == image && self.elapsed(r) >= Duration::seconds(20)),
            "production" => {
                !self.bad_release
                    && self.production.as_ref().is_some_and(|r| {
                        r.image == image && self.elapsed(r) >= Duration::seconds(90)
                    })
            }
            _ => false,
        }
    }

    pub fn canary(&self, namespace: &str) -> Option<(String, u32)> {
        if namespace != "production" {
            return None;
        }
        let r = self.production.as_ref()?;
        let secs = self.elapsed(r).num_seconds();
        Some(match (secs >= 90, self.bad_release) {
            (true, false) => ("Healthy".to_string(), 100),
            (true, true) => ("Degraded".to_string(), 0),
            (false, _) if secs >= 45 => ("Progressing".to_string(), 50),
            (false, _) => ("Progressing".to_string(), 5),
        })
    }
}

pub type SharedCluster = Arc<std::sync::Mutex<Cluster>>;

pub struct KubeDeps {
    pub cluster: SharedCluster,
    pub clock: Arc<Clock>,
    pub faults: Arc<Faults>,
    pub log: Arc<RequestLog>,
}

pub async fn serve(listener: tokio::net::TcpListener, _deps: KubeDeps) -> std::io::Result<()> {
    let app = axum::Router::new().fallback(|| async { axum::http::StatusCode::NOT_FOUND });
    axum::serve(listener, app).await
}

pub fn write_kubeconfig(path: &Path, server_url: &str, token: &str) -> std::io::Result<()> {
    let text = format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: gantry-demo\n  cluster:\n    server: {server_url}\nusers:\n- name: gantry-demo\n  user:\n    token: {token}\ncontexts:\n- name: gantry-demo\n  context:\n    cluster: gantry-demo\n    user: gantry-demo\n    namespace: staging\ncurrent-context: gantry-demo\n"
    );
    std::fs::write(path, text)
}
