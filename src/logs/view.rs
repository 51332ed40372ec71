//! The viewer's state: where the cursor is, whether it follows new lines, the search, folds and
//! display switches. Plain data changed by the operations in `ops.rs`; the widget only reads it.

use std::collections::HashSet;

use chrono::{FixedOffset, Offset, Utc};

use super::nav::Nav;
use super::search::Matcher;
use super::{LineId, LogBuffer};
use crate::theme::Symbols;

/// How timestamps are shown (`t` cycles through them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeMode {
    #[default]
    Utc,
    /// In the offset given to [`LogView::set_local_offset`].
    Local,
    /// Since the log's first timestamp.
    Relative,
    Off,
}

impl TimeMode {
    pub fn next(self) -> TimeMode {
        match self {
            TimeMode::Utc => TimeMode::Local,
            TimeMode::Local => TimeMode::Relative,
            TimeMode::Relative => TimeMode::Off,
            TimeMode::Off => TimeMode::Utc,
        }
    }
}

/// An active search: the pattern, and every matching line held (kept up to date by `sync`).
#[derive(Debug, Clone)]
pub struct Search {
    pub matcher: Matcher,
    pub(super) matches: Vec<LineId>,
    /// Lines before this have been searched.
    pub(super) scanned: LineId,
}

impl Search {
    pub fn matches(&self) -> &[LineId] {
        &self.matches
    }
}

#[derive(Debug, Clone)]
pub struct LogView {
    pub(super) cursor: LineId,
    pub(super) top: LineId,
    pub(super) follow: bool,
    pub(super) wrap: bool,
    pub(super) time: TimeMode,
    pub(super) local: FixedOffset,
    pub(super) line_numbers: bool,
    pub(super) colors: bool,
    /// Columns scrolled right when not wrapping.
    pub(super) hscroll: usize,
    pub(super) search: Option<Search>,
    pub(super) filter: bool,
    /// Headers of folded groups.
    pub(super) folded: HashSet<LineId>,
    /// Where a selection started; it runs to the cursor.
    pub(super) anchor: Option<LineId>,
    /// The widget's area (status line included), for paging and keeping the cursor in view.
    pub(super) viewport: (u16, u16),
    pub(super) symbols: Symbols,
}

impl Default for LogView {
    fn default() -> Self {
        LogView {
            cursor: 0,
            top: 0,
            follow: true,
            wrap: false,
            time: TimeMode::Utc,
            local: Utc.fix(),
            line_numbers: true,
            colors: true,
            hscroll: 0,
            search: None,
            filter: false,
            folded: HashSet::new(),
            anchor: None,
            viewport: (80, 24),
            symbols: Symbols::UNICODE,
        }
    }
}

impl LogView {
    /// A view that follows the end of the log, as when a log is first opened.
    pub fn new() -> LogView {
        LogView::default()
    }

    pub fn cursor(&self) -> LineId {
        self.cursor
    }

    /// The first line shown when the view was last scrolled (the widget keeps the cursor in
    /// sight even if the area changed since).
    pub fn top(&self) -> LineId {
        self.top
    }

    pub fn following(&self) -> bool {
        self.follow
    }

    pub fn wrapping(&self) -> bool {
        self.wrap
    }

    pub fn time_mode(&self) -> TimeMode {
        self.time
    }

    pub fn local_offset(&self) -> FixedOffset {
        self.local
    }

    pub fn line_numbers(&self) -> bool {
        self.line_numbers
    }

    /// Whether the log's own SGR colours are drawn (off for `NO_COLOR`).
    pub fn colors(&self) -> bool {
        self.colors
    }

    pub fn hscroll(&self) -> usize {
        self.hscroll
    }

    pub fn search(&self) -> Option<&Search> {
        self.search.as_ref()
    }

    pub fn filtering(&self) -> bool {
        self.filter && self.search.is_some()
    }

    pub fn is_folded(&self, header: LineId) -> bool {
        self.folded.contains(&header)
    }

    pub fn viewport(&self) -> (u16, u16) {
        self.viewport
    }

    /// The selected lines (anchor to cursor, in order), if a selection was started.
    pub fn selection(&self) -> Option<(LineId, LineId)> {
        let anchor = self.anchor?;
        Some((anchor.min(self.cursor), anchor.max(self.cursor)))
    }

    /// Where local times are shown (the app passes the machine's offset at start).
    pub fn set_local_offset(&mut self, offset: FixedOffset) {
        self.local = offset;
    }

    /// The glyphs for fold signs and truncation (ASCII on terminals without Unicode).
    pub fn set_symbols(&mut self, symbols: Symbols) {
        self.symbols = symbols;
    }

    pub fn symbols(&self) -> &Symbols {
        &self.symbols
    }

    pub fn set_colors(&mut self, on: bool) {
        self.colors = on;
    }

    pub fn set_time_mode(&mut self, mode: TimeMode) {
        self.time = mode;
    }

    /// Line navigation as the view shows it now.
    pub(super) fn nav<'a>(&'a self, buf: &'a LogBuffer) -> Nav<'a> {
        let only = match &self.search {
            Some(search) if self.filter => Some(search.matches.as_slice()),
            _ => None,
        };
        Nav::new(buf, &self.folded, only)
    }
}
