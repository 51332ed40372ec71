//! One snapshot of a repository: the runs list, then the jobs of the pipeline's CI and CD runs.
//! Every GET is conditional: an authorized 304 costs nothing against the rate limit, so we keep
//! each URL's ETag and body, and count the 304s for the header.
//!
//! reqwest directly rather than octocrab: octocrab's cache hides 304s and its retries ignore
//! `retry-after`; here the caller decides when to try again.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use bytes::Bytes;
use chrono::{DateTime, TimeDelta, Utc};
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, AUTHORIZATION, ETAG, HeaderMap, IF_NONE_MATCH, USER_AGENT};
use serde::de::DeserializeOwned;

use super::wire::{JobList, RunList};
use crate::config::{Repo, Secret};
use crate::model::github::{Job, Quota, Run, Snapshot, pipeline_runs};

/// An HTTP client for one GitHub API base with one token.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    token: Option<Secret>,
}

impl Client {
    /// `base` is the REST root (`https://api.github.com/`); a missing token sends no auth header.
    pub fn new(base: &str, token: Option<Secret>, timeout: Duration) -> Result<Client, FetchError> {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .build()
            .map_err(|e| FetchError::new(format!("cannot build the HTTP client: {e}")))?;
        Ok(Client {
            http,
            base: base.trim_end_matches('/').to_string(),
            token,
        })
    }
}

impl Client {
    pub(super) fn base(&self) -> &str {
        &self.base
    }

    pub(super) fn http(&self) -> &reqwest::Client {
        &self.http
    }

    pub(super) fn token(&self) -> Option<&Secret> {
        self.token.as_ref()
    }

    /// The token's text, for marking it secret in the audit trail (never to print).
    pub fn token_text(&self) -> Option<&str> {
        self.token.as_ref().map(Secret::expose)
    }
}

/// ETags and bodies by URL, the running count of 304s, and what the last answers said about the
/// quota and the server's clock; kept across fetches by the caller.
#[derive(Debug, Default)]
pub struct Etags {
    entries: HashMap<String, (String, Bytes)>,
    pub not_modified: u32,
    quota: Option<(u32, u32)>,
    clock_offset: TimeDelta,
}

/// A failed fetch, in words fit for the banner, with the server's wish for when to retry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FetchError {
    pub message: String,
    pub status: Option<u16>,
    pub retry_after: Option<Duration>,
}

impl FetchError {
    fn new(message: String) -> FetchError {
        FetchError {
            message,
            status: None,
            retry_after: None,
        }
    }
}

pub async fn fetch_snapshot(
    client: &Client,
    repo: &Repo,
    etags: &mut Etags,
) -> Result<Snapshot, FetchError> {
    let base = format!(
        "{}/repos/{}/{}/actions/runs",
        client.base, repo.owner, repo.name
    );
    let list: RunList = get(client, &format!("{base}?per_page=20"), etags).await?;
    let mut runs: Vec<Run> = list.workflow_runs.into_iter().map(Run::from).collect();
    // Newest first, whatever order the server chose.
    runs.sort_by_key(|r| std::cmp::Reverse((r.created_at, r.id)));
    let (ci, cd) = pipeline_runs(&runs);
    let ids: Vec<u64> = ci.into_iter().chain(cd).map(|r| r.id).collect();
    let mut jobs = BTreeMap::new();
    for id in ids {
        // Serial on purpose: GitHub's secondary limits punish concurrency.
        let list: JobList = get(client, &format!("{base}/{id}/jobs?per_page=100"), etags).await?;
        jobs.insert(id, list.jobs.into_iter().map(Job::from).collect());
    }
    let (remaining, limit) = etags.quota.unwrap_or((0, 0));
    Ok(Snapshot {
        repo: repo.to_string(),
        runs,
        jobs,
        quota: Quota {
            remaining,
            limit,
            not_modified: etags.not_modified,
        },
        clock_offset: etags.clock_offset,
    })
}

async fn get<T: DeserializeOwned>(
    client: &Client,
    url: &str,
    etags: &mut Etags,
) -> Result<T, FetchError> {
    let mut req = client
        .http
        .get(url)
        .header(ACCEPT, "application/vnd.github+json")
        .header("x-github-api-version", "2022-11-28")
        .header(USER_AGENT, concat!("gantry/", env!("CARGO_PKG_VERSION")));
    if let Some(token) = &client.token {
        req = req.header(AUTHORIZATION, format!("Bearer {}", token.expose()));
    }
    if let Some((etag, _)) = etags.entries.get(url) {
        req = req.header(IF_NONE_MATCH, etag.as_str());
    }
    let resp = req.send().await.map_err(describe)?;
    let status = resp.status();
    let headers = resp.headers().clone();
    if let Some(q) = rate_limit(&headers) {
        etags.quota = Some(q);
    }
    let server_now = server_date(&headers);
    if let Some(date) = server_now {
        etags.clock_offset = date - Utc::now();
    }
    let body = if status == StatusCode::NOT_MODIFIED {
        etags.not_modified = etags.not_modified.saturating_add(1);
        match etags.entries.get(url) {
            Some((_, body)) => body.clone(),
            None => {
                return Err(FetchError::new(format!(
                    "304 for {url} without a cached body"
                )));
            }
        }
    } else if status.is_success() {
        let body = resp.bytes().await.map_err(describe)?;
        if let Some(etag) = headers.get(ETAG).and_then(|v| v.to_str().ok()) {
            etags
                .entries
                .insert(url.to_string(), (etag.to_string(), body.clone()));
        }
        body
    } else {
        let text = resp.text().await.unwrap_or_default();
        return Err(http_error(status, &headers, &text, server_now));
    };
    serde_json::from_slice(&body)
        .map_err(|e| FetchError::new(format!("unexpected answer from {url}: {e}")))
}

fn header_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

fn rate_limit(headers: &HeaderMap) -> Option<(u32, u32)> {
    let remaining = header_u64(headers, "x-ratelimit-remaining")?;
    let limit = header_u64(headers, "x-ratelimit-limit")?;
    Some((
        u32::try_from(remaining).unwrap_or(u32::MAX),
        u32::try_from(limit).unwrap_or(u32::MAX),
    ))
}

/// The server's clock, from the `Date` header (RFC 2822, one-second resolution).
fn server_date(headers: &HeaderMap) -> Option<DateTime<Utc>> {
    let text = headers.get(reqwest::header::DATE)?.to_str().ok()?;
    DateTime::parse_from_rfc2822(text)
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// `server_now` is the answer's `Date`: a reset time is in the server's clock, and a bastion's clock
/// drifts, so the wait is reset minus the server's now, not minus ours.
fn http_error(
    status: StatusCode,
    headers: &HeaderMap,
    body: &str,
    server_now: Option<DateTime<Utc>>,
) -> FetchError {
    let message = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("message")?.as_str().map(String::from))
        .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_string());
    let code = status.as_u16();
    let limited = matches!(code, 403 | 429);
    let retry_after = header_u64(headers, "retry-after").map(Duration::from_secs);
    let reset_in = || {
        let reset = header_u64(headers, "x-ratelimit-reset")?;
        let now = server_now.unwrap_or_else(Utc::now).timestamp();
        let now = u64::try_from(now).ok()?;
        Some(Duration::from_secs(reset.saturating_sub(now).max(1)))
    };
    let exhausted = header_u64(headers, "x-ratelimit-remaining") == Some(0);
    let (text, retry_after) = match code {
        401 => (format!("401 {message} (check the token)"), None),
        _ if limited && exhausted => ("rate limit exhausted".to_string(), reset_in()),
        // Secondary limits: honour retry-after, else wait at least a minute (GitHub's advice).
        _ if limited && retry_after.is_some() => (format!("{code} {message}"), retry_after),
        429 => (format!("429 {message}"), Some(Duration::from_secs(60))),
        _ => (format!("{code} {message}"), retry_after),
    };
    FetchError {
        message: crate::sanitize::clean(&text),
        status: Some(code),
        retry_after,
    }
}

/// Network errors in words: "connection refused" rather than reqwest's nested chain.
pub(super) fn describe(e: reqwest::Error) -> FetchError {
    let mut source: Option<&dyn std::error::Error> = Some(&e);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::ConnectionRefused {
                return FetchError::new("connection refused".into());
            }
        }
        source = s.source();
    }
    let text = if e.is_timeout() {
        "request timed out".to_string()
    } else if e.is_connect() {
        let host = e.url().and_then(|u| u.host_str()).unwrap_or("the server");
        format!("cannot connect to {host}")
    } else {
        // Strip the URL: it is noise in a one-line banner (and the token is never in it).
        e.without_url().to_string()
    };
    FetchError::new(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, String)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn a_rate_limit_reset_is_measured_against_the_servers_clock() {
        // The server lives two days in the past: measured against our clock the reset would be long
        // gone and we would retry at once; against its own `Date` it is 42 s away.
        let server = Utc::now() - TimeDelta::days(2);
        let h = headers(&[
            ("date", server.to_rfc2822()),
            ("x-ratelimit-remaining", "0".into()),
            ("x-ratelimit-reset", (server.timestamp() + 42).to_string()),
        ]);
        let now = server_date(&h);
        assert!(now.is_some());
        let e = http_error(StatusCode::FORBIDDEN, &h, "{}", now);
        assert_eq!(e.retry_after, Some(Duration::from_secs(42)));
        assert_eq!(e.message, "rate limit exhausted");
    }

    #[test]
    fn secondary_limits_honour_retry_after_or_wait_a_minute() {
        let h = headers(&[("retry-after", "17".into())]);
        let body = r#"{"message":"You have exceeded a secondary rate limit"}"#;
        let e = http_error(StatusCode::FORBIDDEN, &h, body, None);
        assert_eq!(e.retry_after, Some(Duration::from_secs(17)));
        let e = http_error(StatusCode::TOO_MANY_REQUESTS, &HeaderMap::new(), body, None);
        assert_eq!(e.retry_after, Some(Duration::from_secs(60)));
    }
}
