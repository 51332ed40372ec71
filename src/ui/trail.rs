//! Screen 6, the audit trail: every action taken from gantry (TUI and CLI), newest first, each
//! record with its verification state, and the verdict of the whole chain on top.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::{Pane, State};
use crate::sanitize::clean;
use crate::theme::Theme;

pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) -> bool {
    let Some(t) = state.trail.data.as_ref() else {
        return false;
    };
    let sym = state.symbols();
    let (mark, style, words) = match t.verdict.as_str() {
        "intact" => (sym.success, theme.pass, "chain intact".to_string()),
        "torn" => (
            sym.warning,
            theme.warning,
            format!("torn line(s) after a crash: {} finding(s)", t.findings),
        ),
        _ => (
            sym.failure,
            theme.fail,
            format!(
                "BROKEN: {} finding(s); run `gantry audit verify` for the lines",
                t.findings
            ),
        ),
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{mark} {words}"), style),
        Span::styled(
            format!("  {} records  {}", t.rows.len(), clean(&t.path)),
            theme.muted,
        ),
    ])];
    if t.rows.is_empty() {
        lines.push(Line::styled("No action has been taken yet.", theme.muted));
    }
    let selected = state.selection.audit.min(t.rows.len().saturating_sub(1));
    let focused = state.focus() == Pane::Audit;
    for (i, r) in t.rows.iter().enumerate() {
        let row_style = match r[1].as_str() {
            "ok" => theme.text,
            "torn" => theme.warning,
            _ => theme.fail,
        };
        let mut line = Line::from(vec![
            Span::styled(format!("{:>5} {:<6} ", r[0], r[1]), row_style),
            Span::styled(format!("{}  ", r[2]), theme.muted),
            Span::styled(format!("{:<8} ", r[4]), theme.title),
            Span::styled(format!("{}  ", r[5]), theme.text),
            Span::styled(format!("{}  ", r[6]), row_style),
            Span::styled(r[3].clone(), theme.muted),
        ]);
        if i == selected && focused {
            line = line.patch_style(theme.selected);
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), area);
    true
}
