//! The log viewer widget: draws the lines of a `LogBuffer` that a `LogView` puts on screen, with
//! a gutter (line numbers, times, source tags) and a status line. It lays out only the lines on
//! screen, so a frame costs the same at a million lines as at a thousand. Reads, never writes.

use chrono::DateTime;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::logs::display::{self, Columns, Paint};
use crate::logs::layout::{self, Shown};
use crate::logs::{Level, LineRef, LogBuffer, LogView, Marker, TimeMode, level};
use crate::sanitize::clean;
use crate::theme::Theme;

/// The widget: a buffer, the view over it and the theme.
pub struct LogViewer<'a> {
    pub buf: &'a LogBuffer,
    pub view: &'a LogView,
    pub theme: &'a Theme,
}

/// Draws the viewer into `area` (its last row is the status line).
pub fn render(frame: &mut Frame, area: Rect, buf: &LogBuffer, view: &LogView, theme: &Theme) {
    frame.render_widget(LogViewer { buf, view, theme }, area);
}

impl Widget for LogViewer<'_> {
    fn render(self, area: Rect, out: &mut Buffer) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let screen = layout::screen(self.buf, self.view, area.width, area.height);
        let mut y = area.y;
        for shown in &screen.lines {
            self.draw_line(out, area, y, *shown, screen.columns);
            y += shown.rows as u16;
        }
        if self.buf.is_empty() && display::text_rows(area.height) > 0 {
            let note = Line::styled("No log lines yet.", self.theme.muted);
            out.set_line(area.x, area.y, &note, area.width);
        }
        if area.height > display::text_rows(area.height) {
            let status = self.status_line(&screen.lines);
            let row = area.y + area.height - 1;
            out.set_style(Rect::new(area.x, row, area.width, 1), self.theme.status_bar);
            out.set_line(area.x, row, &status, area.width);
        }
    }
}

impl LogViewer<'_> {
    fn draw_line(&self, out: &mut Buffer, area: Rect, y: u16, shown: Shown, cols: Columns) {
        let Some(line) = self.buf.line(shown.id) else {
            return;
        };
        let theme = self.theme;
        let view = self.view;
        let base = self.base_style(&line);
        let cursor = !view.following() && shown.id == view.cursor();
        let selected = view
            .selection()
            .is_some_and(|(a, b)| (a..=b).contains(&shown.id));
        let row_style = if selected {
            theme.selected
        } else if cursor {
            theme.selected_inactive
        } else {
            Style::default()
        };
        let width = area.width;
        out.set_style(Rect::new(area.x, y, width, shown.rows as u16), row_style);

        // The gutter, on the line's first row.
        let mut x = area.x;
        if cols.number > 0 {
            let n = format!("{:>w$} ", shown.id + 1, w = usize::from(cols.number - 1));
            out.set_stringn(
                x,
                y,
                n,
                usize::from(cols.number),
                theme.log_line_number.patch(row_style),
            );
            x += cols.number;
        }
        if cols.time > 0 {
            let t = line.timestamp.map(|ts| self.time(ts)).unwrap_or_default();
            let t = format!("{t:<w$} ", w = usize::from(cols.time - 1));
            out.set_stringn(
                x,
                y,
                t,
                usize::from(cols.time),
                theme.log_timestamp.patch(row_style),
            );
            x += cols.time;
        }
        if cols.tag > 0 {
            if let Some(tag) = line.tag {
                let name = self.buf.tag_name(tag).unwrap_or("?");
                out.set_stringn(
                    x,
                    y,
                    name,
                    usize::from(cols.tag - 1),
                    self.tag_style(tag).patch(row_style),
                );
            }
            x += cols.tag;
        }

        let symbols = view.symbols();
        let label = display::label(&line, view.is_folded(shown.id), symbols);
        let matcher = view.search().map(|s| &s.matcher);
        let pieces = display::pieces(&line, label, matcher, cursor);
        let rows = display::rows(&pieces, cols.text, view.wrapping(), view.hscroll());
        for (r, row) in rows.iter().take(shown.rows).enumerate() {
            let spans: Vec<Span> = row
                .iter()
                .map(|(text, i)| {
                    let style = match pieces[*i].paint {
                        Paint::Text(own) if view.colors() => base.patch(own),
                        Paint::Text(_) | Paint::Label => base,
                        Paint::Truncated => theme.muted,
                        Paint::Match => theme.search_match,
                        Paint::CurrentMatch => theme.search_match_current,
                    };
                    Span::styled(text.as_str(), style)
                })
                .collect();
            let line = Line::from(spans).patch_style(row_style_for_text(row_style));
            out.set_line(x, y + r as u16, &line, cols.text);
        }
    }

    /// The line's colour before its own: by marker, else by the level its words suggest.
    fn base_style(&self, line: &LineRef<'_>) -> Style {
        let t = self.theme;
        match line.marker {
            Marker::Group => t.log_group,
            Marker::Command => t.log_command,
            Marker::Notice => t.info,
            Marker::Debug => t.muted,
            Marker::Section => t.title,
            _ => match level(
                line.marker,
                &line.bytes[..line.bytes.len().min(display::DISPLAY_BYTES)],
            ) {
                Level::Error => t.log_error,
                Level::Warning => t.log_warning,
                Level::None => t.text,
            },
        }
    }

    fn tag_style(&self, tag: u16) -> Style {
        let t = self.theme;
        let palette = [t.info, t.pass, t.waiting, t.sha, t.log_command, t.log_group];
        palette[usize::from(tag) % palette.len()]
    }

    fn time(&self, nanos: i64) -> String {
        let time = DateTime::from_timestamp_nanos(nanos);
        match self.view.time_mode() {
            TimeMode::Utc => time.format("%H:%M:%S").to_string(),
            TimeMode::Local => time
                .with_timezone(&self.view.local_offset())
                .format("%H:%M:%S")
                .to_string(),
            TimeMode::Relative => {
                let origin = self.buf.origin().unwrap_or(nanos);
                let d = (nanos - origin) / 1_000_000_000;
                let sign = if d < 0 { '-' } else { '+' };
                let d = d.unsigned_abs();
                format!("{sign}{:02}:{:02}:{:02}", d / 3600, d / 60 % 60, d % 60)
            }
            TimeMode::Off => String::new(),
        }
    }

    fn status_line(&self, shown: &[Shown]) -> Line<'static> {
        let t = self.theme;
        let view = self.view;
        let buf = self.buf;
        let symbols = view.symbols();
        let sep = Span::styled(
            format!(" {} ", symbols.separator),
            t.status_bar.patch(t.muted),
        );
        let mut parts: Vec<Vec<Span<'static>>> = Vec::new();
        if view.following() {
            parts.push(vec![Span::styled(
                format!("{} following", symbols.running),
                t.status_bar.patch(t.running),
            )]);
        } else {
            let last_shown = shown.last().map_or(0, |s| s.id + 1);
            let below = buf.end().saturating_sub(last_shown);
            let mut p = vec![Span::styled(
                format!("{} paused", symbols.waiting),
                t.status_bar.patch(t.waiting),
            )];
            if below > 0 {
                p.push(Span::raw(format!(
                    " +{} below (f follows)",
                    thousands(below)
                )));
            }
            parts.push(p);
        }
        let line_no = if buf.is_empty() { 0 } else { view.cursor() + 1 };
        parts.push(vec![Span::raw(format!(
            "line {} of {}",
            thousands(line_no),
            thousands(buf.end())
        ))]);
        if buf.dropped() > 0 {
            parts.push(vec![Span::styled(
                format!("{} earlier dropped", thousands(buf.dropped())),
                t.status_bar.patch(t.warning),
            )]);
        }
        if let Some(search) = view.search() {
            let m = search.matches();
            let pattern = clean(search.matcher.pattern());
            let count = match m.binary_search(&view.cursor()) {
                _ if m.is_empty() => "no match".to_owned(),
                Ok(i) if !view.following() => format!(
                    "{} of {}",
                    thousands(i as u64 + 1),
                    thousands(m.len() as u64)
                ),
                _ => format!("{} matching", thousands(m.len() as u64)),
            };
            let mode = if view.filtering() { "filter" } else { "search" };
            parts.push(vec![Span::raw(format!("{mode} /{pattern}/ {count}"))]);
        }
        let time = match view.time_mode() {
            _ if !buf.has_timestamps() => None,
            TimeMode::Utc => Some("UTC".to_owned()),
            TimeMode::Local => Some(format!("local {}", view.local_offset())),
            TimeMode::Relative => Some("relative".to_owned()),
            TimeMode::Off => None,
        };
        parts.extend(time.map(|t| vec![Span::raw(t)]));
        if view.wrapping() {
            parts.push(vec![Span::raw("wrap")]);
        } else if view.hscroll() > 0 {
            parts.push(vec![Span::raw(format!("col {}", view.hscroll() + 1))]);
        }
        let mut spans = vec![Span::raw(" ")];
        for (i, part) in parts.into_iter().enumerate() {
            if i > 0 {
                spans.push(sep.clone());
            }
            spans.extend(part);
        }
        Line::from(spans).style(t.status_bar)
    }
}

/// The row's highlight lies under the text's own colours: only its background carries over.
fn row_style_for_text(row: Style) -> Style {
    Style {
        bg: row.bg,
        add_modifier: row.add_modifier,
        ..Style::default()
    }
}

/// 1234567 as "1,234,567".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
