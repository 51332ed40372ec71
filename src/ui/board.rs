//! The environment board (Environments pane): each configured environment in promotion order with
//! what runs there (SHA, ref, version, state, age, who, URL), the run waiting to deploy there and
//! whether you may approve it, what a promotion would ship, and the gates of the next step.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::format::age;
use crate::app::{Pane, State};
use crate::model::approval::{Board, EnvRow};
use crate::sanitize::clean;
use crate::theme::{Symbols, Theme};

/// Draws the board; false when nothing was fetched yet (the pane's empty state shows instead).
pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) -> bool {
    let Some(board) = state.review.data.as_ref() else {
        return false;
    };
    if board.envs.is_empty() {
        return false;
    }
    let focused = state.focus() == Pane::Environments;
    let selected = state.selection.board.min(board.envs.len() - 1);
    let mut lines = Vec::new();
    for (i, row) in board.envs.iter().enumerate() {
        // The gates of what would go there next: the waiting run's commit, else the candidate.
        let sha = board.pending_for(row).map(|p| p.head_sha.as_str()).or(state
            .gates
            .data
            .as_ref()
            .and_then(|g| g.sha.as_deref()));
        let verdicts = sha
            .and_then(|s| state.gate_verdicts(s, &row.name))
            .map(|v| v.reports.as_slice());
        let mut row_lines = row_lines(
            row,
            board,
            verdicts,
            state.symbols(),
            theme,
            state.server_now(),
        );
        if i == selected && focused {
            if let Some(first) = row_lines.first_mut() {
                *first = first.clone().patch_style(theme.selected);
            }
        }
        lines.extend(row_lines);
    }
    // Long rows (a URL, the reviewers) wrap rather than hide what follows them.
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
    true
}

/// One environment: a line for what runs there, then a line for what waits and would ship.
pub fn row_lines(
    row: &EnvRow,
    board: &Board,
    verdicts: Option<&[crate::gates::GateReport]>,
    sym: &Symbols,
    theme: &Theme,
    now: DateTime<Utc>,
) -> Vec<Line<'static>> {
    let mut first = vec![Span::styled(
        format!("{:<12} ", clean(&row.name)),
        theme.title,
    )];
    match &row.deployed {
        Some(d) => {
            let (mark, style) = state_mark(d.state.as_deref(), sym, theme);
            first.push(Span::styled(format!("{} ", d.short_sha()), theme.text));
            first.push(Span::styled(
                format!("{mark} {} ", d.state.as_deref().unwrap_or("created")),
                style,
            ));
            first.push(Span::styled(
                format!("{} ago", age(now - d.created_at)),
                theme.muted,
            ));
            if let Some(v) = &d.version {
                first.push(Span::styled(format!("  {v}"), theme.text));
            }
            if let Some(c) = &d.creator {
                first.push(Span::styled(format!("  by {c}"), theme.muted));
            }
            if !d.git_ref.is_empty() {
                first.push(Span::styled(format!("  {}", d.git_ref), theme.muted));
            }
            if let Some(u) = &d.url {
                first.push(Span::styled(format!("  {u}"), theme.info));
            }
        }
        None => first.push(Span::styled("never deployed", theme.muted)),
    }
    let mut second = vec![Span::raw(" ".repeat(13))];
    if let Some(p) = board.pending_for(row) {
        let env = p.env(&row.name);
        second.push(Span::styled(
            format!("{} {} waits", sym.waiting, p.short_sha()),
            theme.waiting,
        ));
        if let Some(since) = env.and_then(|e| e.since) {
            second.push(Span::styled(format!(" {}", age(now - since)), theme.muted));
        }
        match env.map(|e| &e.may_review) {
            Some(Ok(())) => second.push(Span::styled("  you can approve (a/x)", theme.pass)),
            Some(Err(why)) => second.push(Span::styled(format!("  {why}"), theme.warning)),
            None => {}
        }
        if let Some(e) = env {
            if !e.reviewers.is_empty() {
                second.push(Span::styled(
                    format!("  reviewers {}", e.reviewers.join(", ")),
                    theme.muted,
                ));
            }
            if e.wait_timer > 0 {
                second.push(Span::styled(
                    format!("  wait timer {} min", e.wait_timer),
                    theme.muted,
                ));
            }
        }
    }
    let ships = match &row.ships {
        Some(c) if c.is_empty() => None,
        Some(c) => Some(format!("+{} commit(s) would ship", c.len())),
        None => None,
    };
    let mut lines = vec![Line::from(first)];
    if second.len() > 1 {
        lines.push(Line::from(second));
    }
    if let Some(s) = ships {
        let mut third = vec![Span::raw(" ".repeat(13)), Span::styled(s, theme.text)];
        let style = match verdicts {
            Some(r) if r.iter().all(|g| g.holds()) => theme.pass,
            Some(_) => theme.fail,
            None => theme.muted,
        };
        third.push(Span::styled(format!("  {}", gate_summary(verdicts)), style));
        lines.push(Line::from(third));
    }
    lines
}

/// One short line for the gates of the next step; `None` until the evidence source has judged it.
pub fn gate_summary(verdicts: Option<&[crate::gates::GateReport]>) -> String {
    match verdicts {
        None => "gates: not evaluated".into(),
        Some(reports) => {
            let held: Vec<&str> = reports
                .iter()
                .filter(|r| !r.holds())
                .map(|r| r.name.as_str())
                .collect();
            if held.is_empty() {
                format!("gates: {} pass", reports.len())
            } else {
                format!("gates: held by {}", held.join(", "))
            }
        }
    }
}

fn state_mark(state: Option<&str>, sym: &Symbols, theme: &Theme) -> (&'static str, Style) {
    match state {
        Some("success") => (sym.success, theme.pass),
        Some("failure" | "error") => (sym.failure, theme.fail),
        Some("in_progress" | "queued" | "pending") => (sym.running, theme.running),
        Some("inactive") => (sym.skipped, theme.muted),
        _ => (sym.pending, theme.pending),
    }
}
