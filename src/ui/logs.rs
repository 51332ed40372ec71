//! The Logs pane (overview) and screen 4: a title line (what the log is of, what its source last
//! said), then the log viewer widget; a running job's steps until its log exists; and the `/`
//! input drawn over the body.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::pipeline::{detail, look};
use crate::app::State;
use crate::app::overlay::SearchInput;
use crate::sanitize::clean;
use crate::theme::Theme;

/// Draws the log in `area` (the pane's inside); false when no log is open (the pane's empty state).
pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) -> bool {
    let logs = &state.logs;
    let Some(subject) = &logs.subject else {
        return false;
    };
    let [title, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let mut spans = vec![Span::styled(clean(&subject.title()), theme.title)];
    let said = match (&logs.note, logs.complete) {
        (Some(note), _) => Some(clean(note)),
        (None, true) => Some("complete".into()),
        (None, false) => None,
    };
    if let Some(said) = said {
        spans.push(Span::styled(format!("  {said}"), theme.muted));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), title);
    if let Some(job) = &logs.running
        && logs.buffer.is_empty()
    {
        let sym = state.symbols();
        let mut lines = vec![
            Line::styled(
                "Running: GitHub publishes a job's log only when the job completes; gantry fetches it then.",
                theme.waiting,
            ),
            Line::default(),
        ];
        for step in &job.steps {
            let (glyph, style) = look(&step.status, sym, theme);
            lines.push(Line::from(vec![
                Span::styled(format!("{glyph} "), style),
                Span::styled(
                    format!("{:>2}. {}", step.number, clean(&step.name)),
                    theme.text,
                ),
            ]));
        }
        lines.push(Line::default());
        lines.push(Line::styled(
            format!("job: {}", detail(job, state.server_now())),
            theme.muted,
        ));
        frame.render_widget(Paragraph::new(lines), body);
        return true;
    }
    super::logview::render(frame, body, &logs.buffer, &logs.view, theme);
    true
}

/// The `/` input: one box at the bottom of the body, with search or filter and any regex error.
pub fn render_search(frame: &mut Frame, body: Rect, input: &SearchInput, theme: &Theme) {
    let height = if input.error.is_some() { 4 } else { 3 };
    let height = height.min(body.height);
    let area = Rect {
        y: body.y + body.height.saturating_sub(height),
        height,
        ..body
    };
    let mode = if input.filter {
        " Filter: only matching lines (Tab: search) "
    } else {
        " Search, regex (Tab: filter) "
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dialog_border)
        .title(Span::styled(mode, theme.dialog_title));
    let mut lines = vec![Line::from(vec![
        Span::raw("/"),
        Span::styled(format!("{}_", clean(&input.text)), theme.input),
    ])];
    if let Some(e) = &input.error {
        lines.push(Line::styled(clean(e), theme.warning));
    }
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
