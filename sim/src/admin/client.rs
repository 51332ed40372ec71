//! A typed client of the admin API, for tests and tools: the one place that knows its paths.

use anyhow::Context;
use reqwest::Method;
use serde::de::DeserializeOwned;

use super::types::{ClockState, SimUser};
use crate::faults::FaultRule;
use crate::reqlog::RequestRecord;

/// Drives a running simulator through its admin URL (`SimHandle::admin`, or `admin_url` from
/// `gantry sim`'s JSON line).
#[derive(Clone, Debug)]
pub struct AdminClient {
    http: reqwest::Client,
    base: String,
}

impl AdminClient {
    /// A client of the admin API at `admin_url`; `ca_pem` is the simulator's CA when it serves
    /// HTTPS (`--tls`, the `ca_file` of its JSON line), and the only root trusted.
    pub fn new(admin_url: &str, ca_pem: Option<&str>) -> anyhow::Result<AdminClient> {
        let http = crate::handle::client_builder(ca_pem)?.build()?;
        Ok(AdminClient {
            http,
            base: admin_url.trim_end_matches('/').to_string(),
        })
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&FaultRule>,
    ) -> anyhow::Result<T> {
        let resp = self.send(method.clone(), path, body).await?;
        resp.json()
            .await
            .with_context(|| format!("admin {method} {path}: unexpected answer"))
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&FaultRule>,
    ) -> anyhow::Result<reqwest::Response> {
        let mut req = self
            .http
            .request(method.clone(), format!("{}{path}", self.base));
        if let Some(b) = body {
            req = req.json(b);
        }
        let resp = req
            .send()
            .await
            .with_context(|| format!("admin {method} {path}"))?;
        let status = resp.status();
        if !status.is_success() {
            let text = resp.text().await.unwrap_or_default();
            anyhow::bail!("admin {method} {path}: {status} {text}");
        }
        Ok(resp)
    }

    /// The simulated time.
    pub async fn clock(&self) -> anyhow::Result<ClockState> {
        self.call(Method::GET, "/clock", None).await
    }

    /// Moves simulated time forward; returns once the world and cluster have reached it.
    pub async fn advance(&self, seconds: f64) -> anyhow::Result<ClockState> {
        self.call(
            Method::POST,
            &format!("/clock/advance?seconds={seconds}"),
            None,
        )
        .await
    }

    pub async fn pause(&self) -> anyhow::Result<ClockState> {
        self.call(Method::POST, "/clock/pause", None).await
    }

    pub async fn resume(&self) -> anyhow::Result<ClockState> {
        self.call(Method::POST, "/clock/resume", None).await
    }

    /// Every simulated user with a token (the bot has none).
    pub async fn users(&self) -> anyhow::Result<Vec<SimUser>> {
        self.call(Method::GET, "/tokens", None).await
    }

    /// The token of `login` (`oncall`, `intern`, `alice`, ...).
    pub async fn token_of(&self, login: &str) -> anyhow::Result<String> {
        self.users()
            .await?
            .into_iter()
            .find(|u| u.login == login)
            .map(|u| u.token)
            .with_context(|| format!("no simulated user {login:?}"))
    }

    /// Every request received since start (or the last clear), oldest first.
    pub async fn requests(&self) -> anyhow::Result<Vec<RequestRecord>> {
        self.requests_since(0).await
    }

    /// Requests whose sequence number is greater than `seq`.
    pub async fn requests_since(&self, seq: u64) -> anyhow::Result<Vec<RequestRecord>> {
        self.call(Method::GET, &format!("/requests?since={seq}"), None)
            .await
    }

    pub async fn clear_requests(&self) -> anyhow::Result<()> {
        self.send(Method::DELETE, "/requests", None).await.map(drop)
    }

    /// Adds a fault rule; the answer echoes it as the simulator understood it.
    pub async fn add_fault(&self, rule: &FaultRule) -> anyhow::Result<FaultRule> {
        self.call(Method::POST, "/faults", Some(rule)).await
    }

    /// The rules still in force (a counted rule leaves once used up).
    pub async fn faults(&self) -> anyhow::Result<Vec<FaultRule>> {
        self.call(Method::GET, "/faults", None).await
    }

    pub async fn clear_faults(&self) -> anyhow::Result<()> {
        self.send(Method::DELETE, "/faults", None).await.map(drop)
    }
}
