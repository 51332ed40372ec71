//! `gantry workflow graph FILE...`: a workflow's needs-graph, offline. Text is the picture the
//! pipeline pane draws; JSON lists the jobs with their needs, matrix and the names the jobs API
//! will give them. Several files are joined left to right, as a CD run follows its CI run.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use serde_json::{Value as Json, json};

use crate::sanitize::clean;
use crate::workflow::file::{self, Axis, Instances, Matrix, Value, Workflow};
use crate::workflow::{Density, Graph, Labels, Layout, Options};

#[derive(Debug, clap::Subcommand)]
pub enum WorkflowCmd {
    /// Print a workflow's needs-graph (several files: joined left to right, CI then CD)
    Graph(GraphArgs),
}

#[derive(Debug, clap::Args)]
pub struct GraphArgs {
    /// Workflow files (.github/workflows/*.yml); later ones run after earlier ones
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// text: the picture the pipeline pane draws; json: jobs, needs, matrix and job names
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Plain ASCII lines and boxes
    #[arg(long)]
    pub ascii: bool,
    /// One line per job instead of boxes
    #[arg(long)]
    pub compact: bool,
    /// Show each matrix job instead of one node per matrix
    #[arg(long)]
    pub expand: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn run(cmd: &WorkflowCmd) -> Result<ExitCode> {
    let WorkflowCmd::Graph(args) = cmd;
    let mut loaded = Vec::with_capacity(args.files.len());
    for path in &args.files {
        match load(path)? {
            Ok(w) => loaded.push((path.clone(), w)),
            Err(message) => {
                eprintln!("{message}");
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    let out = match args.format {
        Format::Json => {
            let docs: Vec<Json> = loaded.iter().map(|(p, w)| to_json(p, w)).collect();
            let doc = match <[Json; 1]>::try_from(docs) {
                Ok([one]) => one,
                Err(many) => Json::Array(many),
            };
            serde_json::to_string_pretty(&doc).context("cannot write JSON")? + "\n"
        }
        Format::Text => picture(&loaded, args)?,
    };
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

/// The parsed file, `Err(message)` for a file GitHub would refuse (`file:line:col: ...`), or
/// an error when the file cannot be read at all.
fn load(path: &Path) -> Result<std::result::Result<Workflow, String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(file::parse(&text).map_err(|e| {
        // The parser's message may quote the file: no control character reaches the terminal.
        format!("{}:{}", path.display(), clean(&e.to_string()))
    }))
}

fn picture(loaded: &[(PathBuf, Workflow)], args: &GraphArgs) -> Result<String> {
    let mut graph: Option<Graph> = None;
    for (path, w) in loaded {
        let name = path.display().to_string();
        let mut next = match graph.take() {
            None => Graph::new(w, &name),
            Some(g) => g.then(w, &name),
        };
        call_local(&mut next, path, w)?;
        graph = Some(next);
    }
    let graph = graph.unwrap_or_default();
    let dag = graph.dag(&|_| args.expand, Labels::Names);
    let options = Options {
        density: if args.compact {
            Density::Compact
        } else {
            Density::Boxes
        },
        ascii: args.ascii,
        ..Options::default()
    };
    let layout = Layout::new(&dag, &|_| None, &options);
    let arrow = if args.ascii { " -> " } else { " → " };
    let title: Vec<String> = graph.workflows.iter().map(|n| clean(n)).collect();
    Ok(format!(
        "{}\n{}",
        title.join(arrow),
        layout.draw(None).to_text()
    ))
}

/// Gives reusable-workflow jobs of `w` the jobs of the files they call, when those are local
/// (`./.github/workflows/x.yml`) and `path` sits in a repository's `.github/workflows`.
fn call_local(graph: &mut Graph, path: &Path, w: &Workflow) -> Result<()> {
    let workflow = graph.workflows.len().saturating_sub(1);
    let Some(root) = repo_root(path) else {
        return Ok(());
    };
    for job in &w.jobs {
        let Some(local) = job.uses.as_deref().and_then(|u| u.strip_prefix("./")) else {
            continue;
        };
        let called = root.join(local);
        let Ok(text) = std::fs::read_to_string(&called) else {
            continue;
        };
        let parsed = file::parse(&text)
            .map_err(|e| anyhow::anyhow!("{}:{}", called.display(), clean(&e.to_string())))?;
        if let Some(index) = graph.find(workflow, &job.id) {
            graph.call(index, &parsed);
        }
    }
    Ok(())
}

fn repo_root(path: &Path) -> Option<PathBuf> {
    let dir = path.canonicalize().ok()?.parent()?.to_path_buf();
    if !dir.ends_with(".github/workflows") {
        return None;
    }
    Some(dir.parent()?.parent()?.to_path_buf())
}

fn to_json(path: &Path, w: &Workflow) -> Json {
    let jobs: Vec<Json> = w
        .jobs
        .iter()
        .map(|j| {
            let mut o = serde_json::Map::new();
            o.insert("id".into(), json!(j.id));
            o.insert("name".into(), json!(j.display_name()));
            o.insert("needs".into(), json!(j.needs));
            if let Some(u) = &j.uses {
                o.insert("uses".into(), json!(u));
            }
            if let Some(c) = &j.condition {
                o.insert("if".into(), json!(c));
            }
            if let Some(e) = &j.environment {
                o.insert("environment".into(), json!(e.name));
            }
            if let Some(m) = &j.matrix {
                o.insert("matrix".into(), matrix_json(m));
            }
            // The names the jobs API will list (null: known only when the run starts).
            let instances = match j.instances() {
                Instances::Fixed(v) if j.uses.is_none() => {
                    json!(v.into_iter().map(|i| i.name).collect::<Vec<_>>())
                }
                _ => Json::Null,
            };
            o.insert("instances".into(), instances);
            Json::Object(o)
        })
        .collect();
    json!({
        "name": w.name.clone().unwrap_or_else(|| path.display().to_string()),
        "on": w.on,
        "jobs": jobs,
    })
}

fn matrix_json(m: &Matrix) -> Json {
    match m {
        Matrix::Dynamic(expr) => json!(expr),
        Matrix::Static {
            axes,
            include,
            exclude,
        } => {
            // A list, not an object: the axes' order is the order of values in job names.
            let axes: Vec<Json> = axes
                .iter()
                .map(|(name, axis)| match axis {
                    Axis::Values(v) => json!({"name": name, "values": v.iter().map(value_json).collect::<Vec<_>>()}),
                    Axis::Dynamic(expr) => json!({"name": name, "values": expr}),
                })
                .collect();
            let combos = |list: &[file::Combination]| -> Vec<Json> {
                list.iter()
                    .map(|c| {
                        Json::Object(c.iter().map(|(k, v)| (k.clone(), value_json(v))).collect())
                    })
                    .collect()
            };
            json!({"axes": axes, "include": combos(include), "exclude": combos(exclude)})
        }
    }
}

fn value_json(v: &Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Bool(b) => json!(b),
        Value::Int(i) => json!(i),
        Value::Float(f) => json!(f),
        Value::Str(s) => json!(s),
        Value::Seq(items) => Json::Array(items.iter().map(value_json).collect()),
        Value::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), value_json(v)))
                .collect(),
        ),
    }
}
