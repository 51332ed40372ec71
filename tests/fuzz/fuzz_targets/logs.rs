//! Log and escape parsing under arbitrary bytes: the buffer (split into blocks of any size), the
//! sanitiser, a search checked against matching each line alone, the view's operations and a
//! rendered frame. Nothing may panic, and no control character may reach a cell.
//!
//! Input: [block size][pattern length][pattern][log bytes].

#![no_main]

use gantry_fuzz::logs::{Limits, LogBuffer, LogView, Matcher};
use gantry_fuzz::sanitize::{clean, styled};
use gantry_fuzz::theme::Theme;
use gantry_fuzz::ui::logview::LogViewer;
use libfuzzer_sys::fuzz_target;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

fn no_controls(text: &str) -> bool {
    !text.chars().any(|c| c.is_control() && c != '\t')
}

fuzz_target!(|data: &[u8]| {
    let [block, plen, rest @ ..] = data else {
        return;
    };
    let plen = usize::from(*plen % 16).min(rest.len());
    let (pattern, log) = rest.split_at(plen);

    // The sanitiser alone.
    let s = styled(log);
    assert!(no_controls(&s.text));
    let mut last = 0;
    for (at, _) in &s.runs {
        assert!(*at >= last && *at < s.text.len() && s.text.is_char_boundary(*at));
        last = *at;
    }
    assert!(
        !clean(&String::from_utf8_lossy(log))
            .chars()
            .any(char::is_control)
    );

    // The buffer, fed in blocks of any size, with small caps so they are exercised.
    let mut buf = LogBuffer::new(Limits {
        max_lines: 50,
        max_bytes: 1 << 14,
        max_line_bytes: 3_000,
    });
    for part in log.chunks(usize::from(*block).max(1)) {
        buf.push_bytes(part);
    }
    buf.finish();
    assert!(buf.len() <= 50);
    for id in buf.first()..buf.end() {
        let line = buf.line(id).expect("held line");
        let text = std::str::from_utf8(line.bytes).expect("valid UTF-8");
        assert!(no_controls(text));
        assert!(line.bytes.len() <= 3_000);
        for (at, _) in line.runs {
            assert!(text.is_char_boundary(*at as usize));
        }
    }

    // Search over chunks agrees with matching each line alone (text, or marker word and text).
    let pattern = String::from_utf8_lossy(pattern);
    let matcher = Matcher::new(&pattern).ok();
    if let Some(m) = &matcher {
        let fast = buf.matches(m, buf.first(), buf.end());
        let slow: Vec<u64> = (buf.first()..buf.end())
            .filter(|id| {
                let line = buf.line(*id).expect("held line");
                let word = line.marker.label();
                m.is_match(line.bytes)
                    || (!word.is_empty() && m.is_match(&[word.as_bytes(), line.bytes].concat()))
            })
            .collect();
        assert_eq!(fast, slow, "pattern {pattern:?}");
    }

    // The view's operations, then a frame.
    let mut view = LogView::new();
    view.set_viewport(&buf, 40, 8);
    view.sync(&buf);
    view.fold_all(&buf, true);
    view.to_top(&buf);
    view.down(&buf, 3);
    view.toggle_fold(&buf);
    view.next_error(&buf);
    if matcher.is_some() {
        let _ = view.search_for(&buf, &pattern);
        view.toggle_filter(&buf);
        view.next_match(&buf);
    }
    view.toggle_wrap(&buf);
    view.page_down(&buf);
    view.start_selection(&buf);
    view.up(&buf, 2);
    let _ = view.selection_text(&buf, 1 << 12);
    view.cycle_time(&buf);
    let theme = Theme::default();
    for (w, h) in [(40, 8), (7, 3)] {
        view.set_viewport(&buf, w, h);
        let area = Rect::new(0, 0, w, h);
        let mut out = Buffer::empty(area);
        LogViewer {
            buf: &buf,
            view: &view,
            theme: &theme,
        }
        .render(area, &mut out);
        for cell in out.content() {
            assert!(!cell.symbol().chars().any(char::is_control));
        }
    }
});
