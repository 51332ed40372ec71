//! API job names back to graph nodes. The jobs API says nothing of `needs:`; its names are all
//! there is to join a run's jobs to the workflow file.

use std::collections::HashMap;

use super::super::file::{Instance, expressions};
use super::{Graph, GraphJob, NodeId};

impl Graph {
    /// For each name the jobs API returned for a run of `workflow` (an index into `workflows`),
    /// the node it belongs to: an instance when the file predicts the name exactly, else the job
    /// (a skipped matrix keeps its unexpanded name, a matrix from an expression or a reusable
    /// workflow names its jobs at run time, a `name:` may hold expressions only the run knows).
    /// `None` for a name no job of the file accounts for.
    pub fn match_names<S: AsRef<str>>(&self, workflow: usize, names: &[S]) -> Vec<Option<NodeId>> {
        // Each predicted name is taken once: two jobs may share a display name.
        let mut exact: HashMap<&str, Vec<NodeId>> = HashMap::new();
        for (j, job) in self.jobs.iter().enumerate().rev() {
            if job.workflow != workflow {
                continue;
            }
            for (i, inst) in job.instances.iter().enumerate().rev() {
                let id = if job.expandable {
                    NodeId {
                        job: j,
                        instance: Some(i),
                    }
                } else {
                    NodeId::job(j)
                };
                exact.entry(inst.name.as_str()).or_default().push(id);
            }
        }
        names
            .iter()
            .map(|name| {
                let name = name.as_ref();
                if let Some(id) = exact.get_mut(name).and_then(Vec::pop) {
                    return Some(id);
                }
                self.jobs
                    .iter()
                    .enumerate()
                    .filter(|(_, j)| j.workflow == workflow)
                    .find(|(_, j)| belongs(j, name))
                    .map(|(j, _)| NodeId::job(j))
            })
            .collect()
    }

    /// Adds to matrix and reusable jobs the names of a run's jobs matched to the job but to
    /// none of its instances, so a matrix known only at run time shows its count and expands.
    pub fn learn<S: AsRef<str>>(&mut self, workflow: usize, names: &[S]) {
        let matches = self.match_names(workflow, names);
        for (name, id) in names.iter().zip(matches) {
            let Some(NodeId {
                job,
                instance: None,
            }) = id
            else {
                continue;
            };
            let Some(j) = self.jobs.get_mut(job) else {
                continue;
            };
            let name = name.as_ref();
            if j.expandable && name != j.name && !j.instances.iter().any(|i| i.name == name) {
                j.instances.push(Instance {
                    name: name.to_owned(),
                    matrix: Vec::new(),
                });
            }
        }
    }
}

/// True when `name` is one of this job's runs without being one the file predicts.
fn belongs(job: &GraphJob, name: &str) -> bool {
    if name == job.name {
        return true;
    }
    if job.expandable {
        let matrix_suffix = name
            .strip_prefix(job.name.as_str())
            .and_then(|rest| rest.strip_prefix(" ("))
            .is_some_and(|rest| rest.ends_with(')'));
        let called = job
            .prefixes
            .iter()
            .chain(std::iter::once(&job.name))
            .any(|p| {
                name.strip_prefix(p.as_str())
                    .is_some_and(|rest| rest.starts_with(" / "))
            });
        if matrix_suffix || called {
            return true;
        }
    }
    matches_template(&job.name, name)
}

/// `Deploy ${{ inputs.env }}` matches `Deploy prod`: each expression stands for any text.
fn matches_template(template: &str, name: &str) -> bool {
    let mut literals = Vec::new();
    let mut rest = 0;
    for (range, _) in expressions(template) {
        literals.push(&template[rest..range.start]);
        rest = range.end;
    }
    if literals.is_empty() {
        return false;
    }
    literals.push(&template[rest..]);
    let (first, last) = (literals[0], literals[literals.len() - 1]);
    let Some(mut middle) = name.strip_prefix(first) else {
        return false;
    };
    let Some(end) = middle.len().checked_sub(last.len()) else {
        return false;
    };
    if !middle.ends_with(last) {
        return false;
    }
    middle = &middle[..end];
    for lit in &literals[1..literals.len() - 1] {
        match middle.find(lit) {
            Some(i) => middle = &middle[i + lit.len()..],
            None => return false,
        }
    }
    true
}
