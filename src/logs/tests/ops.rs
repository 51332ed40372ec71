use super::{buffer, view};
use crate::logs::layout::screen;
use crate::logs::{Limits, LineId, LogBuffer, LogView, TimeMode};

/// Groups nested and unclosed:
/// 1 Build { 3 Inner { 4 } 5 } 7, then 8 a warning, and 10 a group never closed.
const SAMPLE: &str = "start
##[group]Build
compile a
##[group]Inner
inner line
##[endgroup]
compile b
##[endgroup]
##[warning]slow
after
##[group]Unclosed
tail 1
tail 2
";

fn shown(buf: &LogBuffer, v: &LogView) -> Vec<LineId> {
    let (w, h) = v.viewport();
    screen(buf, v, w, h).lines.iter().map(|s| s.id).collect()
}

#[test]
fn follows_then_pauses_and_resumes() {
    let buf = buffer(SAMPLE);
    let mut v = view(&buf, 30);
    assert!(v.following());
    assert_eq!(v.cursor(), 12);
    v.up(&buf, 1);
    assert_eq!((v.following(), v.cursor()), (false, 11));
    v.toggle_follow(&buf);
    assert_eq!((v.following(), v.cursor()), (true, 12));
    v.toggle_follow(&buf);
    assert_eq!((v.following(), v.cursor()), (false, 12));
    v.to_top(&buf);
    assert_eq!(v.cursor(), 0);
    v.to_bottom(&buf);
    assert_eq!((v.following(), v.cursor()), (true, 12));
}

#[test]
fn follow_keeps_the_last_line_at_the_bottom_as_lines_arrive() {
    let mut buf = LogBuffer::new(Limits::default());
    let mut v = view(&buf, 6); // five rows of text
    for i in 0..100 {
        buf.push_bytes(format!("line {i}\n").as_bytes());
        v.sync(&buf);
    }
    assert_eq!(shown(&buf, &v), [95, 96, 97, 98, 99]);
    // Paused, new lines do not move the screen.
    v.up(&buf, 2);
    let before = shown(&buf, &v);
    buf.push_bytes(b"line 100\nline 101\n");
    v.sync(&buf);
    assert_eq!(shown(&buf, &v), before);
    assert_eq!(v.cursor(), 97);
}

#[test]
fn moving_skips_endgroup_lines() {
    let buf = buffer(SAMPLE);
    let mut v = view(&buf, 30);
    v.to_top(&buf);
    let mut seen = vec![v.cursor()];
    for _ in 0..12 {
        v.down(&buf, 1);
        seen.push(v.cursor());
    }
    assert_eq!(seen, [0, 1, 2, 3, 4, 6, 8, 9, 10, 11, 12, 12, 12]);
    assert!(!v.following(), "reaching the end does not resume following");
}

#[test]
fn fold_table() {
    // (cursor before, folds toggled at those cursors in order, lines shown after, cursor after)
    let cases: &[(LineId, &[LineId], &[LineId], LineId)] = &[
        (2, &[2], &[0, 1, 8, 9, 10, 11, 12], 1),
        (1, &[1], &[0, 1, 8, 9, 10, 11, 12], 1),
        (4, &[4], &[0, 1, 2, 3, 6, 8, 9, 10, 11, 12], 3),
        // Inner then outer folded; unfolding the outer leaves the inner folded.
        (4, &[4, 1, 1], &[0, 1, 2, 3, 6, 8, 9, 10, 11, 12], 1),
        (12, &[12], &[0, 1, 2, 3, 4, 6, 8, 9, 10], 10),
        (0, &[0], &[0, 1, 2, 3, 4, 6, 8, 9, 10, 11, 12], 0),
        // Folding twice is unfolding.
        (2, &[2, 2], &[0, 1, 2, 3, 4, 6, 8, 9, 10, 11, 12], 1),
    ];
    for (start, toggles, want, cursor) in cases {
        let buf = buffer(SAMPLE);
        let mut v = view(&buf, 30);
        v.to_top(&buf);
        while v.cursor() < *start {
            v.down(&buf, 1);
        }
        assert_eq!(v.cursor(), *start);
        for at in *toggles {
            while v.cursor() > *at {
                v.up(&buf, 1);
            }
            v.toggle_fold(&buf);
        }
        assert_eq!(shown(&buf, &v), *want, "start {start} toggles {toggles:?}");
        assert_eq!(v.cursor(), *cursor, "start {start} toggles {toggles:?}");
    }
}

#[test]
fn folded_groups_are_stepped_over_both_ways() {
    let buf = buffer(SAMPLE);
    let mut v = view(&buf, 30);
    v.fold_all(&buf, true);
    assert_eq!(shown(&buf, &v), [0, 1, 8, 9, 10]);
    assert_eq!(
        v.cursor(),
        10,
        "following lands on the unclosed group's header"
    );
    v.up(&buf, 2);
    assert_eq!(v.cursor(), 8);
    v.up(&buf, 1);
    assert_eq!(v.cursor(), 1);
    v.fold_all(&buf, false);
    assert_eq!(shown(&buf, &v).len(), 11);
}

#[test]
fn search_table() {
    // (pattern, matches, cursor after the search and after n, n, N)
    let cases: &[(&str, &[LineId], [LineId; 4])] = &[
        ("compile", &[2, 6], [6, 2, 6, 2]),
        ("tail", &[11, 12], [12, 11, 12, 11]),
        ("^a", &[9], [9, 9, 9, 9]),
        ("SLOW", &[], [12, 12, 12, 12]),
    ];
    for (pattern, matches, cursors) in cases {
        let buf = buffer(SAMPLE);
        let mut v = view(&buf, 30);
        v.search_for(&buf, pattern).unwrap();
        assert_eq!(v.search().unwrap().matches(), *matches, "/{pattern}/");
        let mut got = [v.cursor(), 0, 0, 0];
        v.next_match(&buf);
        got[1] = v.cursor();
        v.next_match(&buf);
        got[2] = v.cursor();
        v.prev_match(&buf);
        got[3] = v.cursor();
        assert_eq!(got, *cursors, "/{pattern}/");
    }
}

#[test]
fn a_bad_regex_is_an_error_and_changes_nothing() {
    let buf = buffer(SAMPLE);
    let mut v = view(&buf, 30);
    assert!(v.search_for(&buf, "(unclosed").is_err());
    assert!(v.search().is_none());
    assert!(v.following());
}

#[test]
fn a_hit_inside_a_folded_group_unfolds_it() {
    let buf = buffer(SAMPLE);
    let mut v = view(&buf, 30);
    v.fold_all(&buf, true);
    v.to_top(&buf);
    v.search_for(&buf, "inner line").unwrap();
    assert_eq!(v.cursor(), 4);
    assert!(shown(&buf, &v).contains(&4));
    assert!(!v.is_folded(1) && !v.is_folded(3));
    assert!(v.is_folded(10), "groups not in the way stay folded");
}

#[test]
fn filter_shows_only_matching_lines() {
    let buf = buffer(SAMPLE);
    let mut v = view(&buf, 30);
    assert!(!v.set_filter(&buf, true), "no filter without a search");
    v.search_for(&buf, "tail|after|start").unwrap();
    assert!(v.set_filter(&buf, true));
    assert_eq!(shown(&buf, &v), [0, 9, 11, 12]);
    v.up(&buf, 1);
    assert_eq!(v.cursor(), 11);
    v.up(&buf, 1);
    assert_eq!(v.cursor(), 9);
    v.toggle_filter(&buf);
    assert_eq!(shown(&buf, &v).len(), 11);
    assert_eq!(v.cursor(), 9);
}

#[test]
fn filter_follows_new_matching_lines() {
    let mut buf = buffer("a 1\nb 1\n");
    let mut v = view(&buf, 30);
    v.search_for(&buf, "^a").unwrap();
    v.set_filter(&buf, true);
    v.to_bottom(&buf);
    buf.push_bytes(b"b 2\na 2\nb 3\n");
    v.sync(&buf);
    assert_eq!(shown(&buf, &v), [0, 3]);
    assert_eq!(v.cursor(), 3);
}

#[test]
fn next_error_goes_to_problems_in_order_and_wraps() {
    let buf = buffer(
        "ok\n##[warning]w\nok\nERROR boom\nok\n##[error]Process completed with exit code 1.\n",
    );
    let mut v = view(&buf, 30);
    v.to_top(&buf);
    let mut seen = Vec::new();
    for _ in 0..4 {
        assert!(v.next_error(&buf));
        seen.push(v.cursor());
    }
    assert_eq!(seen, [1, 3, 5, 1]);
    let quiet = buffer("all\nfine\n");
    let mut v = view(&quiet, 30);
    assert!(!v.next_error(&quiet));
}

#[test]
fn paging_moves_by_a_screen() {
    let text: String = (0..100).map(|i| format!("line {i}\n")).collect();
    let buf = buffer(&text);
    let mut v = view(&buf, 11); // ten rows of text
    v.to_top(&buf);
    v.page_down(&buf);
    assert_eq!(v.cursor(), 9);
    v.page_down(&buf);
    assert_eq!(v.cursor(), 18);
    assert_eq!(shown(&buf, &v).last(), Some(&18));
    v.page_up(&buf);
    assert_eq!(v.cursor(), 9);
    assert_eq!(shown(&buf, &v).first(), Some(&9));
}

#[test]
fn wrapped_lines_take_rows_and_the_cursor_stays_in_sight() {
    let long = "x".repeat(200);
    let text = format!("a\n{long}\nb\nc\nd\n");
    let buf = buffer(&text);
    let mut v = view(&buf, 5); // four rows of text, 80 wide, ~72 for text
    v.toggle_line_numbers(&buf);
    v.toggle_wrap(&buf);
    let s = screen(&buf, &v, 80, 5);
    let rows: Vec<(LineId, usize)> = s.lines.iter().map(|l| (l.id, l.rows)).collect();
    assert_eq!(rows, [(2, 1), (3, 1), (4, 1)]);
    assert_eq!(s.lines.last().map(|l| l.id), Some(4));
    let total: usize = s.lines.iter().map(|l| l.rows).sum();
    assert!(total <= 4);
    v.to_top(&buf);
    let s = screen(&buf, &v, 80, 5);
    assert_eq!(s.lines[1].id, 1);
    assert_eq!(s.lines[1].rows, 3);
}

#[test]
fn toggles_cycle() {
    let buf = buffer(SAMPLE);
    let mut v = view(&buf, 30);
    let mut modes = vec![v.time_mode()];
    for _ in 0..4 {
        v.cycle_time(&buf);
        modes.push(v.time_mode());
    }
    use TimeMode::*;
    assert_eq!(modes, [Utc, Local, Relative, Off, Utc]);
    v.toggle_wrap(&buf);
    assert!(v.wrapping());
    v.scroll_right();
    assert_eq!(v.hscroll(), 0, "no sideways scroll while wrapping");
    v.toggle_wrap(&buf);
    v.scroll_right();
    v.scroll_right();
    v.scroll_left();
    assert_eq!(v.hscroll(), 8);
}

#[test]
fn selection_copies_the_shown_lines() {
    let buf = buffer(SAMPLE);
    let mut v = view(&buf, 30);
    v.to_top(&buf);
    assert_eq!(v.selection_text(&buf, 1_000), "start");
    v.down(&buf, 1);
    v.start_selection(&buf);
    v.down(&buf, 5);
    assert_eq!(v.selection(), Some((1, 8)));
    assert_eq!(
        v.selection_text(&buf, 1_000),
        "Build\ncompile a\nInner\ninner line\ncompile b\nslow"
    );
    assert_eq!(v.selection_text(&buf, 12), "Build\ncompil");
    v.clear_selection();
    assert_eq!(v.selection(), None);
}

#[test]
fn dropped_lines_take_the_cursor_and_search_with_them() {
    let mut buf = LogBuffer::new(Limits::lines(10));
    buf.push_bytes(b"hit 0\nx\nx\nx\nx\n");
    let mut v = view(&buf, 30);
    v.search_for(&buf, "hit").unwrap();
    v.to_top(&buf);
    for i in 0..20 {
        buf.push_bytes(format!("hit {}\n", i + 1).as_bytes());
    }
    v.sync(&buf);
    assert_eq!(buf.first(), 15);
    assert_eq!(v.cursor(), 15);
    let m = v.search().unwrap().matches();
    assert_eq!(m.first(), Some(&15));
    assert_eq!(m.len(), 10);
}

#[test]
fn a_byte_pattern_hitting_inside_a_character_is_widened() {
    use crate::logs::Matcher;
    use crate::logs::display::{Paint, pieces};
    let buf = buffer("tick ✓ done\n");
    // The middle byte of ✓ (E2 9C 93).
    let m = Matcher::new(r"(?-u)\x9c").unwrap();
    assert_eq!(buf.matches(&m, 0, 1), [0]);
    let line = buf.line(0).unwrap();
    let got = pieces(&line, "".into(), Some(&m), false);
    let hits: Vec<&str> = got
        .iter()
        .filter(|p| p.paint == Paint::Match)
        .map(|p| p.text.as_ref())
        .collect();
    assert_eq!(hits, ["✓"]);
    let mut v = view(&buf, 10);
    v.to_top(&buf);
    v.search_for(&buf, r"(?-u)\x9c").unwrap();
    assert_eq!(v.cursor(), 0);
}
