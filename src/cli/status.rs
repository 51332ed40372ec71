//! `gantry status`: one snapshot of the first configured repository, as JSON or a short summary.
//! Shares `fetch_snapshot` with the TUI's source, so scripts and the screen agree.

use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use serde_json::{Value, json};

use super::{Cli, setup};
use crate::sources::github::{self, Etags, Snapshot};

pub fn status(cli: &Cli, as_json: bool) -> Result<ExitCode> {
    let config = setup::load_config(cli.config.as_ref())?;
    let repo = config.github.repos.first().cloned().ok_or_else(|| {
        anyhow!("no repository configured: add repos = [\"owner/name\"] to [github]")
    })?;
    let token = config.github.read_token()?;
    let client = github::Client::from_config(&config.github, Some(token))?;
    let snapshot = setup::runtime()?
        .block_on(github::fetch_snapshot(
            &client,
            &repo,
            &mut Etags::default(),
        ))
        .with_context(|| format!("cannot fetch {repo} from {}", config.github.api_url))?;
    if as_json {
        println!("{}", to_json(&snapshot));
    } else {
        print!("{}", summary(&snapshot));
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
                .jobs_by_run
                .get(&r.id)
                .into_iter()
                .flatten()
                .map(|j| json!({"name": j.name, "status": j.status, "conclusion": j.conclusion}))
                .collect();
            json!({"id": r.id, "name": r.name, "status": r.status, "conclusion": r.conclusion,
                   "head_sha": r.head_sha, "jobs": jobs})
        })
        .collect();
    json!({
        "repo": s.repo,
        "runs": runs,
        "quota": {"remaining": s.quota.remaining, "limit": s.quota.limit, "not_modified": s.quota.not_modified},
    })
}

fn summary(s: &Snapshot) -> String {
    use crate::sanitize::clean;
    let mut out = format!(
        "{}  quota {}/{}\n",
        s.repo, s.quota.remaining, s.quota.limit
    );
    let (ci, cd) = github::pipeline_runs(&s.runs);
    for run in ci.into_iter().chain(cd) {
        let state = run
            .conclusion
            .as_deref()
            .or(run.status.as_deref())
            .unwrap_or("?");
        let sha: String = run.head_sha.chars().take(7).collect();
        out.push_str(&format!(
            "{} #{}  {}  {}\n",
            clean(run.name.as_deref().unwrap_or("workflow")),
            run.run_number,
            clean(state),
            sha
        ));
        for job in s.jobs_by_run.get(&run.id).into_iter().flatten() {
            let state = job.conclusion.as_deref().unwrap_or(job.status.as_str());
            out.push_str(&format!("  {:<12} {}\n", clean(state), clean(&job.name)));
        }
    }
    if ci.is_none() && cd.is_none() {
        out.push_str("no CI or CD runs\n");
    }
    out
}
