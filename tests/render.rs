//! Render snapshots at 80x24 and 200x50 (and between), a few cell-style checks, and a no-panic sweep.

mod support;

use gantry::app::State;
use gantry::theme::Theme;
use ratatui::buffer::Buffer;
use support::{StateBuilder, keys, quota_only, render, text};

fn builder(w: u16, h: u16) -> StateBuilder {
    StateBuilder::new()
        .size(w, h)
        .demo_context()
        .note("No sources configured yet.")
        .github(quota_only(4987))
}

fn state(w: u16, h: u16) -> State {
    builder(w, h).build()
}

fn press(s: &mut State, names: &str) {
    keys(s, names);
}

#[test]
fn overview_80x24_is_one_pane_with_a_tab_strip() {
    let s = state(80, 24);
    let out = text(&render(&s, &Theme::default()));
    insta::assert_snapshot!(out);
    assert!(out.contains(" Pipeline | Gates | Environments | Rollout | Logs "));
}

#[test]
fn overview_120x40_shows_three_panes() {
    insta::assert_snapshot!(text(&render(&state(120, 40), &Theme::default())));
}

#[test]
fn overview_200x50_shows_every_pane() {
    let s = state(200, 50);
    let out = text(&render(&s, &Theme::default()));
    insta::assert_snapshot!(out);
    for title in [
        " Pipeline ",
        " Gates ",
        " Environments ",
        " Rollout ",
        " Logs ",
    ] {
        assert!(out.contains(title), "{title}");
    }
}

#[test]
fn help_overlay_80x24_and_200x50() {
    for (w, h) in [(80, 24), (200, 50)] {
        let mut s = state(w, h);
        press(&mut s, "?");
        let out = text(&render(&s, &Theme::default()));
        insta::assert_snapshot!(format!("help_{w}x{h}"), out);
        assert!(out.contains("show or hide this help"));
        if w == 200 {
            assert!(
                out.contains("approve the pending deployment"),
                "wide help shows everything"
            );
        } else {
            press(&mut s, "G");
            assert!(text(&render(&s, &Theme::default())).contains("save the log to a file"));
        }
    }
}

#[test]
fn read_only_badge_and_warnings_banner_show() {
    let mut b = builder(100, 30)
        .read_only()
        .warning("[keys].normal: unknown key `hyper-x`");
    let mut ctx = support::demo_context();
    ctx.repo = Some("acme/\x1b]0;pwned\x07shop".into());
    b = b.context(ctx);
    let s = b.build();
    let theme = Theme::default();
    let buf = render(&s, &theme);
    let out = text(&buf);
    insta::assert_snapshot!(out);
    assert!(out.contains("READ-ONLY"));
    assert!(out.contains("unknown key `hyper-x`"));
    assert!(
        out.contains("acme/shop"),
        "escape sequences from names are dropped"
    );
    let line0: String = (0..100).map(|x| buf[(x, 0)].symbol().to_string()).collect();
    let at = line0.find("READ-ONLY").unwrap() as u16;
    assert_eq!(buf[(at, 0)].fg, theme.badge_read_only.fg.unwrap());
    assert_eq!(buf[(at, 0)].bg, theme.badge_read_only.bg.unwrap());
}

#[test]
fn focused_pane_border_uses_the_focus_style() {
    let mut s = state(120, 40);
    press(&mut s, "tab");
    let theme = Theme::default();
    let buf = render(&s, &theme);
    // The gates pane starts at the left edge of the lower half.
    let gates_top = (2..40)
        .find(|y| text_row(&buf, *y).contains(" Gates "))
        .unwrap();
    assert_eq!(buf[(0, gates_top)].fg, theme.border_focused.fg.unwrap());
    let pipeline_top = 2;
    assert_eq!(buf[(0, pipeline_top)].fg, theme.border.fg.unwrap());
}

fn text_row(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width)
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect()
}

#[test]
fn no_size_panics() {
    let theme = Theme::default();
    // Every layout threshold and its neighbours, plus a coarse grid between them.
    for w in (1..=130)
        .step_by(6)
        .chain([1, 2, 3, 19, 20, 79, 80, 99, 100, 101, 159, 160, 250])
    {
        for h in (1..=45)
            .step_by(4)
            .chain([1, 2, 4, 5, 23, 24, 27, 28, 29, 39, 40, 70])
        {
            for keys in ["", "?", "tab tab", "4", "3 tab", "?  G"] {
                let mut s = state(w, h);
                press(&mut s, keys);
                render(&s, &theme);
            }
        }
    }
}
