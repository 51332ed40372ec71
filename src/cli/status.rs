//! `gantry status`: one snapshot of the first configured repository, as JSON or a short summary.
//! Shares `fetch_snapshot` with the TUI's source, so scripts and the screen agree.

use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use serde_json::{Value, json};

use super::{Cli, setup};
use crate::model::github::Snapshot;
use crate::sources::github::{self, Etags};

pub fn status(cli: &Cli, as_json: bool) -> Result<ExitCode> {
    let config = setup::load_config(cli.config.as_ref())?;
    let repo = config.github.repos.first().cloned().ok_or_else(|| {
        anyhow!("no repository configured: add repos = [\"owner/name\"] to [github]")
    })?;
    let token = config.github.read_token()?;
    let client = github::Client::from_config(&config.github, Some(token))?;
    let rt = setup::runtime()?;
    let snapshot = rt
        .block_on(github::fetch_snapshot(
            &client,
            &repo,
            &mut Etags::default(),
        ))
        .with_context(|| format!("cannot fetch {repo} from {}", config.github.api_url))?;
    // Each environment's workload; a cluster that cannot be read says so in its entry.
    let envs = rt.block_on(super::status_kube::environments(&config));
    if as_json {
        let mut out = to_json(&snapshot);
        // The candidate's gates, gathered the same way as `gantry gates`; a failure is said in place.
        out["gates"] = match super::gates::fetch(&config, None) {
            Ok(board) => super::gates::board_json(&board),
            Err(e) => json!({"error": format!("{e:#}")}),
        };
        out["environments"] = envs;
        println!("{out}");
    } else {
        print!("{}", summary(&snapshot));
        print!("{}", super::status_kube::summary(&envs));
    }
    Ok(ExitCode::SUCCESS)
}

/// `{repo, runs:[{id,name,status,conclusion,head_sha,jobs:[...]}], quota}`; jobs only for the
/// pipeline's runs (the others are not fetched).
pub fn to_json(s: &Snapshot) -> Value {
    let runs: Vec<Value> = s
        .runs
        .iter()
        .map(|r| {
            let jobs: Vec<Value> = s
                .jobs
                .get(&r.id)
                .into_iter()
                .flatten()
                .map(|j| {
                    json!({"name": j.name, "status": j.status.api_status(),
                           "conclusion": j.status.api_conclusion()})
                })
                .collect();
            json!({"id": r.id, "name": r.name, "status": r.status.api_status(),
                   "conclusion": r.status.api_conclusion(), "head_sha": r.head_sha, "jobs": jobs})
        })
        .collect();
    json!({
        "repo": s.repo,
        "runs": runs,
        "quota": {"remaining": s.quota.remaining, "limit": s.quota.limit, "not_modified": s.quota.not_modified},
    })
}

/// Text in the snapshot was sanitised when it arrived.
fn summary(s: &Snapshot) -> String {
    let mut out = format!(
        "{}  quota {}/{}\n",
        s.repo, s.quota.remaining, s.quota.limit
    );
    let (ci, cd) = s.pipeline();
    for run in ci.into_iter().chain(cd) {
        let state = run
            .status
            .api_conclusion()
            .unwrap_or(run.status.api_status());
        out.push_str(&format!(
            "{} #{}  {}  {}\n",
            run.name,
            run.run_number,
            state,
            run.short_sha()
        ));
        for job in s.jobs_of(run) {
            let state = job
                .status
                .api_conclusion()
                .unwrap_or(job.status.api_status());
            out.push_str(&format!("  {:<12} {}\n", state, job.name));
        }
    }
    if ci.is_none() && cd.is_none() {
        out.push_str("no CI or CD runs\n");
    }
    out
}
