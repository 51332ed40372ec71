//! One snapshot of a repository: the runs list, then the jobs of the pipeline's CI and CD runs.

use std::collections::BTreeMap;

use super::fetch::{Client, Etags, FetchError, get};
use super::wire::{JobList, RunList};
use crate::config::Repo;
use crate::model::github::{Job, Run, Snapshot, Status, pipeline_runs};

/// What a poller keeps of one repository between polls.
#[derive(Debug, Default)]
pub struct Memory {
    /// ETags and bodies: every GET is conditional, so an unchanged answer is a free 304.
    pub etags: Etags,
    /// The jobs of runs that had completed when their jobs were fetched. They cannot change, so
    /// they are not asked for again, not even conditionally, until a rerun makes the run active.
    finished: BTreeMap<u64, Vec<Job>>,
}

impl Memory {
    /// Runs whose job lists are kept without asking again.
    pub fn finished_runs(&self) -> impl Iterator<Item = u64> + '_ {
        self.finished.keys().copied()
    }
}

/// One snapshot with fresh ETags (`gantry status`): every job list of the pipeline is fetched.
pub async fn fetch_snapshot(
    client: &Client,
    repo: &Repo,
    etags: &mut Etags,
) -> Result<Snapshot, FetchError> {
    fetch(client, repo, etags, &mut BTreeMap::new()).await
}

/// The next snapshot of a repository being watched: what cannot have changed is not fetched.
pub async fn poll_snapshot(
    client: &Client,
    repo: &Repo,
    memory: &mut Memory,
) -> Result<Snapshot, FetchError> {
    fetch(client, repo, &mut memory.etags, &mut memory.finished).await
}

async fn fetch(
    client: &Client,
    repo: &Repo,
    etags: &mut Etags,
    finished: &mut BTreeMap<u64, Vec<Job>>,
) -> Result<Snapshot, FetchError> {
    let base = client.url(&format!("repos/{}/{}/actions/runs", repo.owner, repo.name));
    let list: RunList = get(client, &format!("{base}?per_page=20"), etags).await?;
    let mut runs: Vec<Run> = list.workflow_runs.into_iter().map(Run::from).collect();
    // Newest first, whatever order the server chose.
    runs.sort_by_key(|r| std::cmp::Reverse((r.created_at, r.id)));
    let (ci, cd) = pipeline_runs(&runs);
    let pipeline: Vec<(u64, bool)> = ci
        .into_iter()
        .chain(cd)
        .map(|r| (r.id, matches!(r.status, Status::Done(_))))
        .collect();
    // A run no longer in the pipeline is not shown; a rerun run is active again.
    finished.retain(|id, _| pipeline.iter().any(|(p, done)| p == id && *done));
    let mut jobs = BTreeMap::new();
    for (id, done) in pipeline {
        if let Some(kept) = finished.get(&id) {
            jobs.insert(id, kept.clone());
            continue;
        }
        let list: JobList = get(client, &format!("{base}/{id}/jobs?per_page=100"), etags).await?;
        let list: Vec<Job> = list.jobs.into_iter().map(Job::from).collect();
        // The run was complete before this list was asked for, so the list is final.
        if done && list.iter().all(|j| matches!(j.status, Status::Done(_))) {
            finished.insert(id, list.clone());
        }
        jobs.insert(id, list);
    }
    let meter = client.meter();
    Ok(Snapshot {
        repo: repo.to_string(),
        runs,
        jobs,
        quota: meter.quota,
        clock_offset: meter.clock_offset,
    })
}
