//! Render snapshots at 80x24 and 200x50 (and between), a few cell-style checks, and a no-panic sweep.

use chrono::{TimeZone, Utc};
use gantry::app::state::{Context, Quota};
use gantry::app::{Action, State, update};
use gantry::keymap::Keymap;
use gantry::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

fn state(w: u16, h: u16) -> State {
    let (keymap, _) = Keymap::load(None);
    let mut s = State::new(
        keymap,
        Utc.with_ymd_and_hms(2026, 11, 27, 3, 14, 0).unwrap(),
    );
    s.context = Context {
        repo: Some("acme/shop".into()),
        branch: Some("main".into()),
        cluster: Some("gantry-demo".into()),
    };
    s.quota = Some(Quota {
        remaining: 4987,
        limit: 5000,
        not_modified: 212,
    });
    s.empty_note = "No sources configured yet.".into();
    update(&mut s, Action::Resize(w, h));
    s
}

fn render(s: &State, theme: &Theme) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(s.width, s.height)).unwrap();
    term.draw(|f| gantry::ui::draw(f, s, theme)).unwrap();
    term.backend().buffer().clone()
}

fn text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        for x in 0..area.width {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn press(s: &mut State, names: &str) {
    for n in names.split_whitespace() {
        let k = gantry::keymap::Key::parse(n).unwrap();
        update(
            s,
            Action::Key(crossterm::event::KeyEvent::new(k.code, k.mods)),
        );
    }
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
    let mut s = state(100, 30);
    s.read_only = true;
    s.warnings
        .push("[keys].normal: unknown key `hyper-x`".into());
    s.context.repo = Some("acme/\x1b]0;pwned\x07shop".into());
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
    for w in (1..=130)
        .step_by(3)
        .chain([1, 2, 19, 20, 99, 100, 159, 160, 250])
    {
        for h in (1..=45).step_by(2).chain([1, 4, 5, 27, 28, 39, 40, 70]) {
            for keys in ["", "?", "tab tab", "4", "3 tab", "?  G"] {
                let mut s = state(w, h);
                press(&mut s, keys);
                render(&s, &theme);
            }
        }
    }
}
