//! The GitHub client every GitHub task shares: conditional GETs (an authorized 304 costs nothing
//! against the rate limit, so each task keeps its URLs' ETags and bodies), one request at a time
//! across all tasks (GitHub's secondary limits punish concurrency), and one meter of what the answers
//! said: the quota, the count of free 304s, and the server's clock.
//!
//! reqwest directly rather than octocrab: octocrab's cache hides 304s and its retries ignore
//! `retry-after`; here the caller decides when to try again.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use chrono::{DateTime, TimeDelta, Utc};
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, AUTHORIZATION, ETAG, HeaderMap, IF_NONE_MATCH, USER_AGENT};
use serde::de::DeserializeOwned;

use crate::config::{GithubConfig, Secret};
use crate::model::github::Quota;

/// An HTTP client for one GitHub API base with one token. Clones share the serial lock and the meter.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    token: Option<Secret>,
    shared: Arc<Shared>,
}

#[derive(Default)]
struct Shared {
    /// Held for each request: one at a time, whichever task asks.
    serial: tokio::sync::Mutex<()>,
    meter: Mutex<Meter>,
}

/// What the answers said, across every task on this client.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Meter {
    pub quota: Quota,
    /// The server's clock minus ours, from the last `Date` header.
    pub clock_offset: TimeDelta,
}

impl Client {
    /// `base` is the REST root (`https://api.github.com/`); a missing token sends no auth header.
    /// Servers are verified against the system's roots.
    pub fn new(base: &str, token: Option<Secret>, timeout: Duration) -> Result<Client, FetchError> {
        Client::build(base, token, timeout, None)
    }

    /// The client `[github]` describes: its API URL, timeout, and `ca_file` added to the roots.
    pub fn from_config(github: &GithubConfig, token: Option<Secret>) -> Result<Client, FetchError> {
        Client::build(
            &github.api_url,
            token,
            github.timeout,
            github.ca_file.as_deref(),
        )
    }

    fn build(
        base: &str,
        token: Option<Secret>,
        timeout: Duration,
        ca_file: Option<&Path>,
    ) -> Result<Client, FetchError> {
        crate::tls::install_provider();
        let mut builder = reqwest::Client::builder().timeout(timeout);
        if let Some(path) = ca_file {
            builder = builder.tls_certs_merge(extra_roots(path)?);
        }
        let http = builder
            .build()
            .map_err(|e| FetchError::new(format!("cannot build the HTTP client: {e}")))?;
        Ok(Client {
            http,
            base: base.trim_end_matches('/').to_string(),
            token,
            shared: Arc::default(),
        })
    }
}

/// The certificates of a CA bundle (validated with the config, read again here to use them).
fn extra_roots(path: &Path) -> Result<Vec<reqwest::Certificate>, FetchError> {
    let fail = |why: String| FetchError::new(format!("CA bundle {}: {why}", path.display()));
    let pem = std::fs::read(path).map_err(|e| fail(e.to_string()))?;
    crate::tls::certs_from_pem(&pem)
        .map_err(fail)?
        .iter()
        .map(|der| reqwest::Certificate::from_der(der).map_err(|e| fail(e.to_string())))
        .collect()
}

impl Client {
    pub(super) fn serial(&self) -> &tokio::sync::Mutex<()> {
        &self.shared.serial
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

    /// The quota, the 304 count and the server's clock offset, as the answers so far said.
    pub fn meter(&self) -> Meter {
        *self.shared.meter.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn note(&self, f: impl FnOnce(&mut Meter)) {
        f(&mut self.shared.meter.lock().unwrap_or_else(|e| e.into_inner()));
    }

    /// The API URL of `path` (below the root, e.g. `repos/acme/shop/actions/runs?per_page=20`).
    pub fn url(&self, path: &str) -> String {
        format!("{}/{}", self.base, path.trim_start_matches('/'))
    }
}

/// ETags and bodies by URL, kept across fetches by each task.
#[derive(Debug, Default)]
pub struct Etags {
    entries: HashMap<String, (String, Bytes)>,
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

/// A conditional GET of `url` (from [`Client::url`]), parsed as `T`. A 304 answers from the cached body.
pub async fn get<T: DeserializeOwned>(
    client: &Client,
    url: &str,
    etags: &mut Etags,
) -> Result<T, FetchError> {
    let _turn = client.shared.serial.lock().await;
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
    let server_now = server_date(&headers);
    client.note(|m| {
        if let Some((remaining, limit)) = rate_limit(&headers) {
            m.quota.remaining = remaining;
            m.quota.limit = limit;
        }
        if let Some(date) = server_now {
            m.clock_offset = date - Utc::now();
        }
        if status == StatusCode::NOT_MODIFIED {
            m.quota.not_modified = m.quota.not_modified.saturating_add(1);
        }
    });
    let body = if status == StatusCode::NOT_MODIFIED {
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

/// The rustls error inside `e`. It sits in io::Errors wrapped in io::Errors, whose `source()` skips
/// the error they wrap, so unwrap them by hand.
fn tls_error<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    if let Some(tls) = e.downcast_ref::<rustls::Error>() {
        return Some(tls);
    }
    let inner = e.downcast_ref::<std::io::Error>()?.get_ref()?;
    tls_error(inner)
}

/// A failed TLS handshake in words, with the fix when it is a certificate gantry does not trust.
fn tls_words(e: &rustls::Error) -> String {
    match e {
        rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer) => {
            "TLS: the server's certificate is signed by an unknown CA; \
             add that CA's PEM as [github] ca_file"
                .to_string()
        }
        rustls::Error::InvalidCertificate(why) => {
            format!("TLS: the server's certificate is not valid here ({why:?})")
        }
        other => format!("TLS handshake failed: {other}"),
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
        if let Some(tls) = tls_error(s) {
            return FetchError::new(tls_words(tls));
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
