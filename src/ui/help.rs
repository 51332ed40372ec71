//! The help overlay, generated from the keymap so it always tells the truth about the bindings.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::app::State;
use crate::keymap::Mode;
use crate::sanitize::clean;
use crate::theme::Theme;

const KEY_COLUMN: usize = 14;

pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme, scroll: u16) {
    let lines = lines(state, theme);
    // Wide terminals get two columns so everything shows without scrolling.
    let wide = Rect {
        x: area.x.saturating_sub(40),
        width: (area.width + 80).min(frame.area().width),
        ..area
    };
    if wide.width >= 150 && lines.len() > area.height.saturating_sub(2) as usize {
        return render_columns(frame, wide, lines, theme);
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dialog_border)
        .title(Span::styled(
            " Help: keys (j/k scroll, Esc closes) ",
            theme.title,
        ));
    let inner_height = block.inner(area).height as usize;
    // Clamp here rather than in update: how far one can scroll depends on the size drawn.
    let max = lines.len().saturating_sub(inner_height);
    let scroll = (scroll as usize).min(max) as u16;
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .style(theme.dialog)
            .scroll((scroll, 0)),
        area,
    );
}

fn render_columns(frame: &mut Frame, area: Rect, mut left: Vec<Line<'static>>, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dialog_border)
        .title(Span::styled(" Help: keys (Esc closes) ", theme.title));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block.style(theme.dialog), area);
    // Break at the section heading nearest the middle, on either side of it.
    let half = left.len() / 2;
    let split = (0..left.len())
        .filter(|i| left[*i].spans.is_empty())
        .min_by_key(|i| i.abs_diff(half))
        .unwrap_or(half);
    let mut right = left.split_off(split.min(left.len()));
    if right.first().is_some_and(|l| l.spans.is_empty()) {
        right.remove(0);
    }
    let [l, r] =
        ratatui::layout::Layout::horizontal([ratatui::layout::Constraint::Percentage(50); 2])
            .areas(inner);
    frame.render_widget(Paragraph::new(left), l);
    frame.render_widget(Paragraph::new(right), r);
}

fn lines(state: &State, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = problem_lines(state, theme);
    for (mode, heading) in [
        (Mode::Global, "Everywhere"),
        (Mode::Normal, "Panes"),
        (Mode::Logs, "Log viewer"),
        (Mode::Help, "This help"),
        (
            Mode::Dialog,
            "Confirmation dialogs (typed fields take keys as text)",
        ),
    ] {
        let rows = state.keymap().help_rows(mode);
        if rows.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(Line::default());
        }
        out.push(Line::styled(heading, theme.title));
        for (keys, cmd) in rows {
            let write = crate::command::is_write(cmd);
            // Read-only: actions are listed as unavailable, so the help never promises them.
            let (style, text, note) = match (write, state.read_only()) {
                (true, true) => (theme.muted, theme.muted, "  (unavailable: read-only)"),
                (true, false) => (theme.danger, theme.text, ""),
                _ => (theme.key_hint, theme.text, ""),
            };
            out.push(Line::from(vec![
                Span::styled(format!("  {:<KEY_COLUMN$}", clean(&keys)), style),
                Span::styled(cmd.description(), text),
                Span::styled(note, theme.warning),
            ]));
        }
    }
    out
}

/// The problems banner's messages in full (the banner truncates them), above the keys.
fn problem_lines(state: &State, theme: &Theme) -> Vec<Line<'static>> {
    let problems = super::problems::problems(state);
    if problems.is_empty() {
        return Vec::new();
    }
    let mut out = vec![Line::styled("Problems now", theme.title)];
    for p in problems {
        out.push(Line::styled(
            format!("  {}: {}", p.source, clean(&p.message)),
            theme.warning,
        ));
        if !p.hints.is_empty() {
            let hints: Vec<&str> = p.hints.iter().map(|(long, _)| long.as_str()).collect();
            out.push(Line::styled(
                format!("    {}", hints.join(", ")),
                theme.muted,
            ));
        }
    }
    out.push(Line::default());
    out
}
