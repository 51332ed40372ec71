//! Update tables for the pipeline graph and the run actions: selection moves along the graph,
//! Enter expands a matrix, each action's dialog says what will happen and confirming returns one
//! audited request; read-only refuses before any dialog; workflow files are asked for once.

mod support;

use gantry::app::effect::Terminal;
use gantry::app::overlay::{Dialog, Overlay};
use gantry::app::{Effect, State};
use gantry::model::github::{Conclusion, Status};
use gantry::model::pipeline::FileKey;
use gantry::model::request::{Operation, Request};
use gantry::workflow::NodeId;
use support::{
    HEAD_SHA, StateBuilder, enterprise_files, enterprise_snapshot, github_loaded, key, keys,
    type_text,
};

fn state() -> State {
    StateBuilder::new()
        .size(200, 50)
        .github(enterprise_snapshot())
        .workflow_files(enterprise_files())
        .build()
}

fn dialog(s: &State) -> &Dialog {
    match s.overlays.last() {
        Some(Overlay::Dialog(d)) => d,
        other => panic!("no dialog: {other:?}"),
    }
}

fn request(effects: &[Effect]) -> &Request {
    match effects {
        [Effect::Act(req)] => req,
        other => panic!("want one request: {other:?}"),
    }
}

/// The graph job index of a job id (CI's jobs come first, then CD's).
fn job(s: &State, id: &str) -> usize {
    let snap = s.github.data.as_ref().unwrap();
    let files = s.workflows.data.as_ref().unwrap();
    let pg = gantry::model::pipeline::PipelineGraph::build(snap, files, &s.graph.expanded).unwrap();
    pg.graph.jobs.iter().position(|j| j.id == id).unwrap()
}

fn selected(s: &State) -> Option<(usize, Option<usize>)> {
    s.graph.selected.map(|n| (n.job, n.instance))
}

#[test]
fn the_selection_moves_along_the_graph() {
    let mut s = state();
    // The first key starts from the first node of the first layer.
    let table: &[(&str, &str)] = &[
        ("l", "build"),
        ("l", "compliance-check"),
        ("j", "performance-test"),
        ("k", "compliance-check"),
        ("l", "deployment-readiness"),
        ("l", "deploy-staging"),
        ("l", "deploy-production"),
        // At the graph's right edge the selection stays.
        ("l", "deploy-production"),
        ("h", "deploy-staging"),
    ];
    for (k, want) in table {
        key(&mut s, k);
        let got = selected(&s).map(|(j, _)| j);
        assert_eq!(got, Some(job(&s, want)), "after {k}: want {want}");
    }
}

#[test]
fn enter_expands_a_matrix_and_folds_it_back() {
    let mut s = state();
    let suite = job(&s, "test-suite");
    // Walk j until the matrix is selected.
    for _ in 0..3 {
        if selected(&s).map(|(j, _)| j) == Some(suite) {
            break;
        }
        key(&mut s, "j");
    }
    assert_eq!(selected(&s), Some((suite, None)));
    key(&mut s, "enter");
    assert!(s.graph.expanded.contains(&suite));
    assert_eq!(selected(&s), Some((suite, Some(0))));
    key(&mut s, "j");
    assert_eq!(
        selected(&s),
        Some((suite, Some(1))),
        "the second matrix job"
    );
    key(&mut s, "enter");
    assert!(!s.graph.expanded.contains(&suite));
    assert_eq!(selected(&s), Some((suite, None)));
    // A plain job has nothing to expand: Enter goes to its log (the job picker) instead.
    s.graph.selected = Some(NodeId::job(job(&s, "build")));
    let before = s.graph.expanded.clone();
    key(&mut s, "enter");
    assert_eq!(s.graph.expanded, before);
    assert!(s.top_overlay().is_some(), "the job picker opens");
    assert!(s.graph.expanded.is_empty());
}

#[test]
fn workflow_files_are_asked_for_once_per_path_and_sha() {
    let mut s = StateBuilder::new()
        .then(gantry::app::Action::SourceStarted(
            gantry::sources::SourceId::WorkflowFiles,
        ))
        .build();
    let effects = gantry::app::update(&mut s, github_loaded(enterprise_snapshot()));
    let key = |name: &str| FileKey {
        repo: "acme/shop".into(),
        path: format!(".github/workflows/{name}"),
        sha: HEAD_SHA.into(),
    };
    assert_eq!(
        effects,
        vec![
            Effect::WorkflowFile(key("enterprise-ci.yml")),
            Effect::WorkflowFile(key("enterprise-cd.yml"))
        ]
    );
    let again = gantry::app::update(&mut s, github_loaded(enterprise_snapshot()));
    assert!(again.is_empty(), "asked once: {again:?}");
}

#[test]
fn rerun_on_the_selected_run_with_toggles() {
    let mut s = state();
    // The first node is CI's, a finished run without failures: every job, by default.
    assert!(key(&mut s, "r").is_empty(), "only a dialog opens");
    let d = dialog(&s).clone();
    assert_eq!(d.title, "Rerun all jobs");
    let body = d.body.join("\n");
    assert!(
        body.contains("Enterprise CI Pipeline #412 (run 1)"),
        "{body}"
    );
    // d turns debug logging on; a turns "all jobs" off (failed only).
    keys(&mut s, "d a");
    let effects = key(&mut s, "enter");
    let req = request(&effects);
    assert_eq!(
        req.op,
        Operation::RerunFailed {
            repo: "acme/shop".into(),
            run: 1,
            debug: true
        }
    );
    assert_eq!(
        req.intent.params.get("debug"),
        Some(&serde_json::json!(true))
    );
    assert!(
        key(&mut s, "enter").is_empty(),
        "a repeated key sends nothing"
    );
    // The toggled-on default sends a rerun of every job.
    let mut s = state();
    key(&mut s, "r");
    let req = request(&key(&mut s, "enter")).clone();
    assert_eq!(
        req.op,
        Operation::RerunAll {
            repo: "acme/shop".into(),
            run: 1,
            debug: false
        }
    );
}

#[test]
fn a_running_run_is_cancelled_not_rerun() {
    let mut s = state();
    // To the CD run (still going).
    keys(&mut s, "l l l l");
    key(&mut s, "r");
    assert!(s.overlays.is_empty());
    assert!(s.message.as_deref().unwrap_or("").contains("still running"));
    key(&mut s, "C");
    let d = dialog(&s).clone();
    assert_eq!(d.title, "Cancel run");
    assert!(d.danger);
    let body = d.body.join("\n");
    assert!(
        body.contains("Enterprise CD Pipeline #198 (run 2)"),
        "{body}"
    );
    assert!(body.contains("Deploy to Staging"), "{body}");
    let req = request(&key(&mut s, "enter")).clone();
    assert_eq!(
        req.op,
        Operation::Cancel {
            repo: "acme/shop".into(),
            run: 2
        }
    );
    // A finished run has nothing to cancel.
    let mut s = state();
    key(&mut s, "C");
    assert!(s.overlays.is_empty());
    assert!(
        s.message
            .as_deref()
            .unwrap_or("")
            .contains("nothing to cancel")
    );
}

#[test]
fn dispatch_only_for_workflows_with_the_trigger() {
    // Neither enterprise workflow has workflow_dispatch.
    let mut s = state();
    key(&mut s, "D");
    assert!(s.overlays.is_empty());
    let msg = s.message.clone().unwrap_or_default();
    assert!(msg.contains("no workflow_dispatch trigger"), "{msg}");
    // With the trigger: a dialog with the ref to type, prefilled with the run's branch.
    let mut files = enterprise_files();
    for f in files.files.values_mut() {
        if let gantry::model::pipeline::WorkflowFile::Parsed(w) = f {
            w.on.push("workflow_dispatch".into());
        }
    }
    let mut s = StateBuilder::new()
        .size(200, 50)
        .github(enterprise_snapshot())
        .workflow_files(files)
        .build();
    key(&mut s, "D");
    let d = dialog(&s).clone();
    assert_eq!(d.title, "Dispatch workflow");
    assert_eq!(d.fields[0].value, "main");
    // Keys are text in the field: `q` and `r` type, they fire nothing.
    for _ in 0..4 {
        key(&mut s, "backspace");
    }
    type_text(&mut s, "release/qr");
    let req = request(&key(&mut s, "enter")).clone();
    assert_eq!(
        req.op,
        Operation::Dispatch {
            repo: "acme/shop".into(),
            workflow: "enterprise-ci.yml".into(),
            git_ref: "release/qr".into()
        }
    );
}

#[test]
fn y_copies_the_selected_runs_url() {
    let mut s = state();
    let effects = key(&mut s, "y");
    assert_eq!(
        effects,
        vec![Effect::Terminal(Terminal::Copy(
            "https://github.com/acme/shop/actions/runs/1".into()
        ))]
    );
    keys(&mut s, "l l l l");
    let effects = key(&mut s, "y");
    assert_eq!(
        effects,
        vec![Effect::Terminal(Terminal::Copy(
            "https://github.com/acme/shop/actions/runs/2".into()
        ))]
    );
}

#[test]
fn read_only_refuses_every_run_action_with_the_reason() {
    for k in ["r", "C", "D"] {
        let mut s = StateBuilder::new()
            .size(200, 50)
            .read_only()
            .github(enterprise_snapshot())
            .workflow_files(enterprise_files())
            .build();
        assert_eq!(key(&mut s, k), vec![Effect::BELL], "{k}");
        assert!(s.overlays.is_empty(), "{k}");
        let msg = s.message.clone().unwrap_or_default();
        assert!(msg.starts_with("read-only mode:"), "{k}: {msg}");
    }
}

#[test]
fn the_summary_status_of_a_collapsed_matrix() {
    let snap = enterprise_snapshot();
    let files = enterprise_files();
    let pg =
        gantry::model::pipeline::PipelineGraph::build(&snap, &files, &Default::default()).unwrap();
    let suite = pg
        .graph
        .jobs
        .iter()
        .position(|j| j.id == "test-suite")
        .unwrap();
    let jobs = pg.jobs_of(NodeId::job(suite));
    assert_eq!(jobs.len(), 2);
    assert_eq!(
        gantry::model::pipeline::summary(jobs),
        Some(Status::Done(Conclusion::Success))
    );
}

#[test]
fn a_run_still_going_is_not_rerun() {
    // Without workflow files the pane lists jobs; `r` picks the run with failed jobs, and CI in
    // pipeline_snapshot() is still in progress: GitHub would refuse, so gantry says why first.
    let mut s = StateBuilder::new()
        .size(120, 40)
        .github(support::pipeline_snapshot())
        .build();
    key(&mut s, "r");
    let msg = s.message.clone().unwrap_or_default();
    assert!(s.overlays.is_empty(), "{:?}", s.overlays);
    assert!(msg.contains("still running"), "{msg}");
}
