//! Which lines fill the screen: from the stored top, moved just enough to keep the cursor in
//! sight, or counted back from the end when following. Only the lines on screen (and, at most,
//! one screen's worth above the cursor) are ever measured.

use super::display::{self, Columns};
use super::{LineId, LogBuffer, LogView};

/// A line on screen and how many rows of it fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    pub id: LineId,
    pub rows: usize,
}

/// What the widget draws in an area `width` x `height` (status line included).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Screen {
    pub columns: Columns,
    pub lines: Vec<Shown>,
}

/// Lays out the screen for `view` over `buf`.
pub fn screen(buf: &LogBuffer, view: &LogView, width: u16, height: u16) -> Screen {
    let columns = display::columns(buf, view, width);
    let rows = usize::from(display::text_rows(height));
    let mut lines = Vec::new();
    let nav = view.nav(buf);
    let mut next = fit_top(buf, view, width, height);
    let mut used = 0;
    while let Some(id) = next {
        if used >= rows {
            break;
        }
        let n = line_rows(buf, view, id, columns.text).min(rows - used);
        lines.push(Shown { id, rows: n });
        used += n;
        next = nav.next(id);
    }
    Screen { columns, lines }
}

/// Rows one line takes in the text column.
pub(super) fn line_rows(buf: &LogBuffer, view: &LogView, id: LineId, width: u16) -> usize {
    if !view.wrap {
        return 1;
    }
    let Some(line) = buf.line(id) else {
        return 1;
    };
    let label = display::label(&line, view.folded.contains(&id), &view.symbols);
    let pieces = display::pieces(&line, label, None, false);
    display::row_count(&pieces, width, true)
}

/// The first line on screen: the stored top if the cursor is then in sight, else the nearest
/// top that shows it; the top that shows the last line at the bottom when following.
pub(super) fn fit_top(buf: &LogBuffer, view: &LogView, width: u16, height: u16) -> Option<LineId> {
    let nav = view.nav(buf);
    let text = display::columns(buf, view, width).text;
    let rows = usize::from(display::text_rows(height)).max(1);
    let cursor = if view.follow {
        nav.last()?
    } else {
        nav.normalize(view.cursor)?
    };
    let bottom_up = |last: LineId| {
        let mut top = last;
        let mut used = line_rows(buf, view, last, text);
        while let Some(prev) = nav.prev(top) {
            used += line_rows(buf, view, prev, text);
            if used > rows {
                break;
            }
            top = prev;
        }
        top
    };
    if view.follow {
        return Some(bottom_up(cursor));
    }
    let top = nav.normalize(view.top).unwrap_or(cursor);
    if cursor <= top {
        return Some(cursor);
    }
    // Count rows from the top to the cursor, giving up as soon as they overflow the screen.
    let mut used = 0;
    let mut id = top;
    loop {
        used += line_rows(buf, view, id, text);
        if used > rows {
            return Some(bottom_up(cursor));
        }
        if id >= cursor {
            return Some(top);
        }
        match nav.next(id) {
            Some(next) => id = next,
            None => return Some(top),
        }
    }
}
