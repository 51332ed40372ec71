//! The header (where gantry points, GitHub quota, read-only badge, clock) and the screen tab strip.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::app::{Screen, State};
use crate::sanitize::clean;
use crate::theme::Theme;

pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let mut left = vec![Span::styled(" gantry ", theme.title.patch(theme.header))];
    let ctx = &state.settings.context;
    // Which of several repositories this is; `[` and `]` switch.
    let of = if state.repos.len() > 1 {
        format!(" {}/{}", state.repos.selected() + 1, state.repos.len())
    } else {
        String::new()
    };
    for part in [
        ctx.repo.as_deref().map(|r| format!("{}{of}", clean(r))),
        ctx.branch.as_deref().map(clean),
        ctx.cluster.as_deref().map(|c| format!("ctx:{}", clean(c))),
    ]
    .into_iter()
    .flatten()
    {
        left.push(Span::styled(format!(" {part} "), theme.header));
    }

    let mut right: Vec<Span> = Vec::new();
    if let Some(q) = state.github.data.as_ref().map(|d| d.quota) {
        right.push(Span::styled(
            format!(
                " quota {}/{} (304: {}) ",
                q.remaining, q.limit, q.not_modified
            ),
            theme.header,
        ));
    }
    if state.read_only() {
        right.push(Span::styled(" READ-ONLY ", theme.badge_read_only));
    }
    right.push(Span::styled(
        format!(" {} UTC ", state.now.format("%H:%M")),
        theme.header,
    ));

    // Keep the right side (badge and clock matter most); drop what does not fit, left side first.
    let width = area.width as usize;
    while spans_width(&right) > width && right.len() > 1 {
        right.remove(0);
    }
    let room = width.saturating_sub(spans_width(&right));
    while spans_width(&left) > room && left.len() > 1 {
        left.pop();
    }
    let pad = room.saturating_sub(spans_width(&left));
    let mut spans = left;
    spans.push(Span::styled(" ".repeat(pad), theme.header));
    spans.extend(right);
    frame.render_widget(Paragraph::new(Line::from(spans)).style(theme.header), area);
}

fn spans_width(spans: &[Span]) -> usize {
    spans.iter().map(|s| s.content.width()).sum()
}

pub fn render_tabs(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let mut spans = Vec::new();
    for (i, screen) in Screen::ALL.iter().enumerate() {
        let style: Style = if *screen == state.screen {
            theme.selected
        } else {
            theme.muted
        };
        spans.push(Span::styled(
            format!(" {} {} ", i + 1, screen.title()),
            style,
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
