//! What is drawn: the graph with each matrix collapsed into one node with a count, or expanded
//! into its jobs; edges follow `needs` between whatever nodes stand for the jobs.

use super::super::file::expressions;
use super::{Graph, NodeId};
use crate::sanitize::clean;

/// A plain directed acyclic graph for the layout: nodes in workflow order, edges from a job to
/// the jobs that need it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dag {
    pub nodes: Vec<DagNode>,
    /// (from, to) as indices into `nodes`: `to` needs `from`.
    pub edges: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DagNode {
    pub id: NodeId,
    /// Display text, already free of control characters.
    pub label: String,
    /// How many jobs a collapsed matrix or reusable workflow stands for.
    pub count: Option<usize>,
    /// The job has an `if:` and may be skipped.
    pub conditional: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Labels {
    /// What GitHub shows: `name:` (`Build Container`, `Test Suite (3.11)`).
    #[default]
    Names,
    /// The keys under `jobs:` (`build`, `test-suite (3.11)`): shorter, for narrow screens.
    Ids,
}

impl Graph {
    /// The nodes to draw; `expanded(job)` says which matrices show each of their jobs.
    pub fn dag(&self, expanded: &dyn Fn(usize) -> bool, labels: Labels) -> Dag {
        let mut dag = Dag::default();
        // For each job, the range of its nodes in `dag.nodes`.
        let mut spans = Vec::with_capacity(self.jobs.len());
        for (j, job) in self.jobs.iter().enumerate() {
            let start = dag.nodes.len();
            let conditional = job.condition.as_deref().is_some_and(may_skip);
            let open = job.expandable && expanded(j) && !job.instances.is_empty();
            if open {
                for (i, inst) in job.instances.iter().enumerate() {
                    let label = match labels {
                        Labels::Names => inst.name.clone(),
                        Labels::Ids => instance_id(&job.id, &job.name, &inst.name),
                    };
                    dag.nodes.push(DagNode {
                        id: NodeId {
                            job: j,
                            instance: Some(i),
                        },
                        label: display(&label, &job.id),
                        count: None,
                        conditional,
                    });
                }
            } else {
                let label = match labels {
                    Labels::Names => placeholders(&job.name),
                    Labels::Ids => job.id.clone(),
                };
                let known = !job.instances.is_empty() || !job.dynamic;
                dag.nodes.push(DagNode {
                    id: NodeId::job(j),
                    label: display(&label, &job.id),
                    count: (job.expandable && known).then_some(job.instances.len()),
                    conditional,
                });
            }
            spans.push(start..dag.nodes.len());
        }
        for (j, job) in self.jobs.iter().enumerate() {
            for &n in &job.needs {
                for from in spans[n].clone() {
                    for to in spans[j].clone() {
                        dag.edges.push((from, to));
                    }
                }
            }
        }
        dag
    }
}

/// `if: true` (or `${{ true }}`) never skips; anything else may.
fn may_skip(condition: &str) -> bool {
    let c = condition.trim();
    let c = c
        .strip_prefix("${{")
        .and_then(|c| c.strip_suffix("}}"))
        .unwrap_or(c);
    c.trim() != "true"
}

/// A collapsed job's name with its expressions shown as placeholders: `Test {os}`.
fn placeholders(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = 0;
    for (range, inner) in expressions(name) {
        out.push_str(&name[rest..range.start]);
        let inner = inner.trim();
        let key = inner.strip_prefix("matrix.").unwrap_or(inner);
        out.push('{');
        out.push_str(key);
        out.push('}');
        rest = range.end;
    }
    out.push_str(&name[rest..]);
    out
}

/// An instance labelled by job id: `test-suite (3.11)` for `Test Suite (3.11)`.
fn instance_id(id: &str, name: &str, instance: &str) -> String {
    match instance.strip_prefix(name) {
        Some(rest) => format!("{id}{rest}"),
        None => instance.to_owned(),
    }
}

/// Text from a workflow file is untrusted: no control sequence reaches the terminal.
fn display(label: &str, id: &str) -> String {
    let cleaned = clean(label);
    if cleaned.trim().is_empty() {
        clean(id)
    } else {
        cleaned
    }
}
