//! Fixture paths and small builders shared by the workflow tests.

use std::path::PathBuf;

use gantry::workflow::file::{Workflow, parse};
use gantry::workflow::{Graph, NodeStatus, Role};

pub fn sim_fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("sim/fixtures/workflows")
        .join(name)
}

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/workflows")
        .join(name)
}

pub fn load(path: &std::path::Path) -> Workflow {
    let text = std::fs::read_to_string(path).unwrap();
    parse(&text).unwrap_or_else(|e| panic!("{}:{e}", path.display()))
}

/// The enterprise CI graph with its CD run joined after it.
pub fn enterprise() -> Graph {
    let ci = load(&sim_fixture("enterprise-ci.yml"));
    let cd = load(&sim_fixture("enterprise-cd.yml"));
    Graph::new(&ci, "enterprise-ci.yml").then(&cd, "enterprise-cd.yml")
}

pub fn status(symbol: &str, role: Role, text: &str) -> NodeStatus {
    NodeStatus {
        symbol: symbol.into(),
        role,
        text: text.into(),
    }
}

/// `(job id, needs ids)` for each job of a graph, in order.
pub fn edges(g: &Graph) -> Vec<(String, Vec<String>)> {
    g.jobs
        .iter()
        .map(|j| {
            let needs = j.needs.iter().map(|&n| g.jobs[n].id.clone()).collect();
            (j.id.clone(), needs)
        })
        .collect()
}
