//! A frame of the pipeline graph: laying out and drawing a 60-job graph (CI of 50 jobs with a
//! matrix, CD of 10 joined after it), with statuses, at the three reference sizes.
//!
//! `cargo bench --bench workflow_graph`. Goal (issue 10): a frame under 2 ms.

use gantry::workflow::file::parse;
use gantry::workflow::{Dag, Density, Graph, Labels, Layout, NodeId, NodeStatus, Options, Role};

fn main() {
    divan::main();
}

/// A CI workflow of `jobs` jobs in layers of ten, each needing one to three jobs of the two
/// layers before it (a fixed pseudo-random pattern), the first with a matrix.
fn workflow(name: &str, jobs: usize, seed: u64) -> String {
    let mut rng = seed;
    let mut next = move |n: usize| {
        rng = rng
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((rng >> 33) as usize) % n.max(1)
    };
    let mut text = format!("name: {name}\non: push\njobs:\n");
    for i in 0..jobs {
        text.push_str(&format!("  job-{i}:\n    name: Job number {i} of {name}\n"));
        if i == 0 {
            text.push_str("    strategy:\n      matrix:\n        os: [ubuntu, macos, windows]\n");
        }
        let layer = i / 10;
        if layer > 0 {
            let lo = layer.saturating_sub(2) * 10;
            let hi = layer * 10;
            let needs: Vec<String> = (0..1 + next(3))
                .map(|_| format!("job-{}", lo + next(hi - lo)))
                .collect();
            text.push_str(&format!("    needs: [{}]\n", needs.join(", ")));
        }
        text.push_str("    runs-on: ubuntu-latest\n    steps: [{run: make}]\n");
    }
    text
}

fn sixty() -> (Graph, Dag) {
    let ci = parse(&workflow("CI", 50, 7)).expect("CI parses");
    let cd = parse(&workflow("CD", 10, 11)).expect("CD parses");
    let graph = Graph::new(&ci, "ci.yml").then(&cd, "cd.yml");
    let dag = graph.dag(&|_| false, Labels::Names);
    assert_eq!(dag.nodes.len(), 60);
    (graph, dag)
}

fn status(id: NodeId) -> Option<NodeStatus> {
    let (symbol, role, text) = match id.job % 5 {
        0 => ("✓", Role::Pass, "2m03s"),
        1 => ("●", Role::Running, "41s"),
        2 => ("◌", Role::Queued, ""),
        3 => ("✗", Role::Fail, "1m10s"),
        _ => return None,
    };
    Some(NodeStatus {
        symbol: symbol.into(),
        role,
        text: text.into(),
    })
}

#[divan::bench(args = ["250x70", "120x40", "80x24"])]
fn frame_60_jobs(bencher: divan::Bencher, size: &str) {
    let (width, height) = size.split_once('x').expect("WxH");
    let options = Options {
        width: width.parse().expect("width"),
        height: height.parse().expect("height"),
        density: Density::Auto,
        ascii: false,
    };
    let (_, dag) = sixty();
    bencher.bench_local(|| {
        let layout = Layout::new(&dag, &status, &options);
        divan::black_box(layout.draw(layout.first()))
    });
}

#[divan::bench]
fn parse_and_expand_60_jobs(bencher: divan::Bencher) {
    let ci = workflow("CI", 50, 7);
    let cd = workflow("CD", 10, 11);
    bencher.bench_local(|| {
        let ci = parse(&ci).expect("CI parses");
        let cd = parse(&cd).expect("CD parses");
        divan::black_box(Graph::new(&ci, "ci.yml").then(&cd, "cd.yml"))
    });
}
