//! What the keys do to a view: pure operations on `LogView` given the buffer, each leaving the
//! cursor on a shown line and the top where the cursor can be seen. A unit test is an operation
//! and an assert.

use unicode_width::UnicodeWidthStr;

use super::buffer::floor_boundary;
use super::display;
use super::layout;
use super::search::{Level, Matcher, level};
use super::view::Search;
use super::{LineId, LogBuffer, LogView};

/// Columns `h` / `l` scroll by when not wrapping.
const HSCROLL_STEP: usize = 8;

impl LogView {
    /// The widget's area (status line included), for paging and keeping the cursor in sight.
    pub fn set_viewport(&mut self, buf: &LogBuffer, width: u16, height: u16) {
        self.viewport = (width, height);
        self.settle(buf);
    }

    /// Catches up with the buffer after lines arrived or were dropped: extends the search to the
    /// new lines, forgets what was dropped, and keeps following the end if following.
    pub fn sync(&mut self, buf: &LogBuffer) {
        let first = buf.first();
        if let Some(search) = &mut self.search {
            let stale = search.matches.partition_point(|m| *m < first);
            search.matches.drain(..stale);
            let from = search.scanned.max(first);
            if from < buf.end() {
                let new = buf.matches(&search.matcher, from, buf.end());
                search.matches.extend(new);
            }
            search.scanned = buf.end();
        }
        self.folded.retain(|h| *h >= first);
        if let Some(anchor) = &mut self.anchor {
            *anchor = (*anchor).max(first);
        }
        self.cursor = self.cursor.max(first);
        self.settle(buf);
    }

    /// Puts the cursor on a shown line (the last when following) and the top where it shows.
    fn settle(&mut self, buf: &LogBuffer) {
        let nav = self.nav(buf);
        let cursor = if self.follow {
            nav.last()
        } else {
            nav.normalize(self.cursor)
        };
        if let Some(cursor) = cursor {
            self.cursor = cursor;
        }
        let (w, h) = self.viewport;
        if let Some(top) = layout::fit_top(buf, self, w, h) {
            self.top = top;
        }
    }

    /// Stops following, leaving the cursor on the last line.
    fn pause(&mut self, buf: &LogBuffer) {
        if self.follow {
            self.follow = false;
            if let Some(last) = self.nav(buf).last() {
                self.cursor = last;
            }
        }
    }

    fn page(&self) -> usize {
        usize::from(display::text_rows(self.viewport.1).saturating_sub(1)).max(1)
    }

    /// Up `n` lines; pauses following.
    pub fn up(&mut self, buf: &LogBuffer, n: usize) {
        self.pause(buf);
        let nav = self.nav(buf);
        let mut cursor = self.cursor;
        for _ in 0..n {
            match nav.prev(cursor) {
                Some(prev) => cursor = prev,
                None => break,
            }
        }
        self.cursor = cursor;
        self.settle(buf);
    }

    /// Down `n` lines. Reaching the end does not resume following: `f` or `G` does.
    pub fn down(&mut self, buf: &LogBuffer, n: usize) {
        if self.follow {
            return;
        }
        let nav = self.nav(buf);
        let mut cursor = self.cursor;
        for _ in 0..n {
            match nav.next(cursor) {
                Some(next) => cursor = next,
                None => break,
            }
        }
        self.cursor = cursor;
        self.settle(buf);
    }

    pub fn page_up(&mut self, buf: &LogBuffer) {
        self.up(buf, self.page());
    }

    pub fn page_down(&mut self, buf: &LogBuffer) {
        self.down(buf, self.page());
    }

    /// The first line; pauses following.
    pub fn to_top(&mut self, buf: &LogBuffer) {
        self.follow = false;
        if let Some(first) = self.nav(buf).first() {
            self.cursor = first;
        }
        self.settle(buf);
    }

    /// The last line, and following again.
    pub fn to_bottom(&mut self, buf: &LogBuffer) {
        self.follow = true;
        self.settle(buf);
    }

    /// `f`: resumes following (at the end), or pauses it.
    pub fn toggle_follow(&mut self, buf: &LogBuffer) {
        if self.follow {
            self.pause(buf);
        } else {
            self.follow = true;
        }
        self.settle(buf);
    }

    /// `w`: wrap long lines, or cut them and scroll sideways.
    pub fn toggle_wrap(&mut self, buf: &LogBuffer) {
        self.wrap = !self.wrap;
        self.hscroll = 0;
        self.settle(buf);
    }

    /// `t`: UTC, local, relative, none.
    pub fn cycle_time(&mut self, buf: &LogBuffer) {
        self.time = self.time.next();
        self.settle(buf);
    }

    pub fn toggle_line_numbers(&mut self, buf: &LogBuffer) {
        self.line_numbers = !self.line_numbers;
        self.settle(buf);
    }

    pub fn scroll_left(&mut self) {
        self.hscroll = self.hscroll.saturating_sub(HSCROLL_STEP);
    }

    pub fn scroll_right(&mut self) {
        if !self.wrap {
            self.hscroll = (self.hscroll + HSCROLL_STEP).min(display::DISPLAY_BYTES);
        }
    }

    /// `/`: searches every line held for `pattern` (smart case) and moves to a hit: the first at
    /// or after the cursor, or the newest when following. An empty pattern clears the search.
    pub fn search_for(&mut self, buf: &LogBuffer, pattern: &str) -> Result<(), regex::Error> {
        if pattern.is_empty() {
            self.clear_search(buf);
            return Ok(());
        }
        let matcher = Matcher::new(pattern)?;
        let matches = buf.matches(&matcher, buf.first(), buf.end());
        let target = if self.follow {
            matches.last().copied()
        } else {
            let at = matches.partition_point(|m| *m < self.cursor);
            matches.get(at).or(matches.first()).copied()
        };
        self.search = Some(Search {
            matcher,
            matches,
            scanned: buf.end(),
        });
        if let Some(target) = target {
            self.jump(buf, target);
        } else {
            self.settle(buf);
        }
        Ok(())
    }

    /// Forgets the search (and leaves filter mode).
    pub fn clear_search(&mut self, buf: &LogBuffer) {
        self.search = None;
        self.filter = false;
        self.settle(buf);
    }

    /// `n`: the next line with a hit, wrapping to the first. False if there is none.
    pub fn next_match(&mut self, buf: &LogBuffer) -> bool {
        let Some(search) = &self.search else {
            return false;
        };
        let m = &search.matches;
        let cursor = if self.follow {
            LineId::MAX
        } else {
            self.cursor
        };
        let at = m.partition_point(|x| *x <= cursor);
        let Some(target) = m.get(at).or(m.first()).copied() else {
            return false;
        };
        self.jump(buf, target);
        true
    }

    /// `N`: the previous line with a hit, wrapping to the last.
    pub fn prev_match(&mut self, buf: &LogBuffer) -> bool {
        let Some(search) = &self.search else {
            return false;
        };
        let m = &search.matches;
        let cursor = if self.follow {
            LineId::MAX
        } else {
            self.cursor
        };
        let at = m.partition_point(|x| *x < cursor);
        let Some(target) = at
            .checked_sub(1)
            .and_then(|i| m.get(i))
            .or(m.last())
            .copied()
        else {
            return false;
        };
        self.jump(buf, target);
        true
    }

    /// Filter mode: only lines that match the search show. Needs a search; false without one.
    pub fn set_filter(&mut self, buf: &LogBuffer, on: bool) -> bool {
        if self.search.is_none() {
            return false;
        }
        self.filter = on;
        self.settle(buf);
        true
    }

    pub fn toggle_filter(&mut self, buf: &LogBuffer) -> bool {
        self.set_filter(buf, !self.filter)
    }

    /// `e`: the next error or warning after the cursor, wrapping to the first. False if none.
    pub fn next_error(&mut self, buf: &LogBuffer) -> bool {
        let cursor = if self.follow { buf.end() } else { self.cursor };
        let target = match self.search.as_ref().filter(|_| self.filter) {
            // Filtered: only matching lines are candidates.
            Some(search) => {
                let at = search.matches.partition_point(|m| *m <= cursor);
                let problem = |id: &&LineId| {
                    buf.line(**id)
                        .is_some_and(|l| level(l.marker, l.bytes) >= Level::Warning)
                };
                let (earlier, later) = search.matches.split_at(at);
                later
                    .iter()
                    .find(problem)
                    .or(earlier.iter().find(problem))
                    .copied()
            }
            None => buf
                .next_problem(cursor.saturating_add(1), buf.end())
                .or_else(|| buf.next_problem(buf.first(), cursor.saturating_add(1))),
        };
        match target {
            Some(target) => {
                self.jump(buf, target);
                true
            }
            None => false,
        }
    }

    /// Moves the cursor to `target`, unfolding what hides it and scrolling sideways to a hit.
    fn jump(&mut self, buf: &LogBuffer, target: LineId) {
        self.follow = false;
        self.reveal(buf, target);
        self.cursor = target;
        self.settle(buf);
        if self.wrap {
            return;
        }
        let Some(line) = buf.line(target) else { return };
        let text = line.text_prefix(display::DISPLAY_BYTES);
        let hit = self
            .search
            .as_ref()
            .and_then(|s| s.matcher.ranges(text.as_bytes()).next());
        let Some((start, _)) = hit else {
            self.hscroll = 0;
            return;
        };
        let label = display::label(&line, false, &self.symbols);
        let start = floor_boundary(text.as_bytes(), start);
        let column = label.width() + text[..start].width();
        let width = usize::from(display::columns(buf, self, self.viewport.0).text);
        if column < self.hscroll || column >= self.hscroll + width {
            self.hscroll = column.saturating_sub(width / 3);
        }
    }

    /// Unfolds every folded group that hides `id`.
    fn reveal(&mut self, buf: &LogBuffer, id: LineId) {
        if self.folded.is_empty() {
            return;
        }
        for group in buf.groups.enclosing(id) {
            if group.header != id {
                self.folded.remove(&group.header);
            }
        }
    }

    /// `z`: unfolds the folded group under the cursor, or folds the innermost group holding the
    /// cursor and moves the cursor to its header.
    pub fn toggle_fold(&mut self, buf: &LogBuffer) {
        self.pause(buf);
        if self.folded.remove(&self.cursor) {
            self.settle(buf);
            return;
        }
        if let Some(group) = buf.groups.enclosing(self.cursor).next() {
            self.folded.insert(group.header);
            self.cursor = group.header;
        }
        self.settle(buf);
    }

    /// Folds every group, or unfolds them all.
    pub fn fold_all(&mut self, buf: &LogBuffer, folded: bool) {
        self.folded.clear();
        if folded {
            self.folded.extend(buf.groups().map(|g| g.header));
        }
        self.settle(buf);
    }

    /// Starts a selection at the cursor; moving the cursor extends it.
    pub fn start_selection(&mut self, buf: &LogBuffer) {
        self.pause(buf);
        self.anchor = Some(self.cursor);
    }

    pub fn clear_selection(&mut self) {
        self.anchor = None;
    }

    /// The text to copy: the selected lines as shown (folded lines left out), or the cursor's
    /// line without a selection. One line per line, no timestamps, at most `max_bytes`.
    pub fn selection_text(&self, buf: &LogBuffer, max_bytes: usize) -> String {
        let (from, to) = self.selection().unwrap_or((self.cursor, self.cursor));
        let nav = self.nav(buf);
        let mut out = String::new();
        let mut next = nav.forward_from(from);
        while let Some(id) = next.filter(|id| *id <= to) {
            if let Some(line) = buf.line(id) {
                if !out.is_empty() {
                    out.push('\n');
                }
                let text = line.text_prefix(max_bytes.saturating_sub(out.len()));
                out.push_str(&text);
                if text.len() < line.bytes.len() || out.len() >= max_bytes {
                    break;
                }
            }
            next = nav.next(id);
        }
        out
    }
}
