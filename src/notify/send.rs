//! The notifier task: the configured command (`sh -c COMMAND gantry MESSAGE`, the message as an
//! argument so it is never parsed by the shell) and the webhook, for each note, one at a time.
//! Failures go to the log: a notification that fails must never get in the way of the TUI.

use std::time::Duration;

use crate::sources::{SourceLink, Task};

/// One notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub title: String,
    pub body: String,
}

/// Where notes go besides the terminal.
#[derive(Debug, Clone, Default)]
pub struct Targets {
    pub command: Option<String>,
    pub webhook: Option<String>,
}

/// How long a command or a webhook may take before it is given up.
const TIMEOUT: Duration = Duration::from_secs(10);

/// The HTTP client for webhooks (with gantry's one crypto provider installed first).
pub fn http_client() -> reqwest::Client {
    crate::tls::install_provider();
    reqwest::Client::new()
}

/// Runs the command with the message as `$1`.
pub async fn run_command(command: &str, note: &Note) -> Result<(), String> {
    let message = format!("{}: {}", note.title, note.body);
    let child = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{command} \"$1\""))
        .arg("gantry")
        .arg(crate::sanitize::clean(&message))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .status();
    match tokio::time::timeout(TIMEOUT, child).await {
        Ok(Ok(s)) if s.success() => Ok(()),
        Ok(Ok(s)) => Err(format!("notify command exited with {s}")),
        Ok(Err(e)) => Err(format!("notify command could not start: {e}")),
        Err(_) => Err("notify command timed out".into()),
    }
}

/// POSTs the Slack-compatible body to the webhook.
pub async fn post_webhook(http: &reqwest::Client, url: &str, note: &Note) -> Result<(), String> {
    let resp = http
        .post(url)
        .timeout(TIMEOUT)
        .json(&super::webhook_body(&note.title, &note.body))
        .send()
        .await
        .map_err(|e| format!("webhook: {}", e.without_url()))?;
    if resp.status().is_success() {
        Ok(())
    } else {
        Err(format!("webhook answered {}", resp.status()))
    }
}

/// The task: notes in, command and webhook out.
pub fn task(targets: Targets, link: SourceLink<Note>) -> Task {
    let SourceLink {
        mut commands,
        cancel,
        ..
    } = link;
    Box::pin(async move {
        let http = http_client();
        loop {
            let note = tokio::select! {
                _ = cancel.cancelled() => return,
                n = commands.recv() => match n { Some(n) => n, None => return },
            };
            if let Some(cmd) = &targets.command
                && let Err(e) = run_command(cmd, &note).await
            {
                tracing::warn!("{e}");
            }
            if let Some(url) = &targets.webhook
                && let Err(e) = post_webhook(&http, url, &note).await
            {
                tracing::warn!("{e}");
            }
        }
    })
}
