//! `gantry status`: one snapshot of the first configured repository, as JSON or a short summary.
//! Shares `fetch_snapshot` with the TUI's source, so scripts and the screen agree.

use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use serde_json::{Value, json};

use super::{Cli, setup};
use crate::model::github::{Job, Run, Snapshot};
use crate::model::pipeline::{FileKey, WorkflowFile, WorkflowFiles, wanted};
use crate::sources::github::{self, Etags};
use crate::workflow::Graph;

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
        let files = rt.block_on(workflow_files(&client, &snapshot));
        let mut out = to_json(&snapshot, &files);
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

/// The pipeline runs' workflow files, as the TUI's task fetches them (each once). A file that
/// cannot be fetched is reported as broken, with why.
async fn workflow_files(client: &github::Client, s: &Snapshot) -> WorkflowFiles {
    let mut files = WorkflowFiles::default();
    for key in wanted(s) {
        let file = match github::workflow_file::fetch_file(client, &key).await {
            Ok(f) => f,
            Err(e) => WorkflowFile::Broken(e.message),
        };
        files.files.insert(key, file);
    }
    files
}

/// `{repo, runs:[{id,name,status,conclusion,head_sha,path,jobs:[...],graph}], quota}`; jobs and
/// graphs only for the pipeline's runs (the others are not fetched). `graph` is
/// `{name, jobs:[{id,name,needs,uses?,jobs:[{name,status,conclusion}]}]}` (the API's jobs
/// matched to the file's), `{error}` for a broken file, or null.
pub fn to_json(s: &Snapshot, files: &WorkflowFiles) -> Value {
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
            let graph = FileKey::of(&s.repo, r)
                .and_then(|k| files.get(&k))
                .map_or(Value::Null, |f| graph_json(r, &s.jobs_of(r), f));
            json!({"id": r.id, "name": r.name, "status": r.status.api_status(),
                   "conclusion": r.status.api_conclusion(), "head_sha": r.head_sha,
                   "path": r.path, "jobs": jobs, "graph": graph})
        })
        .collect();
    json!({
        "repo": s.repo,
        "runs": runs,
        "quota": {"remaining": s.quota.remaining, "limit": s.quota.limit, "not_modified": s.quota.not_modified},
    })
}

fn graph_json(run: &Run, jobs: &[&Job], file: &WorkflowFile) -> Value {
    let workflow = match file {
        WorkflowFile::Parsed(w) => w,
        WorkflowFile::Broken(why) => return json!({"error": why}),
    };
    let mut graph = Graph::new(workflow, &run.path);
    let names: Vec<&str> = jobs.iter().map(|j| j.name.as_str()).collect();
    graph.learn(0, &names);
    let matched = graph.match_names(0, &names);
    let nodes: Vec<Value> = graph
        .jobs
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let mine: Vec<Value> = jobs
                .iter()
                .zip(&matched)
                .filter(|(_, m)| m.is_some_and(|m| m.job == i))
                .map(|(j, _)| {
                    json!({"name": j.name, "status": j.status.api_status(),
                           "conclusion": j.status.api_conclusion()})
                })
                .collect();
            let needs: Vec<&str> = g
                .needs
                .iter()
                .filter_map(|&n| graph.jobs.get(n).map(|j| j.id.as_str()))
                .collect();
            let mut o = json!({"id": g.id, "name": g.name, "needs": needs, "jobs": mine});
            if let Some(u) = &g.uses {
                o["uses"] = json!(u);
            }
            o
        })
        .collect();
    json!({"name": graph.workflows.first(), "jobs": nodes})
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
