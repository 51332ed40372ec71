//! One snapshot of a repository: the runs list, then the jobs of the pipeline's CI and CD runs.
//! Every GET is conditional: an authorized 304 costs nothing against the rate limit, so we keep
//! each URL's ETag and body, and count the 304s for the header.
//!
//! reqwest directly rather than octocrab: octocrab's cache hides 304s and its retries ignore
//! `retry-after`; here the caller decides when to try again.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, AUTHORIZATION, ETAG, HeaderMap, IF_NONE_MATCH, USER_AGENT};
use serde::de::DeserializeOwned;

use super::model::{Job, JobList, Run, RunList, pipeline_runs};
use crate::app::state::Quota;
use crate::config::{GithubConfig, Repo, Secret};

/// An HTTP client for one GitHub API base with one token.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    token: Option<Secret>,
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

/// ETags and bodies by URL, plus the running count of 304s; kept across fetches by the caller.
#[derive(Debug, Default)]
pub struct Etags {
    entries: HashMap<String, (String, Bytes)>,
    pub not_modified: u32,
    quota: Option<(u32, u32)>,
}

/// What one fetch saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub repo: String,
    pub runs: Vec<Run>,
    pub jobs_by_run: BTreeMap<u64, Vec<Job>>,
    pub quota: Quota,
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
    let mut list: RunList = get(client, &format!("{base}?per_page=20"), etags).await?;
    // Newest first, whatever order the server chose.
    list.workflow_runs
        .sort_by_key(|r| std::cmp::Reverse((r.created_at, r.id)));
    let (ci, cd) = pipeline_runs(&list.workflow_runs);
    let ids: Vec<u64> = ci.into_iter().chain(cd).map(|r| r.id).collect();
    let mut jobs_by_run = BTreeMap::new();
    for id in ids {
        // Serial on purpose: GitHub's secondary limits punish concurrency.
        let jobs: JobList = get(client, &format!("{base}/{id}/jobs?per_page=100"), etags).await?;
        jobs_by_run.insert(id, jobs.jobs);
    }
    let (remaining, limit) = etags.quota.unwrap_or((0, 0));
    Ok(Snapshot {
        repo: repo.to_string(),
        runs: list.workflow_runs,
        jobs_by_run,
        quota: Quota {
            remaining,
            limit,
            not_modified: etags.not_modified,
        },
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
        return Err(http_error(status, &headers, &text));
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

fn http_error(status: StatusCode, headers: &HeaderMap, body: &str) -> FetchError {
    let message = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("message")?.as_str().map(String::from))
        .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_string());
    let code = status.as_u16();
    let limited = matches!(code, 403 | 429);
    let retry_after = header_u64(headers, "retry-after").map(Duration::from_secs);
    let reset_in = || {
        let reset = header_u64(headers, "x-ratelimit-reset")?;
        let now = u64::try_from(chrono::Utc::now().timestamp()).ok()?;
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
fn describe(e: reqwest::Error) -> FetchError {
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
