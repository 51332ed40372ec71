//! The runs screen's tree: repository -> workflow -> run -> job -> step, filtered by branch, event,
//! actor and status. Plain data with string ids; the pane turns it into tui-tree-widget items
//! and `update` moves the selection along `visible`.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use crate::model::github::{Run, Snapshot, Status};

/// One node; `id` is unique among its siblings, a path of ids names a node.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub id: String,
    pub kind: Kind,
    pub label: String,
    pub status: Option<Status>,
    pub started: Option<DateTime<Utc>>,
    pub completed: Option<DateTime<Utc>>,
    pub children: Vec<Node>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Repo,
    Workflow,
    Run,
    Job,
    Step,
}

/// `branch:main event:push actor:alice status:failure` and bare words (matched against the run's
/// title, workflow, branch, event, actor and status); every term must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    terms: Vec<(Option<String>, String)>,
}

impl Filter {
    pub fn parse(text: &str) -> Filter {
        let terms = text
            .split_whitespace()
            .map(|t| match t.split_once(':') {
                Some((k, v)) if ["branch", "event", "actor", "status"].contains(&k) => {
                    (Some(k.to_owned()), v.to_lowercase())
                }
                _ => (None, t.to_lowercase()),
            })
            .collect();
        Filter { terms }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn keeps(&self, run: &Run) -> bool {
        let branch = run.head_branch.clone().unwrap_or_default().to_lowercase();
        let event = run.event.to_lowercase();
        let actor = run.actor.clone().unwrap_or_default().to_lowercase();
        let status = status_words(&run.status);
        self.terms.iter().all(|(key, want)| match key.as_deref() {
            Some("branch") => branch == *want,
            Some("event") => event == *want,
            Some("actor") => actor == *want,
            Some("status") => status.iter().any(|s| s == want),
            _ => {
                let hay = [
                    run.display_title.to_lowercase(),
                    run.name.to_lowercase(),
                    branch.clone(),
                    event.clone(),
                    actor.clone(),
                ];
                hay.iter().any(|h| h.contains(want.as_str())) || status.iter().any(|s| s == want)
            }
        })
    }
}

/// The words a status answers to: GitHub's status and conclusion, and `failed` / `running`.
fn status_words(s: &Status) -> Vec<String> {
    let mut words = vec![s.api_status().to_owned()];
    if let Some(c) = s.api_conclusion() {
        words.push(c.to_owned());
    }
    if s.failed() {
        words.push("failed".into());
    }
    if *s == Status::Running {
        words.push("running".into());
    }
    words
}

/// The tree of one repository's runs (newest first within each workflow), filtered.
pub fn tree(snap: &Snapshot, filter: &Filter) -> Vec<Node> {
    let mut workflows: Vec<Node> = Vec::new();
    for run in snap.runs.iter().filter(|r| filter.keeps(r)) {
        let jobs = snap
            .jobs_of(run)
            .into_iter()
            .map(|j| Node {
                id: format!("job:{}", j.id),
                kind: Kind::Job,
                label: j.name.clone(),
                status: Some(j.status.clone()),
                started: j.started_at,
                completed: j.completed_at,
                children: j
                    .steps
                    .iter()
                    .map(|s| Node {
                        id: format!("step:{}", s.number),
                        kind: Kind::Step,
                        label: s.name.clone(),
                        status: Some(s.status.clone()),
                        started: s.started_at,
                        completed: s.completed_at,
                        children: Vec::new(),
                    })
                    .collect(),
            })
            .collect();
        let branch = run.head_branch.as_deref().unwrap_or("?");
        let actor = run
            .actor
            .as_deref()
            .map_or(String::new(), |a| format!(" {a}"));
        let node = Node {
            id: format!("run:{}", run.id),
            kind: Kind::Run,
            label: format!(
                "#{} {} ({branch}, {}{actor}) {}",
                run.run_number,
                run.display_title,
                run.event,
                run.short_sha()
            ),
            status: Some(run.status.clone()),
            started: Some(run.created_at),
            completed: None,
            children: jobs,
        };
        let id = format!("wf:{}", run.name);
        match workflows.iter_mut().find(|w| w.id == id) {
            Some(w) => w.children.push(node),
            None => workflows.push(Node {
                id,
                kind: Kind::Workflow,
                label: run.name.clone(),
                status: None,
                started: None,
                completed: None,
                children: vec![node],
            }),
        }
    }
    vec![Node {
        id: format!("repo:{}", snap.repo),
        kind: Kind::Repo,
        label: snap.repo.clone(),
        status: None,
        started: None,
        completed: None,
        children: workflows,
    }]
}

/// The paths shown, top to bottom, when `opened` paths are open.
pub fn visible(nodes: &[Node], opened: &BTreeSet<Vec<String>>) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    walk(nodes, opened, &mut Vec::new(), &mut out);
    out
}

fn walk(
    nodes: &[Node],
    opened: &BTreeSet<Vec<String>>,
    path: &mut Vec<String>,
    out: &mut Vec<Vec<String>>,
) {
    for n in nodes {
        path.push(n.id.clone());
        out.push(path.clone());
        if opened.contains(path) {
            walk(&n.children, opened, path, out);
        }
        path.pop();
    }
}

/// The node at `path`.
pub fn find<'a>(nodes: &'a [Node], path: &[String]) -> Option<&'a Node> {
    let (first, rest) = path.split_first()?;
    let node = nodes.iter().find(|n| n.id == *first)?;
    if rest.is_empty() {
        Some(node)
    } else {
        find(&node.children, rest)
    }
}
