//! The runs screen: the tree's selection moves through what is shown, nodes open and close, `/`
//! filters by branch, event, actor and status with keys as text; render snapshots at 80x24 and a
//! wide size.

mod support;

use gantry::app::{Overlay, State};
use gantry::model::github::Snapshot;
use gantry::sources::github::job_from_json;
use serde_json::json;
use support::{StateBuilder, enterprise_snapshot, key, keys, screen, type_text};

/// The enterprise snapshot with steps on the staging deploy.
fn snapshot() -> Snapshot {
    let mut snap = enterprise_snapshot();
    let staging = job_from_json(json!({
        "id": 22, "run_id": 2, "name": "Deploy to Staging", "status": "in_progress",
        "started_at": "2026-11-27T03:10:10Z", "steps": [
            {"name": "Set up job", "status": "completed", "conclusion": "success", "number": 1,
             "started_at": "2026-11-27T03:10:10Z", "completed_at": "2026-11-27T03:10:12Z"},
            {"name": "Deploy \u{1b}[31mto staging", "status": "in_progress", "number": 2,
             "started_at": "2026-11-27T03:10:12Z"}
        ]
    }))
    .unwrap();
    let cd = snap.jobs.get_mut(&2).unwrap();
    let at = cd.iter().position(|j| j.id == 22).unwrap();
    cd[at] = staging;
    snap
}

fn state(w: u16, h: u16) -> State {
    let mut s = StateBuilder::new().size(w, h).github(snapshot()).build();
    key(&mut s, "2");
    s
}

fn selected(s: &State) -> Vec<&str> {
    s.runs.selected.iter().map(String::as_str).collect()
}

#[test]
fn the_selection_walks_the_tree_and_opens_nodes() {
    let mut s = state(120, 40);
    let table: &[(&str, &[&str])] = &[
        ("j", &["repo:acme/shop"]),
        ("j", &["repo:acme/shop", "wf:Enterprise CD Pipeline"]),
        ("l", &["repo:acme/shop", "wf:Enterprise CD Pipeline"]),
        (
            "j",
            &["repo:acme/shop", "wf:Enterprise CD Pipeline", "run:2"],
        ),
        (
            "enter",
            &["repo:acme/shop", "wf:Enterprise CD Pipeline", "run:2"],
        ),
        (
            "j",
            &[
                "repo:acme/shop",
                "wf:Enterprise CD Pipeline",
                "run:2",
                "job:21",
            ],
        ),
        (
            "j",
            &[
                "repo:acme/shop",
                "wf:Enterprise CD Pipeline",
                "run:2",
                "job:22",
            ],
        ),
        (
            "l",
            &[
                "repo:acme/shop",
                "wf:Enterprise CD Pipeline",
                "run:2",
                "job:22",
            ],
        ),
        (
            "j",
            &[
                "repo:acme/shop",
                "wf:Enterprise CD Pipeline",
                "run:2",
                "job:22",
                "step:1",
            ],
        ),
        // h on a leaf goes to its parent, then closes it.
        (
            "h",
            &[
                "repo:acme/shop",
                "wf:Enterprise CD Pipeline",
                "run:2",
                "job:22",
            ],
        ),
        (
            "h",
            &[
                "repo:acme/shop",
                "wf:Enterprise CD Pipeline",
                "run:2",
                "job:22",
            ],
        ),
        ("G", &["repo:acme/shop", "wf:Enterprise CI Pipeline"]),
    ];
    for (k, want) in table {
        keys(&mut s, k);
        assert_eq!(selected(&s), *want, "after {k}");
    }
    let out = screen(&s);
    assert!(out.contains("Deploy to Staging"), "{out}");
    assert!(!out.contains('\x1b'));
}

#[test]
fn slash_filters_with_keys_as_text() {
    let mut s = state(120, 40);
    key(&mut s, "/");
    assert!(matches!(s.overlays.last(), Some(Overlay::Filter)));
    // `q` and `r` are text here: nothing quits, nothing reruns.
    type_text(&mut s, "actor:deploy-bot");
    assert!(!s.quit && s.overlays.len() == 1);
    key(&mut s, "enter");
    assert!(s.overlays.is_empty());
    assert_eq!(s.runs.filter, "actor:deploy-bot");
    let out = screen(&s);
    assert!(out.contains("Enterprise CD Pipeline"), "{out}");
    assert!(!out.contains("Enterprise CI Pipeline"), "{out}");
    // By status: CI succeeded, CD is running.
    key(&mut s, "/");
    key(&mut s, "esc");
    assert!(s.runs.filter.is_empty(), "Esc clears the filter");
    key(&mut s, "/");
    type_text(&mut s, "status:success branch:main event:push");
    key(&mut s, "enter");
    let out = screen(&s);
    assert!(out.contains("Enterprise CI Pipeline"), "{out}");
    assert!(!out.contains("Enterprise CD Pipeline"), "{out}");
}

fn opened_state(w: u16, h: u16) -> State {
    let mut s = state(w, h);
    keys(&mut s, "j j l j l j j l");
    s
}

#[test]
fn runs_80x24() {
    insta::assert_snapshot!(screen(&opened_state(80, 24)));
}

#[test]
fn runs_160x40() {
    insta::assert_snapshot!(screen(&opened_state(160, 40)));
}
