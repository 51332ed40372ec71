//! A job's log: `GET .../actions/jobs/{id}/logs` answers 302 to a plain-text file (valid for a
//! minute), which reqwest follows, dropping the token when the redirect leaves the API's host. A
//! job still running has no log yet; its steps come from the job itself.

use bytes::Bytes;
use reqwest::header::{ACCEPT, AUTHORIZATION, USER_AGENT};

use super::fetch::{Client, Etags, FetchError, describe, get};
use super::wire::job_from_json;
use crate::model::github::Job;

/// The job now (its status and steps). Conditional: an unchanged job costs a free 304.
pub async fn job(
    client: &Client,
    repo: &str,
    job_id: u64,
    etags: &mut Etags,
) -> Result<Job, FetchError> {
    let url = client.url(&format!("repos/{repo}/actions/jobs/{job_id}"));
    let value: serde_json::Value = get(client, &url, etags).await?;
    job_from_json(value).map_err(|e| FetchError {
        message: format!("unexpected job from {url}: {e}"),
        status: None,
        retry_after: None,
    })
}

/// A completed job's log, as a response whose body the caller reads chunk by chunk
/// ([`next_chunk`]), so a big log is never held whole here.
pub async fn job_log(
    client: &Client,
    repo: &str,
    job_id: u64,
) -> Result<reqwest::Response, FetchError> {
    let url = client.url(&format!("repos/{repo}/actions/jobs/{job_id}/logs"));
    let resp = {
        let _turn = client.serial().lock().await;
        let mut req = client
            .http()
            .get(&url)
            .header(ACCEPT, "application/vnd.github+json")
            .header("x-github-api-version", "2022-11-28")
            .header(USER_AGENT, concat!("gantry/", env!("CARGO_PKG_VERSION")));
        if let Some(token) = client.token() {
            req = req.header(AUTHORIZATION, format!("Bearer {}", token.expose()));
        }
        req.send().await.map_err(describe)?
    };
    let status = resp.status();
    if !status.is_success() {
        let text = resp.text().await.unwrap_or_default();
        let text = crate::sanitize::clean(text.chars().take(200).collect::<String>().trim());
        return Err(FetchError {
            message: format!("job log {job_id}: HTTP {status}: {text}"),
            status: Some(status.as_u16()),
            retry_after: None,
        });
    }
    Ok(resp)
}

/// The next part of a log's body; `None` at its end.
pub async fn next_chunk(resp: &mut reqwest::Response) -> Result<Option<Bytes>, FetchError> {
    resp.chunk().await.map_err(describe)
}
