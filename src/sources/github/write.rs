//! Writes to GitHub (reruns, reviews, cancels): never conditional, never retried by themselves (the
//! caller decides; a repeated write could act twice), and their answer mapped to what the audit
//! trail records: ok, refused (4xx, the user's to fix) or failed (5xx, network).

use reqwest::header::{ACCEPT, AUTHORIZATION, USER_AGENT};
use serde_json::Value;

use super::fetch::Client;
use crate::audit::ActionResult;

impl Client {
    /// POSTs `body` to `path` (below the API root) and says how it went, in words.
    pub async fn post(&self, path: &str, body: &Value) -> ActionResult {
        let url = self.url(path);
        let _turn = self.serial().lock().await;
        let mut req = self
            .http()
            .post(&url)
            .header(ACCEPT, "application/vnd.github+json")
            .header("x-github-api-version", "2022-11-28")
            .header(USER_AGENT, concat!("gantry/", env!("CARGO_PKG_VERSION")))
            .json(body);
        if let Some(token) = self.token() {
            req = req.header(AUTHORIZATION, format!("Bearer {}", token.expose()));
        }
        let resp = match req.send().await {
            Ok(r) => r,
            Err(e) => {
                // A connection that never opened sent nothing; a timeout may have reached GitHub.
                let sent = !(e.is_connect() || e.is_builder());
                let text = super::fetch::describe(e).message;
                return ActionResult::failed(sent, None, text);
            }
        };
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap_or_default();
        let message = serde_json::from_str::<Value>(&text)
            .ok()
            .and_then(|v| v.get("message")?.as_str().map(crate::sanitize::clean));
        match status {
            200..=299 => ActionResult::ok(Some(status), message.unwrap_or_else(|| "done".into())),
            400..=499 => ActionResult::refused(
                status,
                message.unwrap_or_else(|| format!("GitHub answered {status}")),
            ),
            _ => ActionResult::failed(
                true,
                Some(status),
                message.unwrap_or_else(|| format!("GitHub answered {status}")),
            ),
        }
    }
}
