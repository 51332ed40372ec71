//! Confirmation dialogs and pickers, drawn over the body. A dialog states what will happen, shows its
//! typed fields with a cursor, and after sending shows the outcome until dismissed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::centered;
use crate::app::State;
use crate::app::overlay::{Dialog, Phase, Picker};
use crate::sanitize::clean;
use crate::theme::Theme;

pub fn render(frame: &mut Frame, body: Rect, d: &Dialog, state: &State, theme: &Theme) {
    let mut lines: Vec<Line> = d
        .body
        .iter()
        .map(|l| Line::styled(clean(l), theme.text))
        .collect();
    lines.extend(choice_lines(d, state, theme));
    for (i, f) in d.fields.iter().enumerate() {
        lines.push(Line::default());
        let hint = match &f.expect {
            Some(e) if !f.satisfied() => format!("  (type `{}`)", clean(e)),
            Some(_) => "  ok".to_string(),
            None => String::new(),
        };
        lines.push(Line::styled(
            format!("{}{hint}", clean(&f.label)),
            theme.muted,
        ));
        let cursor = if i + d.choices.len() == d.focus && d.phase == Phase::Asking {
            "_"
        } else {
            ""
        };
        lines.push(Line::from(vec![
            Span::raw("> "),
            Span::styled(format!("{}{cursor}", clean(&f.value)), theme.input),
        ]));
    }
    if !d.toggles.is_empty() {
        lines.push(Line::default());
    }
    for t in &d.toggles {
        let mark = if t.on { "[x]" } else { "[ ]" };
        lines.push(Line::from(vec![
            Span::styled(format!("{mark} "), theme.text),
            Span::styled(t.key.to_string(), theme.key_hint),
            Span::styled(format!("  {}", clean(&t.label)), theme.text),
        ]));
    }
    lines.push(Line::default());
    lines.push(phase_line(d, state, theme));
    let width = 72.min(body.width);
    // Long lines wrap: count the rows they take, so the outcome line at the bottom stays visible.
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let rows: usize = lines.iter().map(|l| l.width().max(1).div_ceil(inner)).sum();
    let height = (rows as u16 + 2).min(body.height);
    let area = centered(body, width, height);
    let border = if d.danger {
        theme.danger
    } else {
        theme.dialog_border
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(border)
        .title(Span::styled(
            format!(" {} ", clean(&d.title)),
            theme.dialog_title,
        ));
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .style(theme.dialog)
            .wrap(Wrap { trim: false }),
        area,
    );
}

/// The choices (environments), each marked chosen or not, or why it may not be chosen.
fn choice_lines(d: &Dialog, state: &State, theme: &Theme) -> Vec<Line<'static>> {
    let sym = state.symbols();
    d.choices
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let pointer = if i == d.focus && d.phase == Phase::Asking {
                ">"
            } else {
                " "
            };
            let (mark, style, why) = match &c.allowed {
                Ok(()) if c.chosen => ("[x]", theme.pass, String::new()),
                Ok(()) => ("[ ]", theme.text, String::new()),
                Err(why) => (
                    "[-]",
                    theme.muted,
                    format!("  {} {}", sym.failure, clean(why)),
                ),
            };
            Line::from(vec![
                Span::styled(format!("{pointer} {mark} {}", clean(&c.label)), style),
                Span::styled(why, theme.warning),
            ])
        })
        .collect()
}

fn phase_line(d: &Dialog, state: &State, theme: &Theme) -> Line<'static> {
    let key = |cmd| {
        state
            .keymap()
            .key_for(crate::keymap::Mode::Dialog, cmd)
            .unwrap_or_else(|| "?".into())
    };
    match &d.phase {
        Phase::Asking if d.ready() => Line::styled(
            format!(
                "{} confirm   {} cancel",
                if d.fields.is_empty() {
                    key(crate::command::Command::Open)
                } else {
                    "enter".into()
                },
                if d.fields.is_empty() {
                    key(crate::command::Command::Back)
                } else {
                    "esc".into()
                }
            ),
            theme.key_hint,
        ),
        Phase::Asking => Line::styled("type the name above to confirm   esc cancel", theme.muted),
        Phase::Sent => Line::styled("sent; waiting for the answer...", theme.running),
        Phase::Done(Ok(text)) => Line::styled(
            format!("{} {}", state.symbols().success, clean(text)),
            theme.pass.add_modifier(Modifier::BOLD),
        ),
        Phase::Done(Err(text)) => Line::styled(
            format!("{} {}", state.symbols().failure, clean(text)),
            theme.fail.add_modifier(Modifier::BOLD),
        ),
    }
}

pub fn render_picker(frame: &mut Frame, body: Rect, p: &Picker, theme: &Theme) {
    let shown = p.shown();
    let mut lines = vec![Line::from(vec![
        Span::styled("> ", theme.muted),
        Span::styled(format!("{}_", clean(&p.filter)), theme.input),
    ])];
    if shown.is_empty() {
        lines.push(Line::styled("  nothing matches", theme.muted));
    }
    for (i, (label, _)) in shown.iter().enumerate() {
        let style = if i == p.selected {
            theme.selected
        } else {
            theme.text
        };
        lines.push(Line::styled(format!("  {}", clean(label)), style));
    }
    let height = (lines.len() as u16 + 2).min(body.height);
    let area = centered(body, 48.min(body.width), height);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dialog_border)
        .title(Span::styled(
            format!(
                " {} (type to filter, enter go, esc close) ",
                clean(&p.title)
            ),
            theme.dialog_title,
        ));
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block).style(theme.dialog), area);
}
