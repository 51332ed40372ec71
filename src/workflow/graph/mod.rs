//! The needs-graph of one commit: each workflow's jobs with the names the jobs API gives them,
//! the CD run joined after the CI run, and API job names matched back to jobs.

mod matching;
mod view;

pub use view::{Dag, DagNode, Labels};

use super::file::{Instance, Instances, Workflow};

/// A job of the graph (`instance: None`) or one of its matrix or reusable-workflow jobs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId {
    /// Index into `Graph::jobs`.
    pub job: usize,
    pub instance: Option<usize>,
}

impl NodeId {
    pub fn job(job: usize) -> NodeId {
        NodeId {
            job,
            instance: None,
        }
    }

    /// The node standing for the whole job (a collapsed matrix).
    pub fn collapsed(self) -> NodeId {
        NodeId::job(self.job)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct GraphJob {
    /// Index into `Graph::workflows`: 0 for the first run, 1 for the one joined after it, ...
    pub workflow: usize,
    /// The key under `jobs:`.
    pub id: String,
    /// `name:` as written (expressions unevaluated), else the id.
    pub name: String,
    /// Indices into `Graph::jobs`; a joined run's first jobs need the previous run's last ones.
    pub needs: Vec<usize>,
    /// What the jobs API lists for this job.
    pub instances: Vec<Instance>,
    /// For a reusable workflow: the caller's names (one per matrix combination); the API lists
    /// the called jobs as `prefix / callee`.
    pub prefixes: Vec<String>,
    /// The instances are known only once the run lists its jobs (a matrix from an expression, a
    /// reusable workflow whose file was not given).
    pub dynamic: bool,
    /// A matrix or a reusable workflow: drawn as one node with a count until expanded.
    pub expandable: bool,
    pub uses: Option<String>,
    /// `if:`: the job may be skipped.
    pub condition: Option<String>,
    pub environment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Graph {
    /// Each joined workflow's name.
    pub workflows: Vec<String>,
    pub jobs: Vec<GraphJob>,
}

impl Graph {
    /// The graph of one workflow; `fallback_name` (the file's path, as GitHub shows it) names a
    /// workflow without `name:`.
    pub fn new(workflow: &Workflow, fallback_name: &str) -> Graph {
        let mut graph = Graph::default();
        graph.push(workflow, fallback_name);
        graph
    }

    /// `next` joined after this graph, as a `workflow_run` run follows the run that triggered it:
    /// its first jobs need this graph's last workflow's final jobs, so a commit reads left to
    /// right from the first CI job to production.
    pub fn then(mut self, next: &Workflow, fallback_name: &str) -> Graph {
        let previous = self.workflows.len().checked_sub(1);
        let first_new = self.jobs.len();
        self.push(next, fallback_name);
        if let Some(prev) = previous {
            let sinks = self.sinks(prev);
            for job in &mut self.jobs[first_new..] {
                if job.needs.is_empty() {
                    job.needs = sinks.clone();
                }
            }
        }
        self
    }

    fn push(&mut self, workflow: &Workflow, fallback_name: &str) {
        let index = self.workflows.len();
        let offset = self.jobs.len();
        self.workflows.push(
            workflow
                .name
                .clone()
                .unwrap_or_else(|| fallback_name.to_owned()),
        );
        for job in &workflow.jobs {
            let (mut instances, dynamic) = match job.instances() {
                Instances::Fixed(v) => (v, false),
                Instances::Dynamic => (Vec::new(), true),
            };
            let mut prefixes = Vec::new();
            if job.uses.is_some() {
                // Without the called file, a reusable workflow's jobs are learnt from the run.
                prefixes = instances.drain(..).map(|i| i.name).collect();
            }
            self.jobs.push(GraphJob {
                workflow: index,
                id: job.id.clone(),
                name: job.display_name().to_owned(),
                // parse() checked that every need names a job of the same file.
                needs: job
                    .needs
                    .iter()
                    .filter_map(|n| workflow.jobs.iter().position(|j| &j.id == n))
                    .map(|i| i + offset)
                    .collect(),
                instances,
                prefixes,
                dynamic: dynamic || job.uses.is_some(),
                expandable: job.matrix.is_some() || job.uses.is_some(),
                uses: job.uses.clone(),
                condition: job.condition.clone(),
                environment: job.environment.as_ref().map(|e| e.name.clone()),
            });
        }
    }

    /// Jobs of `workflow` that no job of the same workflow needs.
    pub fn sinks(&self, workflow: usize) -> Vec<usize> {
        (0..self.jobs.len())
            .filter(|&i| self.jobs[i].workflow == workflow)
            .filter(|&i| {
                !self
                    .jobs
                    .iter()
                    .any(|j| j.workflow == workflow && j.needs.contains(&i))
            })
            .collect()
    }

    /// The job with this id in this workflow.
    pub fn find(&self, workflow: usize, id: &str) -> Option<usize> {
        self.jobs
            .iter()
            .position(|j| j.workflow == workflow && j.id == id)
    }

    /// Gives a reusable-workflow job the jobs of the file it calls: they run as
    /// `caller / callee` (`caller (a) / callee` under a matrix). The called file's own needs
    /// are not drawn: its jobs are shown side by side, like a matrix.
    pub fn call(&mut self, job: usize, called: &Workflow) {
        let Some(caller) = self.jobs.get_mut(job) else {
            return;
        };
        let callers = if caller.prefixes.is_empty() {
            vec![caller.name.clone()]
        } else {
            caller.prefixes.clone()
        };
        let mut instances = Vec::new();
        let mut dynamic = false;
        for outer in &callers {
            for callee in &called.jobs {
                match callee.instances() {
                    Instances::Fixed(inner) => {
                        instances.extend(inner.into_iter().map(|i| Instance {
                            name: format!("{outer} / {}", i.name),
                            matrix: i.matrix,
                        }))
                    }
                    Instances::Dynamic => dynamic = true,
                }
            }
        }
        caller.instances = instances;
        caller.dynamic = dynamic;
        caller.expandable = true;
    }

    /// The node a job of the jobs API belongs to when `expanded(job)` says which jobs show
    /// their instances.
    pub fn visible(&self, id: NodeId, expanded: &dyn Fn(usize) -> bool) -> NodeId {
        match self.jobs.get(id.job) {
            Some(j) if j.expandable && expanded(id.job) && id.instance.is_some() => id,
            _ => id.collapsed(),
        }
    }
}
