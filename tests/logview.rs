//! The log viewer widget: snapshots at 80x24 and 200x50 of a real-shaped Actions log, in its
//! modes (following, paused with a search, folded, filtered, wrapped, times, tagged pod lines),
//! and cell styles for the colours that carry meaning.

use chrono::FixedOffset;
use gantry::logs::{Limits, LogBuffer, LogView};
use gantry::theme::{Symbols, Theme};
use gantry::ui::logview::LogViewer;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::widgets::Widget;

const ACTIONS: &[u8] = include_bytes!("fixtures/logs/actions.log");

fn actions() -> LogBuffer {
    let mut buf = LogBuffer::new(Limits::default());
    buf.push_bytes(ACTIONS);
    buf.finish();
    buf
}

fn view(buf: &LogBuffer, w: u16, h: u16) -> LogView {
    let mut v = LogView::new();
    v.set_local_offset(FixedOffset::east_opt(3600).unwrap());
    v.set_viewport(buf, w, h);
    v.sync(buf);
    v
}

fn draw(buf: &LogBuffer, v: &LogView, theme: &Theme) -> Buffer {
    let (w, h) = v.viewport();
    let area = Rect::new(0, 0, w, h);
    let mut out = Buffer::empty(area);
    LogViewer {
        buf,
        view: v,
        theme,
    }
    .render(area, &mut out);
    out
}

fn text(out: &Buffer) -> String {
    let area = out.area;
    let mut s = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        for x in 0..area.width {
            line.push_str(out[(x, y)].symbol());
        }
        s.push_str(line.trim_end());
        s.push('\n');
    }
    s
}

/// The row whose text contains `needle`.
fn row_of(out: &Buffer, needle: &str) -> u16 {
    let t = text(out);
    t.lines().position(|l| l.contains(needle)).unwrap() as u16
}

/// The column where `needle` starts on row `y`.
fn col_of(out: &Buffer, y: u16, needle: &str) -> u16 {
    let line: String = (0..out.area.width)
        .map(|x| out[(x, y)].symbol().to_owned())
        .collect();
    line[..line.find(needle).unwrap()].chars().count() as u16
}

#[test]
fn following_80x24() {
    let buf = actions();
    let v = view(&buf, 80, 24);
    insta::assert_snapshot!(text(&draw(&buf, &v, &Theme::default())));
}

#[test]
fn following_200x50() {
    let buf = actions();
    let v = view(&buf, 200, 50);
    insta::assert_snapshot!(text(&draw(&buf, &v, &Theme::default())));
}

#[test]
fn paused_with_a_search_80x24() {
    let buf = actions();
    let mut v = view(&buf, 80, 24);
    v.to_top(&buf);
    v.search_for(&buf, "test_api").unwrap();
    let theme = Theme::default();
    let out = draw(&buf, &v, &theme);
    insta::assert_snapshot!(text(&out));
    // The cursor's hit is the current match; the other hit is an ordinary one.
    let y = row_of(&out, "tests/test_api.py .");
    let x = col_of(&out, y, "test_api");
    assert_eq!(out[(x, y)].style().bg, theme.search_match_current.bg);
    let y2 = row_of(&out, "FAILED");
    let x2 = col_of(&out, y2, "test_api");
    assert_eq!(out[(x2, y2)].style().bg, theme.search_match.bg);
}

#[test]
fn folded_and_filtered_80x24() {
    let buf = actions();
    let mut v = view(&buf, 80, 24);
    v.fold_all(&buf, true);
    let folded = text(&draw(&buf, &v, &Theme::default()));
    v.fold_all(&buf, false);
    v.search_for(&buf, "fail|error").unwrap();
    v.set_filter(&buf, true);
    let filtered = text(&draw(&buf, &v, &Theme::default()));
    insta::assert_snapshot!(format!("{folded}\n{filtered}"));
}

#[test]
fn times_wrap_and_ascii_80x24() {
    let buf = actions();
    let mut v = view(&buf, 80, 24);
    v.set_symbols(Symbols::ASCII);
    v.cycle_time(&buf); // local, +01:00
    let local = text(&draw(&buf, &v, &Theme::default()));
    v.cycle_time(&buf); // relative
    v.toggle_wrap(&buf);
    let relative = text(&draw(&buf, &v, &Theme::default()));
    insta::assert_snapshot!(format!("{local}\n{relative}"));
}

#[test]
fn pod_lines_with_tags_and_a_dropped_count_200x50() {
    let mut buf = LogBuffer::new(Limits::lines(20));
    let pods = [buf.tag("shop-7d9f-abcde"), buf.tag("shop-7d9f-fghij")];
    for i in 0..30 {
        let line = format!(
            "2026-11-27T03:{:02}:{:02}.000000000Z level={} msg=\"request {i}\" path=/checkout",
            10 + i / 60,
            i % 60,
            if i % 7 == 3 { "error" } else { "info" }
        );
        buf.push_line(line.as_bytes(), Some(pods[i % 2]));
    }
    let v = view(&buf, 200, 50);
    insta::assert_snapshot!(text(&draw(&buf, &v, &Theme::default())));
}

#[test]
fn a_ten_megabyte_line_is_drawn_cut_with_a_note() {
    let mut buf = LogBuffer::new(Limits::default());
    buf.push_bytes(b"short line\n");
    let mut big = vec![b'y'; 10 << 20];
    big[..5].copy_from_slice(b"start");
    buf.push_bytes(&big);
    buf.push_bytes(b"\nlast line\n");
    for wrap in [false, true] {
        let mut v = view(&buf, 80, 24);
        if wrap {
            v.toggle_wrap(&buf);
        }
        v.to_top(&buf);
        let out = text(&draw(&buf, &v, &Theme::default()));
        assert!(out.contains("short line"), "{out}");
        // The note comes first: the end of the shown part is off screen either way.
        assert!(
            out.contains("2 [10.0 MB line, 16.0 KB shown] start"),
            "{out}"
        );
    }
}

#[test]
fn colours_mean_things() {
    let buf = actions();
    let mut v = view(&buf, 120, 40);
    v.to_top(&buf);
    let theme = Theme::default();
    let out = draw(&buf, &v, &theme);
    let y = row_of(&out, "Error: Process completed");
    assert_eq!(
        out[(col_of(&out, y, "Process"), y)].fg,
        theme.log_error.fg.unwrap()
    );
    let y = row_of(&out, "Warning: Coverage");
    assert_eq!(
        out[(col_of(&out, y, "Coverage"), y)].fg,
        theme.log_warning.fg.unwrap()
    );
    // The runner's cyan echo of a script line keeps its own colour.
    let y = row_of(&out, "pytest --cov=app tests/");
    let rows: Vec<u16> = text(&out)
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("pytest --cov=app tests/"))
        .map(|(i, _)| i as u16)
        .collect();
    let echo = rows[1];
    assert!(echo > y || rows[0] == y);
    assert_eq!(out[(col_of(&out, echo, "pytest"), echo)].fg, Color::Cyan);
    // A heuristic error line (pytest's FAILED) is coloured as an error where it has no colour.
    let y = row_of(&out, "FAILED tests/");
    assert_eq!(
        out[(col_of(&out, y, "tests/"), y)].fg,
        theme.log_error.fg.unwrap()
    );
    // Group headers and line numbers.
    let y = row_of(&out, "Operating System");
    assert_eq!(
        out[(col_of(&out, y, "Operating"), y)].fg,
        theme.log_group.fg.unwrap()
    );
    assert_eq!(out[(1, y)].fg, theme.log_line_number.fg.unwrap());
}

#[test]
fn no_size_panics() {
    let buf = actions();
    for w in 0..40 {
        for h in 0..6 {
            let mut v = view(&buf, w, h);
            v.toggle_wrap(&buf);
            let area = Rect::new(0, 0, w, h);
            let mut out = Buffer::empty(area);
            LogViewer {
                buf: &buf,
                view: &v,
                theme: &Theme::default(),
            }
            .render(area, &mut out);
        }
    }
}
