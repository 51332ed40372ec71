//! The pipeline pane from a fixed snapshot, at 80x24 and 200x50, plus the failed-source banner, what
//! waits for a human kept in view at small sizes, and a cell-style check that statuses carry both
//! symbol and role.

mod support;

use chrono::TimeDelta;
use gantry::app::{Action, State, update};
use gantry::theme::Theme;
use ratatui::buffer::Buffer;
use support::{StateBuilder, github_failed, now, pipeline_snapshot};

fn state(w: u16, h: u16, ascii: bool) -> State {
    let mut b = StateBuilder::new().size(w, h).demo_context();
    if ascii {
        b = b.ascii();
    }
    b.github(pipeline_snapshot()).build()
}

fn render(s: &State) -> Buffer {
    support::render(s, &Theme::default())
}

fn text(buf: &Buffer) -> String {
    support::text(buf)
}

#[test]
fn pipeline_80x24() {
    insta::assert_snapshot!(text(&render(&state(80, 24, false))));
}

#[test]
fn pipeline_200x50() {
    insta::assert_snapshot!(text(&render(&state(200, 50, false))));
}

#[test]
fn pipeline_80x24_ascii_with_failed_source() {
    let mut s = state(80, 24, true);
    update(&mut s, Action::Tick(now() + TimeDelta::minutes(2)));
    update(&mut s, github_failed("connection refused", 8));
    let out = text(&render(&s));
    assert!(
        out.contains("! GitHub: connection refused | retry in 8 s | data from 2m ago"),
        "{out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn statuses_have_symbol_and_role() {
    let s = state(200, 50, false);
    let buf = render(&s);
    let theme = Theme::default();
    let out = text(&buf);
    assert!(out.contains("waiting for review"));
    assert!(!out.contains('\x1b'));
    // Find each job's symbol cell and check its style's foreground matches the role.
    for (name, symbol, role) in [
        ("Security Analysis", "✓", theme.pass),
        ("Build Container", "●", theme.running),
        ("deploy-production", "⏸", theme.waiting),
    ] {
        let (x, y) = find(&buf, name).unwrap_or_else(|| panic!("{name} not drawn"));
        let cell = &buf[(x - 2, y)];
        assert_eq!(cell.symbol(), symbol, "{name}");
        assert_eq!(cell.fg, role.fg.unwrap_or_default(), "{name}");
    }
}

fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    for y in 0..buf.area.height {
        let line: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        if let Some(i) = line.find(needle) {
            let x = line[..i].chars().count() as u16;
            return Some((x, y));
        }
    }
    None
}

#[test]
fn what_waits_for_a_human_stays_in_view_at_small_sizes() {
    for (w, h) in [(40, 10), (50, 12), (30, 8)] {
        let s = state(w, h, false);
        let out = text(&render(&s));
        assert!(out.contains("deploy-production"), "{w}x{h}:\n{out}");
    }
    // With room for everything, the list keeps the workflow's order and no attention section.
    let out = text(&render(&state(200, 50, false)));
    assert!(!out.contains("Needs attention"), "{out}");
}

#[test]
fn elapsed_times_follow_the_servers_clock() {
    // Our clock is 03:14; the server's runs ten minutes ahead, so the running build has run for
    // 03:24 - 03:04 = 20 minutes, not 10.
    let mut snap = pipeline_snapshot();
    snap.clock_offset = TimeDelta::minutes(10);
    let s = StateBuilder::new().size(200, 50).github(snap).build();
    let out = text(&render(&s));
    assert!(out.contains("Build Container        20m00s"), "{out}");
}
