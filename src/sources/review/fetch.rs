//! Reading what waits for review and what each environment runs: waiting runs and their pending
//! deployments across every repository, the newest deployment and status of each environment, and
//! the commits a promotion would ship (compare API). Conditional GETs through the shared client.

use super::wire::{
    Comparison, WaitingRuns, WireDeployment, WirePending, WireRun, WireStatus, WireUser,
    pending_envs,
};
use crate::config::Repo;
use crate::model::approval::{Board, EnvRow, PendingRun};
use crate::sources::github::{Client, Etags, FetchError, get};

/// The token's login, asked once.
pub async fn user(client: &Client, etags: &mut Etags) -> Result<String, FetchError> {
    let u: WireUser = get(client, &client.url("user"), etags).await?;
    Ok(crate::sanitize::clean(&u.login))
}

/// One run's pending deployments as they are now, or `None` when nothing of it waits any more.
/// The approval path reads this just before sending, with fresh ETags, so nothing cached answers.
pub async fn pending_run(
    client: &Client,
    repo: &str,
    run: u64,
    user: Option<&str>,
    etags: &mut Etags,
) -> Result<Option<PendingRun>, FetchError> {
    let base = client.url(&format!("repos/{repo}/actions/runs/{run}"));
    let wire: WireRun = get(client, &base, etags).await?;
    pending_of(client, repo, wire, user, etags).await
}

async fn pending_of(
    client: &Client,
    repo: &str,
    run: WireRun,
    user: Option<&str>,
    etags: &mut Etags,
) -> Result<Option<PendingRun>, FetchError> {
    let url = client.url(&format!(
        "repos/{repo}/actions/runs/{}/pending_deployments",
        run.id
    ));
    let list: Vec<WirePending> = get(client, &url, etags).await?;
    let envs = pending_envs(list, user, run.triggered_by().as_deref());
    Ok((!envs.is_empty()).then(|| run.into_pending(repo, envs)))
}

/// Every run waiting for review in `repo`, with its pending deployments.
pub async fn waiting(
    client: &Client,
    repo: &str,
    user: Option<&str>,
    etags: &mut Etags,
) -> Result<Vec<PendingRun>, FetchError> {
    let url = client.url(&format!(
        "repos/{repo}/actions/runs?status=waiting&per_page=30"
    ));
    let runs: WaitingRuns = get(client, &url, etags).await?;
    let mut out = Vec::new();
    for run in runs.workflow_runs {
        if let Some(p) = pending_of(client, repo, run, user, etags).await? {
            out.push(p);
        }
    }
    Ok(out)
}

/// The board: waiting runs of every repository, and the first repository's environments in
/// promotion order with what runs there and what a promotion would ship.
pub async fn board(
    client: &Client,
    repos: &[Repo],
    envs: &[String],
    user: Option<String>,
    etags: &mut Etags,
) -> Result<Board, FetchError> {
    let mut pending = Vec::new();
    for repo in repos {
        pending.extend(waiting(client, &repo.to_string(), user.as_deref(), etags).await?);
    }
    let mut rows = Vec::new();
    if let Some(repo) = repos.first() {
        let repo = repo.to_string();
        for name in envs {
            let deployed = deployed(client, &repo, name, etags).await?;
            let pending_run = pending
                .iter()
                .find(|p: &&PendingRun| p.repo == repo && p.env(name).is_some())
                .map(|p| p.run);
            rows.push(EnvRow {
                repo: repo.clone(),
                name: name.clone(),
                deployed,
                pending_run,
                ships: None,
            });
        }
        // The candidate of each environment: the run waiting for it, else what runs one step before.
        for i in 0..rows.len() {
            let candidate = match rows[i].pending_run {
                Some(id) => pending
                    .iter()
                    .find(|p| p.run == id)
                    .map(|p| p.head_sha.clone()),
                None => i
                    .checked_sub(1)
                    .and_then(|j| rows[j].deployed.as_ref().map(|d| d.sha.clone())),
            };
            let (Some(head), Some(base)) =
                (candidate, rows[i].deployed.as_ref().map(|d| d.sha.clone()))
            else {
                continue;
            };
            if head == base {
                rows[i].ships = Some(Vec::new());
                continue;
            }
            let url = client.url(&format!("repos/{repo}/compare/{base}...{head}"));
            let cmp: Comparison = get(client, &url, etags).await?;
            rows[i].ships = Some(cmp.into_model());
        }
    }
    Ok(Board {
        user,
        envs: rows,
        pending,
    })
}

/// What runs in an environment: the newest deployment that succeeded (or is deploying now). One
/// GitHub created for a job still waiting for review has no status yet, a failed one left the
/// previous release running, and older ones turn `inactive`: all skipped. The newest five are read.
async fn deployed(
    client: &Client,
    repo: &str,
    env: &str,
    etags: &mut Etags,
) -> Result<Option<crate::model::approval::Deployed>, FetchError> {
    let url = client.url(&format!(
        "repos/{repo}/deployments?environment={}&per_page=5",
        encode(env)
    ));
    let list: Vec<WireDeployment> = get(client, &url, etags).await?;
    let mut newest = None;
    for d in list {
        let url = client.url(&format!(
            "repos/{repo}/deployments/{}/statuses?per_page=1",
            d.id
        ));
        let statuses: Vec<WireStatus> = get(client, &url, etags).await?;
        let status = statuses.into_iter().next();
        let settled = status
            .as_ref()
            .is_some_and(|s| matches!(s.state.as_str(), "success" | "in_progress" | "queued"));
        if settled {
            return Ok(Some(d.into_model(status)));
        }
        if newest.is_none() {
            newest = Some(d.into_model(status));
        }
    }
    Ok(newest)
}

/// Environment names in a query: letters, digits and `-_.` pass, the rest is percent-encoded.
fn encode(name: &str) -> String {
    name.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
