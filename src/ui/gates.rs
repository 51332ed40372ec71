//! The gates pane: the candidate commit's gates for the environment it goes to next, one line each
//! (symbol, name, the numbers that decide, advisory marked); Enter opens the selected gate's
//! evidence (every rule, its observed value and threshold, its source and link, and what the source
//! said: the check run's output, the alert list...). Also the banner's failed blocking gates.

mod evidence;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::problems::Problem;
use crate::app::{Pane, State};
use crate::gates::{GateReport, RuleReport, Verdict};
use crate::model::gates::Verdicts;
use crate::theme::{Symbols, Theme};

/// Draws the gates into `area`; false when there is nothing to show yet (the empty state then).
pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) -> bool {
    let Some(shown) = state.gates.data.as_ref().and_then(|b| b.next_environment()) else {
        return false;
    };
    let sym = state.symbols();
    let mut lines = vec![heading(shown, state, theme)];
    let selected = state.gates_view.selected_in(shown);
    if shown.reports.is_empty() {
        lines.push(Line::styled(
            format!("No gate guards {}.", shown.environment),
            theme.muted,
        ));
    }
    if let (true, Some(at)) = (state.gates_view.open, selected) {
        lines.extend(evidence::lines(shown, at, sym, theme));
        // Evidence text is long (check-run output): wrapped, never cut, and scrolled with j/k.
        let body = Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .scroll((state.gates_view.scroll, 0));
        frame.render_widget(body, area);
        return true;
    }
    let focused = state.focus() == Pane::Gates;
    let width = shown
        .reports
        .iter()
        .map(|g| g.name.chars().count())
        .max()
        .unwrap_or(0);
    for (i, gate) in shown.reports.iter().enumerate() {
        let mut line = gate_line(gate, width, sym, theme);
        if focused && selected == Some(i) {
            line = line.patch_style(theme.selected);
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), area);
    true
}

/// `088844b -> production`, and whether it is stale.
fn heading(shown: &Verdicts, state: &State, theme: &Theme) -> Line<'static> {
    let short: String = shown.sha.chars().take(7).collect();
    let mut spans = vec![Span::styled(
        format!("{short} {} {}", state.symbols().arrow, shown.environment),
        theme.title,
    )];
    if let Some(age) = state.gates.stale_for(state.now) {
        spans.push(Span::styled(
            format!(
                "  {} stale, {} old",
                state.symbols().stale,
                super::format::age(age)
            ),
            theme.stale,
        ));
    }
    Line::from(spans)
}

pub(super) fn verdict_look(v: Verdict, sym: &Symbols, theme: &Theme) -> (&'static str, Style) {
    match v {
        Verdict::Pass => (sym.success, theme.pass),
        Verdict::Fail => (sym.failure, theme.fail),
        Verdict::Pending => (sym.pending, theme.pending),
        Verdict::Unknown => (sym.warning, theme.warning),
    }
}

/// `✓ Performance   p95 latency 143 ms < 200 ms; peak memory 380 MB < 512 MB`: for a pass the
/// numbers behind it, else why not (the deciding rules' details).
fn gate_line(gate: &GateReport, width: usize, sym: &Symbols, theme: &Theme) -> Line<'static> {
    let (mark, style) = verdict_look(gate.verdict, sym, theme);
    let mut spans = vec![
        Span::styled(format!("{mark} "), style),
        Span::styled(format!("{:<width$}  ", gate.name), theme.text),
    ];
    if !gate.blocking {
        spans.push(Span::styled("advisory ", theme.muted));
    }
    let summary: Vec<String> = if gate.verdict == Verdict::Pass {
        gate.rules.iter().map(numbers).collect()
    } else {
        gate.deciding().map(why).collect()
    };
    let summary = if gate.rules.is_empty() {
        "no rules".to_string()
    } else {
        summary.join("; ")
    };
    spans.push(Span::styled(
        summary,
        if gate.verdict == Verdict::Pass {
            theme.muted
        } else {
            style
        },
    ));
    Line::from(spans)
}

/// `p95 latency 143 ms < 200 ms`, or the name and detail when nothing was read.
fn numbers(r: &RuleReport) -> String {
    let d = r.display();
    if d.observed.is_empty() {
        return match d.detail {
            Some(detail) => format!("{}: {detail}", d.name),
            None => d.name,
        };
    }
    // `Required controls success`, not `success == success`.
    if d.threshold.strip_prefix("== ") == Some(d.observed.as_str()) {
        return format!("{} {}", d.name, d.observed);
    }
    format!("{} {} {}", d.name, d.observed, d.threshold)
}

/// `p95 latency: 287 ms > 200 ms`.
fn why(r: &RuleReport) -> String {
    let d = r.display();
    match d.detail {
        Some(detail) => format!("{}: {detail}", d.name),
        None => format!("{} {}", d.name, d.verdict),
    }
}

/// The banner's lines: each failed blocking gate of the environment shown, by name.
pub fn problems(state: &State) -> Vec<Problem> {
    let Some(shown) = state.gates.data.as_ref().and_then(|b| b.next_environment()) else {
        return Vec::new();
    };
    shown
        .failed_blocking()
        .map(|g| Problem {
            source: "Gate",
            message: format!(
                "{} -> {}: {}",
                short(&shown.sha),
                shown.environment,
                g.headline()
            ),
            hints: Vec::new(),
            slow_only: false,
        })
        .collect()
}

fn short(sha: &str) -> String {
    sha.chars().take(7).collect()
}
