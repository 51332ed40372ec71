//! The approval board and the enterprise pipeline as the panes see them.

use super::*;

pub fn review_loaded(board: gantry::model::approval::Board) -> Action {
    Action::Source(SourceEvent::Review(Update::Loaded(board)))
}

/// One environment a run waits on: `may` is `None` when the token's user may review it.
pub fn pending_env(id: u64, name: &str, may: Option<&str>) -> gantry::model::approval::PendingEnv {
    gantry::model::approval::PendingEnv {
        id,
        name: name.into(),
        wait_timer: 0,
        since: Some(at(3, 0, 0)),
        reviewers: vec!["oncall".into(), "alice".into()],
        may_review: may.map_or(Ok(()), |w| Err(w.to_string())),
    }
}

/// A board with one run (id 42) waiting on `envs`, the last of them being the board's row.
pub fn board_with(
    envs: Vec<gantry::model::approval::PendingEnv>,
) -> gantry::model::approval::Board {
    use gantry::model::approval::*;
    let rows = envs
        .iter()
        .map(|e| EnvRow {
            repo: "acme/shop".into(),
            name: e.name.clone(),
            deployed: None,
            pending_run: Some(42),
            ships: Some(vec![ShipCommit {
                sha: "a1b2c3d4e5f6".into(),
                author: "alice".into(),
                message: "Fix checkout rounding".into(),
            }]),
        })
        .collect();
    Board {
        user: Some("oncall".into()),
        envs: rows,
        pending: vec![PendingRun {
            repo: "acme/shop".into(),
            run: 42,
            workflow: "Enterprise CD Pipeline".into(),
            run_number: 198,
            head_sha: "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678".into(),
            head_branch: Some("main".into()),
            title: "Fix checkout rounding".into(),
            triggered_by: Some("oncall".into()),
            html_url: "https://github.com/acme/shop/actions/runs/42".into(),
            envs,
        }],
    }
}
/// The simulator's enterprise workflow files, as the workflow-file task delivers them for the
/// head commit of `run()`.
pub fn enterprise_files() -> WorkflowFiles {
    let mut files = WorkflowFiles::default();
    for name in ["enterprise-ci.yml", "enterprise-cd.yml"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sim/fixtures/workflows")
            .join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let workflow = gantry::workflow::parse(&text).unwrap();
        files.files.insert(
            FileKey {
                repo: "acme/shop".into(),
                path: format!(".github/workflows/{name}"),
                sha: HEAD_SHA.into(),
            },
            WorkflowFile::Parsed(workflow),
        );
    }
    files
}

pub const HEAD_SHA: &str = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";

/// The enterprise pipeline mid-run with the names its files give the jobs: CI finished, CD
/// joined after it (readiness done, staging deploying, production waiting for review).
pub fn enterprise_snapshot() -> Snapshot {
    let done = |id, name: &str, from: &str, to: &str| {
        job(
            id,
            1,
            name,
            "completed",
            Some("success"),
            (Some(from), Some(to)),
        )
    };
    let ci = vec![
        done(11, "Security Analysis", "03:00:10", "03:01:22"),
        done(12, "Code Quality Analysis", "03:00:10", "03:02:50"),
        done(13, "Test Suite (3.11)", "03:00:12", "03:03:13"),
        done(14, "Test Suite (3.12)", "03:00:12", "03:03:01"),
        done(15, "Build Container", "03:03:20", "03:05:23"),
        done(16, "Compliance Validation", "03:05:30", "03:06:11"),
        done(17, "Performance Testing", "03:05:30", "03:09:25"),
    ];
    let cd = vec![
        job(
            21,
            2,
            "Deployment Readiness Check",
            "completed",
            Some("success"),
            (Some("03:10:00"), Some("03:10:08")),
        ),
        job(
            22,
            2,
            "Deploy to Staging",
            "in_progress",
            None,
            (Some("03:10:10"), None),
        ),
        job(23, 2, "Deploy to Production", "waiting", None, (None, None)),
    ];
    Snapshot {
        repo: "acme/shop".into(),
        runs: vec![
            run(2, "Enterprise CD Pipeline", 198, "in_progress", None),
            run(
                1,
                "Enterprise CI Pipeline",
                412,
                "completed",
                Some("success"),
            ),
        ],
        jobs: BTreeMap::from([(1, ci), (2, cd)]),
        quota: Quota {
            remaining: 4987,
            limit: 5000,
            not_modified: 212,
        },
        clock_offset: chrono::TimeDelta::zero(),
    }
}
