//! What a line looks like on screen, before any theme: the gutter's columns, the pieces of text
//! (a label, the line's own colours, search hits, a truncation note) and how they fall into rows
//! (wrapped, or cut at a horizontal scroll). The viewer paints these; the view's scrolling counts
//! rows with the same code, so the two always agree.

use std::borrow::Cow;

use ratatui::style::Style;
use unicode_width::UnicodeWidthChar;

use super::LogBuffer;
use super::buffer::{LineRef, floor_boundary};
use super::parse::Marker;
use super::search::Matcher;
use super::view::{LogView, TimeMode};
use crate::theme::Symbols;

/// At most this much of a line is laid out: a 10 MB line costs no more to draw than a short one.
pub const DISPLAY_BYTES: usize = 16 * 1024;
/// Tab stops, counted from the start of the text.
pub const TAB: usize = 8;
/// The widget's last row is its status line.
pub const STATUS_ROWS: u16 = 1;
/// A source tag column wider than this is cut.
const MAX_TAG: usize = 24;

/// How a piece is to be painted; the viewer maps these to the theme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Paint {
    /// The line's text with its own SGR style (laid over the line's base style).
    Text(Style),
    /// A marker's label (`Error: `) or a group's fold sign.
    Label,
    /// The note that a line was cut for display.
    Truncated,
    /// A search hit, and the hit on the cursor's line.
    Match,
    CurrentMatch,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Piece<'a> {
    pub text: Cow<'a, str>,
    pub paint: Paint,
}

/// Widths of the gutter's columns (each including the space after it) and of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Columns {
    pub number: u16,
    pub time: u16,
    pub tag: u16,
    pub text: u16,
}

/// The columns for a buffer and view in `width` cells.
pub fn columns(buf: &LogBuffer, view: &LogView, width: u16) -> Columns {
    let number = if view.line_numbers() {
        digits(buf.end().max(1)) + 1
    } else {
        0
    };
    let time = match (buf.has_timestamps(), view.time_mode()) {
        (false, _) | (_, TimeMode::Off) => 0,
        (_, TimeMode::Relative) => 10,
        _ => 9,
    };
    let tag = (0..buf.tag_count())
        .filter_map(|t| buf.tag_name(t as u16))
        .map(|n| n.chars().count().min(MAX_TAG) as u16 + 1)
        .max()
        .unwrap_or(0);
    // The text keeps at least a quarter of the width: narrow panes drop gutter columns.
    let mut cols = Columns {
        number,
        time,
        tag,
        text: 0,
    };
    for drop in [2, 1, 0] {
        if cols.number + cols.time + cols.tag <= width.saturating_mul(3) / 4 {
            break;
        }
        match drop {
            2 => cols.tag = 0,
            1 => cols.time = 0,
            _ => cols.number = 0,
        }
    }
    cols.text = width.saturating_sub(cols.number + cols.time + cols.tag);
    cols
}

fn digits(mut n: u64) -> u16 {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

/// The rows of text the widget has for lines (its area less the status line).
pub fn text_rows(height: u16) -> u16 {
    height.saturating_sub(STATUS_ROWS)
}

/// The label before a line's text: a fold sign for group headers, a word for markers.
pub fn label(line: &LineRef<'_>, folded: bool, symbols: &Symbols) -> Cow<'static, str> {
    match line.marker {
        Marker::Group if folded => format!("{} ", symbols.collapsed).into(),
        Marker::Group => format!("{} ", symbols.expanded).into(),
        other => other.label().into(),
    }
}

/// A line cut into painted pieces: label, a note if the line is longer than what is shown, then
/// the text (its first [`DISPLAY_BYTES`]) split at colour changes and search hits.
pub fn pieces<'a>(
    line: &LineRef<'a>,
    label: Cow<'a, str>,
    matcher: Option<&Matcher>,
    current: bool,
) -> Vec<Piece<'a>> {
    let mut out = Vec::new();
    let hit = if current {
        Paint::CurrentMatch
    } else {
        Paint::Match
    };
    if !label.is_empty() {
        // A marker's word is searched with the text (see `Marker::label`).
        let word = line.marker.label();
        let in_label = !word.is_empty()
            && matcher.is_some_and(|m| {
                let mut whole = word.as_bytes().to_vec();
                whole.extend_from_slice(&line.bytes[..floor_boundary(line.bytes, 256)]);
                m.ranges(&whole).any(|(a, _)| a < word.len())
            });
        out.push(Piece {
            text: label,
            paint: if in_label { hit } else { Paint::Label },
        });
    }
    let shown = floor_boundary(line.bytes, DISPLAY_BYTES);
    let text = line.text_prefix(shown);
    let hidden = line.bytes.len() - shown;
    if hidden > 0 || line.cut {
        // First, not last: the end of a long line is off screen, wrapped or not.
        let more = if line.cut { "more than " } else { "" };
        out.push(Piece {
            text: format!(
                "[{more}{} line, {} shown] ",
                size(line.bytes.len()),
                size(shown)
            )
            .into(),
            paint: Paint::Truncated,
        });
    }
    // A byte-level pattern (`(?-u)`) may hit inside a character: widen hits to whole ones.
    let bytes = text.as_bytes();
    let hits: Vec<(usize, usize)> = matcher
        .map(|m| {
            m.ranges(bytes)
                .map(|(a, b)| (floor_boundary(bytes, a), ceil_boundary(bytes, b)))
                .collect()
        })
        .unwrap_or_default();
    // Cut points: where a run starts, where a hit starts or ends.
    let mut cuts: Vec<usize> = line
        .runs
        .iter()
        .map(|(at, _)| *at as usize)
        .chain(hits.iter().flat_map(|(a, b)| [*a, *b]))
        .filter(|at| *at < text.len())
        .collect();
    cuts.push(0);
    cuts.push(text.len());
    cuts.sort_unstable();
    cuts.dedup();
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let paint = if hits.iter().any(|(s, e)| *s <= a && b <= *e) {
            if current {
                Paint::CurrentMatch
            } else {
                Paint::Match
            }
        } else {
            let at = line.runs.partition_point(|(at, _)| (*at as usize) <= a);
            Paint::Text(
                at.checked_sub(1)
                    .map_or(Style::default(), |i| line.runs[i].1),
            )
        };
        out.push(Piece {
            text: slice(&text, a, b),
            paint,
        });
    }
    out
}

/// The smallest index `>= at` that does not split a UTF-8 character.
pub(super) fn ceil_boundary(bytes: &[u8], at: usize) -> usize {
    let mut at = at.min(bytes.len());
    while at < bytes.len() && (bytes[at] & 0xc0) == 0x80 {
        at += 1;
    }
    at
}

fn slice<'a>(text: &Cow<'a, str>, a: usize, b: usize) -> Cow<'a, str> {
    match text {
        Cow::Borrowed(s) => Cow::Borrowed(&s[a..b]),
        Cow::Owned(s) => Cow::Owned(s[a..b].to_owned()),
    }
}

/// A byte count as people read it.
pub fn size(bytes: usize) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / (1 << 20) as f64),
        b if b >= 1 << 10 => format!("{:.1} KB", b as f64 / (1 << 10) as f64),
        b => format!("{b} B"),
    }
}

/// One screen row of a line: `(text, index of the piece it came from)`.
pub type RowPieces = Vec<(String, usize)>;

/// Lays pieces into rows `width` wide: wrapped, or one row starting `skip` columns in. Tabs
/// become spaces to the next stop; a wide character that would straddle the edge moves down.
pub fn rows(pieces: &[Piece<'_>], width: u16, wrap: bool, skip: usize) -> Vec<RowPieces> {
    let mut out = Rows {
        rows: vec![Vec::new()],
        col: 0,
        row_col: 0,
        width: usize::from(width.max(1)),
        wrap,
        skip,
    };
    for (index, piece) in pieces.iter().enumerate() {
        for c in piece.text.chars() {
            if c == '\t' {
                for _ in 0..TAB - out.col % TAB {
                    out.place(' ', 1, index);
                }
            } else {
                out.place(c, c.width().unwrap_or(0), index);
            }
        }
        if !wrap && out.col > skip + out.width {
            break;
        }
    }
    out.rows
}

struct Rows {
    rows: Vec<RowPieces>,
    /// Column in the whole text, and in the current row.
    col: usize,
    row_col: usize,
    width: usize,
    wrap: bool,
    skip: usize,
}

impl Rows {
    fn place(&mut self, c: char, w: usize, index: usize) {
        let start = self.col;
        self.col += w;
        if !self.wrap {
            // Left of the scroll position, or past the edge: not on screen.
            if start < self.skip || self.col - self.skip > self.width {
                return;
            }
        } else if self.row_col + w > self.width && self.row_col > 0 {
            self.rows.push(Vec::new());
            self.row_col = 0;
        }
        self.row_col += w;
        let Some(row) = self.rows.last_mut() else {
            return;
        };
        match row.last_mut() {
            Some((text, i)) if *i == index => text.push(c),
            _ => row.push((c.to_string(), index)),
        }
    }
}

/// Rows a line takes at this width (1 unless wrapping).
pub fn row_count(pieces: &[Piece<'_>], width: u16, wrap: bool) -> usize {
    if !wrap {
        return 1;
    }
    rows(pieces, width, true, 0).len().max(1)
}
