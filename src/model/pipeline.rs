//! One commit's pipeline as a graph: the workflow files of its CI and CD runs (fetched once per
//! path and SHA), joined left to right, with each drawn node's jobs from the jobs API. Answered
//! here once, so the pane, the key handlers and `gantry status --json` agree.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::github::{Conclusion, Job, Run, Snapshot, Status};
use crate::workflow::{Dag, Graph, Labels, NodeId, Workflow};

/// A workflow file at one commit: it never changes, so it is fetched once.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileKey {
    /// `owner/name`.
    pub repo: String,
    /// `.github/workflows/ci.yml`.
    pub path: String,
    pub sha: String,
}

impl FileKey {
    /// The file `run` ran from; `None` when GitHub did not say (the list is drawn instead).
    pub fn of(repo: &str, run: &Run) -> Option<FileKey> {
        (!run.path.is_empty() && !run.head_sha.is_empty()).then(|| FileKey {
            repo: repo.to_owned(),
            path: run.path.clone(),
            sha: run.head_sha.clone(),
        })
    }
}

/// What became of a file: parsed, or why it cannot be drawn (the pane lists the jobs and says so).
#[derive(Debug, Clone, PartialEq)]
pub enum WorkflowFile {
    Parsed(Workflow),
    Broken(String),
}

/// Every workflow file fetched so far.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WorkflowFiles {
    pub files: BTreeMap<FileKey, WorkflowFile>,
}

impl WorkflowFiles {
    pub fn get(&self, key: &FileKey) -> Option<&WorkflowFile> {
        self.files.get(key)
    }
}

/// The graph of one commit with the jobs each drawn node stands for.
#[derive(Debug, Clone)]
pub struct PipelineGraph<'a> {
    pub graph: Graph,
    /// The run of each of `graph.workflows`, CI first.
    pub runs: Vec<&'a Run>,
    pub dag: Dag,
    /// The jobs each drawn node stands for (all of a collapsed matrix's).
    pub jobs: BTreeMap<NodeId, Vec<&'a Job>>,
}

/// Why there is no graph: the pane lists the jobs instead, with the reason when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoGraph {
    /// No run yet, or a file is still being fetched.
    Waiting,
    /// A file is broken or missing: the error, naming the file.
    Broken(String),
}

/// The workflow files the pipeline's runs need that are not known yet.
pub fn wanted(snap: &Snapshot) -> Vec<FileKey> {
    let (ci, cd) = snap.pipeline();
    ci.into_iter()
        .chain(cd)
        .filter_map(|r| FileKey::of(&snap.repo, r))
        .collect()
}

impl<'a> PipelineGraph<'a> {
    /// The pipeline of the newest commit; `expanded(job)` says which matrices show their jobs.
    pub fn build(
        snap: &'a Snapshot,
        files: &WorkflowFiles,
        expanded: &BTreeSet<usize>,
    ) -> Result<PipelineGraph<'a>, NoGraph> {
        let (ci, cd) = snap.pipeline();
        let runs: Vec<&Run> = ci.into_iter().chain(cd).collect();
        if runs.is_empty() {
            return Err(NoGraph::Waiting);
        }
        let mut graph: Option<Graph> = None;
        for run in &runs {
            let key = FileKey::of(&snap.repo, run).ok_or(NoGraph::Waiting)?;
            let workflow = match files.get(&key) {
                Some(WorkflowFile::Parsed(w)) => w,
                Some(WorkflowFile::Broken(why)) => return Err(NoGraph::Broken(why.clone())),
                None => return Err(NoGraph::Waiting),
            };
            graph = Some(match graph.take() {
                None => Graph::new(workflow, &run.path),
                Some(g) => g.then(workflow, &run.path),
            });
        }
        let mut graph = graph.ok_or(NoGraph::Waiting)?;
        let is_open = |j: usize| expanded.contains(&j);
        let mut jobs: BTreeMap<NodeId, Vec<&Job>> = BTreeMap::new();
        for (w, run) in runs.iter().enumerate() {
            let run_jobs = snap.jobs_of(run);
            let names: Vec<&str> = run_jobs.iter().map(|j| j.name.as_str()).collect();
            // A matrix known only at run time learns its jobs' names from the run.
            graph.learn(w, &names);
            for (job, id) in run_jobs.iter().zip(graph.match_names(w, &names)) {
                if let Some(id) = id {
                    jobs.entry(graph.visible(id, &is_open))
                        .or_default()
                        .push(job);
                }
            }
        }
        let dag = graph.dag(&is_open, Labels::Names);
        Ok(PipelineGraph {
            graph,
            runs,
            dag,
            jobs,
        })
    }

    /// The run a drawn node belongs to.
    pub fn run_of(&self, id: NodeId) -> Option<&'a Run> {
        let w = self.graph.jobs.get(id.job)?.workflow;
        self.runs.get(w).copied()
    }

    /// The jobs a node stands for (empty: not started).
    pub fn jobs_of(&self, id: NodeId) -> &[&'a Job] {
        self.jobs.get(&id).map_or(&[], Vec::as_slice)
    }
}

/// One status for several jobs (a collapsed matrix): what most needs looking at wins.
pub fn summary(jobs: &[&Job]) -> Option<Status> {
    let rank = |s: &Status| match s {
        s if s.failed() => 0,
        Status::Waiting | Status::Done(Conclusion::ActionRequired) => 1,
        Status::Running => 2,
        Status::Queued => 3,
        Status::Unknown(_) => 4,
        Status::Done(Conclusion::Cancelled) => 5,
        Status::Done(Conclusion::Success) => 7,
        Status::Done(Conclusion::Skipped) => 8,
        Status::Done(_) => 6,
    };
    let worst = jobs.iter().map(|j| &j.status).min_by_key(|s| rank(s))?;
    // A matrix half done is still running, even when its done half all passed.
    let unfinished = jobs.iter().any(|j| j.status.active());
    if unfinished
        && matches!(
            worst,
            Status::Done(Conclusion::Success | Conclusion::Skipped)
        )
    {
        return Some(Status::Running);
    }
    Some(worst.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(status: Status) -> Job {
        Job {
            id: 1,
            run_id: 1,
            name: "t".into(),
            status,
            started_at: None,
            completed_at: None,
            steps: Vec::new(),
        }
    }

    #[test]
    fn a_matrix_shows_what_most_needs_looking_at() {
        let ok = job(Status::Done(Conclusion::Success));
        let bad = job(Status::Done(Conclusion::Failure));
        let running = job(Status::Running);
        assert_eq!(summary(&[&ok, &bad, &running]), Some(bad.status.clone()));
        assert_eq!(summary(&[&ok, &running]), Some(Status::Running));
        assert_eq!(summary(&[&ok, &ok]), Some(ok.status.clone()));
        assert_eq!(summary(&[]), None);
    }
}
