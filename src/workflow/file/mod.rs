//! Workflow files: parsed with serde-saphyr into `Workflow`, checked as GitHub checks them
//! (every `needs` names a job, no cycle, a matrix GitHub would accept), and expanded into the
//! job names the jobs API reports.
//!
//! This module uses only std, serde and serde-saphyr, and its files refer to each other through
//! `super::`, so the simulator can compile the same files with `#[path]`.

mod matrix;
mod model;
mod names;
mod value;

use std::fmt;

use serde_saphyr::{Location, Spanned};

pub use matrix::{Axis, Combination, MAX_JOBS, Matrix};
pub use model::{Environment, Job, Step, Workflow};
pub use names::{Instance, Instances, expressions, refers_to_matrix, substitute, suffixed};
pub use value::{Scalar, Value, is_expression};

/// A file GitHub would refuse, with where (1-based) when the parser knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for ParseError {
    /// `line:col: message`, so a caller prefixes the file name and gets `file:line:col: ...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{l}:{c}: {}", self.message),
            (Some(l), None) => write!(f, "{l}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ParseError {}

impl ParseError {
    fn at(location: Location, message: impl Into<String>) -> ParseError {
        let known = location.line() > 0;
        ParseError {
            line: known.then_some(location.line() as usize),
            column: known.then_some(location.column() as usize),
            message: message.into(),
        }
    }

    fn from_yaml(e: &serde_saphyr::Error) -> ParseError {
        let location = e.location();
        let mut message = e.to_string();
        if let Some(l) = location {
            // The location is reported in its own fields; drop it from the sentence.
            let suffix = format!(" at line {}, column {}", l.line(), l.column());
            if let Some(stripped) = message.strip_suffix(&suffix) {
                message = stripped.to_owned();
            }
        }
        // serde-saphyr's advice is for the programmer, not the workflow's author.
        if let Some(i) = message.find(", set DuplicateKeyPolicy") {
            message.truncate(i);
        }
        match location {
            Some(l) => ParseError::at(l, message),
            None => ParseError {
                line: None,
                column: None,
                message,
            },
        }
    }
}

/// Parses and checks a workflow file.
pub fn parse(text: &str) -> Result<Workflow, ParseError> {
    // YAML 1.2 booleans: `on`, `yes` and `off` are strings, as GitHub reads them.
    let options = serde_saphyr::options! { strict_booleans: true, with_snippet: false };
    let raw: model::RawWorkflow = serde_saphyr::from_str_with_options(text, options)
        .map_err(|e| ParseError::from_yaml(&e))?;
    let mut jobs = Vec::with_capacity(raw.jobs.0.len());
    let mut needs_at = Vec::with_capacity(raw.jobs.0.len());
    for (id, spanned) in raw.jobs.0 {
        let (job, at) = job(id, spanned)?;
        jobs.push(job);
        needs_at.push(at);
    }
    check_needs(&jobs, &needs_at)?;
    Ok(Workflow {
        name: raw.name.map(|s| s.0),
        on: raw.on.0,
        jobs,
    })
}

/// A job from its raw form, and where its `needs` (else its body) is, for later errors.
fn job(id: String, spanned: Spanned<model::RawJob>) -> Result<(Job, Location), ParseError> {
    let raw = spanned.value;
    let matrix = match raw.strategy.and_then(|s| s.matrix) {
        Some(m) => Some(Matrix::from_value(&m.value).map_err(|e| ParseError::at(m.referenced, e))?),
        None => None,
    };
    let environment = match raw.environment {
        Some(e) => Some(model::environment(&e.value).map_err(|m| ParseError::at(e.referenced, m))?),
        None => None,
    };
    let (needs, at) = match raw.needs {
        Some(n) => {
            let mut ids = n.value.0;
            dedup_in_order(&mut ids);
            (ids, n.referenced)
        }
        None => (Vec::new(), spanned.referenced),
    };
    let job = Job {
        id,
        name: raw.name.map(|s| s.0),
        needs,
        condition: raw.condition.map(|s| s.0),
        uses: raw.uses,
        environment,
        matrix,
        services: raw.services.is_some(),
        steps: raw.steps,
    };
    Ok((job, at))
}

fn dedup_in_order(ids: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(id.clone()));
}

/// Every need names a job of this file, and no job waits for itself through others.
fn check_needs(jobs: &[Job], at: &[Location]) -> Result<(), ParseError> {
    for (job, loc) in jobs.iter().zip(at) {
        if let Some(missing) = job.needs.iter().find(|n| !jobs.iter().any(|j| &j.id == *n)) {
            return Err(ParseError::at(
                *loc,
                format!(
                    "job `{}` needs `{missing}`, which is not a job of this workflow",
                    job.id
                ),
            ));
        }
    }
    // Kahn's algorithm: whatever cannot be ordered sits on a cycle or behind one.
    let needs: Vec<Vec<usize>> = jobs
        .iter()
        .map(|j| {
            j.needs
                .iter()
                .filter_map(|n| jobs.iter().position(|k| &k.id == n))
                .collect()
        })
        .collect();
    let mut waiting: Vec<usize> = needs.iter().map(Vec::len).collect();
    let mut ready: Vec<usize> = (0..jobs.len()).filter(|&i| waiting[i] == 0).collect();
    let mut done = vec![false; jobs.len()];
    while let Some(i) = ready.pop() {
        done[i] = true;
        for (k, n) in needs.iter().enumerate() {
            if n.contains(&i) {
                waiting[k] -= 1;
                if waiting[k] == 0 {
                    ready.push(k);
                }
            }
        }
    }
    match done.iter().position(|d| !d) {
        None => Ok(()),
        Some(first) => {
            let stuck: Vec<&str> = jobs
                .iter()
                .zip(&done)
                .filter(|(_, d)| !**d)
                .map(|(j, _)| j.id.as_str())
                .collect();
            Err(ParseError::at(
                at[first],
                format!(
                    "jobs form a cycle through their needs: {}",
                    stuck.join(", ")
                ),
            ))
        }
    }
}
