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

/// The 60-job graph through the real pipeline pane: a `State` fed through `update` (a snapshot
/// with a CI run of 52 jobs, the matrix's three among them, and a CD run of 10, and their two
/// workflow files), drawn with `gantry::ui::draw` into a test backend, as the TUI draws a frame.
#[divan::bench(args = ["250x70", "120x40", "80x24"])]
fn pane_frame_60_jobs(bencher: divan::Bencher, size: &str) {
    use gantry::app::{Action, State, update};
    use gantry::event::{SourceEvent, Update};
    use gantry::model::github::Snapshot;
    use gantry::model::pipeline::{FileKey, WorkflowFile, WorkflowFiles};
    use gantry::sources::SourceId;
    use gantry::sources::github::{job_from_json, run_from_json};
    use ratatui::{Terminal, backend::TestBackend};
    use serde_json::json;

    let (width, height) = size.split_once('x').expect("WxH");
    let (width, height): (u16, u16) = (width.parse().expect("w"), height.parse().expect("h"));
    let sha = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
    let now = chrono::Utc::now();
    let run = |id: u64, name: &str, file: &str| {
        run_from_json(json!({
            "id": id, "name": name, "head_sha": sha, "head_branch": "main", "status": "in_progress",
            "run_number": id, "event": "push", "created_at": now.to_rfc3339(),
            "path": format!(".github/workflows/{file}"), "html_url": "https://github.com/acme/shop"
        }))
        .expect("run")
    };
    let job = |id: u64, run: u64, name: String, n: u64| {
        let (status, conclusion) = match n % 4 {
            0 => ("completed", Some("success")),
            1 => ("in_progress", None),
            2 => ("queued", None),
            _ => ("completed", Some("failure")),
        };
        job_from_json(json!({
            "id": id, "run_id": run, "name": name, "status": status, "conclusion": conclusion,
            "started_at": (now - chrono::TimeDelta::seconds(90)).to_rfc3339(),
            "completed_at": conclusion.map(|_| now.to_rfc3339()), "steps": []
        }))
        .expect("job")
    };
    let mut ci_jobs: Vec<_> = ["ubuntu", "macos", "windows"]
        .iter()
        .enumerate()
        .map(|(i, os)| {
            job(
                1000 + i as u64,
                1,
                format!("Job number 0 of CI ({os})"),
                i as u64,
            )
        })
        .collect();
    ci_jobs.extend((1..50).map(|i| job(1000 + 3 + i, 1, format!("Job number {i} of CI"), i)));
    let cd_jobs = (0..10)
        .map(|i| job(2000 + i, 2, format!("Job number {i} of CD"), i))
        .collect();
    let snap = Snapshot {
        repo: "acme/shop".into(),
        runs: vec![run(2, "CD", "cd.yml"), run(1, "CI", "ci.yml")],
        jobs: [(1, ci_jobs), (2, cd_jobs)].into_iter().collect(),
        ..Snapshot::default()
    };
    let mut files = WorkflowFiles::default();
    for (file, text) in [
        ("ci.yml", workflow("CI", 50, 7)),
        ("cd.yml", workflow("CD", 10, 11)),
    ] {
        let key = FileKey {
            repo: "acme/shop".into(),
            path: format!(".github/workflows/{file}"),
            sha: sha.into(),
        };
        let parsed = parse(&text).expect("parses");
        files.files.insert(key, WorkflowFile::Parsed(parsed));
    }
    let mut state = State::new(gantry::app::state::Settings::default(), now);
    for action in [
        Action::Resize(width, height),
        Action::SourceStarted(SourceId::Github),
        Action::Source(SourceEvent::Github(Update::Loaded(snap))),
        Action::SourceStarted(SourceId::WorkflowFiles),
        Action::Source(SourceEvent::WorkflowFiles(Update::Loaded(files))),
    ] {
        update(&mut state, action);
    }
    let theme = gantry::theme::Theme::default();
    let mut term = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    bencher.bench_local(|| {
        term.draw(|f| gantry::ui::draw(f, &state, &theme))
            .expect("draw");
    });
}
