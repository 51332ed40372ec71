//! One snapshot of a repository: the runs list, then the jobs of the pipeline's CI and CD runs.

use std::collections::BTreeMap;

use super::fetch::{Client, Etags, FetchError, get};
use super::wire::{JobList, RunList};
use crate::config::Repo;
use crate::model::github::{Job, Run, Snapshot, pipeline_runs};

pub async fn fetch_snapshot(
    client: &Client,
    repo: &Repo,
    etags: &mut Etags,
) -> Result<Snapshot, FetchError> {
    let base = client.url(&format!("repos/{}/{}/actions/runs", repo.owner, repo.name));
    let list: RunList = get(client, &format!("{base}?per_page=20"), etags).await?;
    let mut runs: Vec<Run> = list.workflow_runs.into_iter().map(Run::from).collect();
    // Newest first, whatever order the server chose.
    runs.sort_by_key(|r| std::cmp::Reverse((r.created_at, r.id)));
    let (ci, cd) = pipeline_runs(&runs);
    let ids: Vec<u64> = ci.into_iter().chain(cd).map(|r| r.id).collect();
    let mut jobs = BTreeMap::new();
    for id in ids {
        let list: JobList = get(client, &format!("{base}/{id}/jobs?per_page=100"), etags).await?;
        jobs.insert(id, list.jobs.into_iter().map(Job::from).collect());
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
