//! The pipeline pane: the selected commit, then the CI run's jobs and the CD run's jobs, each with a
//! status symbol (never colour alone) and its duration. Side by side when there is room, else stacked.
//! A real needs-graph comes later; jobs are listed in the workflow's order.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::app::State;
use crate::app::state::SourceStatus;
use crate::sanitize::clean;
use crate::sources::github::{Job, Run, pipeline_runs};
use crate::theme::{Symbols, Theme};

/// Below this inner width CI and CD are stacked rather than side by side.
const SIDE_BY_SIDE: u16 = 90;

/// Draws the pipeline into `area` (inside the pane's frame). False when there is no data yet, so
/// the caller shows the pane's empty state instead.
pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) -> bool {
    let (ci, cd) = pipeline_runs(&state.github.runs);
    let Some(head) = ci.or(cd) else {
        return false;
    };
    let mut top = vec![title_line(head, theme)];
    if let Some(note) = source_note(state) {
        top.push(Line::styled(note, theme.warning));
    }
    let [top_area, body] =
        Layout::vertical([Constraint::Length(top.len() as u16), Constraint::Min(0)]).areas(area);
    frame.render_widget(Paragraph::new(top), top_area);
    let ci_lines = run_lines("CI", ci, state, theme);
    let cd_lines = run_lines("CD", cd, state, theme);
    if area.width >= SIDE_BY_SIDE {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .spacing(1)
                .areas(body);
        frame.render_widget(Paragraph::new(ci_lines), left);
        frame.render_widget(Paragraph::new(cd_lines), right);
    } else {
        let mut lines = ci_lines;
        lines.extend(cd_lines);
        frame.render_widget(Paragraph::new(lines), body);
    }
    true
}

/// A one-line note on the source when it is not healthy; `None` when all is well.
pub fn source_note(state: &State) -> Option<String> {
    match &state.github.status {
        SourceStatus::Ok { .. } | SourceStatus::Off => None,
        SourceStatus::Loading => Some("GitHub: loading...".into()),
        SourceStatus::Failed {
            message, retry_in, ..
        } => {
            let mut note = format!(
                "GitHub: {}; retrying in {} s",
                clean(message),
                retry_in.as_secs()
            );
            if let Some(at) = state.github.fetched_at {
                note.push_str(&format!(
                    " {} data from {} ago",
                    state.symbols.stale,
                    age(state.now, at)
                ));
            }
            Some(note)
        }
    }
}

fn title_line(run: &Run, theme: &Theme) -> Line<'static> {
    let sha: String = run.head_sha.chars().take(7).collect();
    let commit = run.head_commit.as_ref();
    let message = commit.map_or(run.display_title.as_str(), |c| c.message.as_str());
    let subject = clean(message.lines().next().unwrap_or_default());
    let mut spans = vec![
        Span::styled(clean(&sha), theme.title),
        Span::styled(format!(" \"{subject}\""), theme.text),
    ];
    if let Some(author) = commit.and_then(|c| c.author.as_ref()) {
        spans.push(Span::styled(
            format!(" ({})", clean(&author.name)),
            theme.muted,
        ));
    }
    Line::from(spans)
}

fn run_lines(kind: &str, run: Option<&Run>, state: &State, theme: &Theme) -> Vec<Line<'static>> {
    let Some(run) = run else {
        return vec![
            Line::styled(format!("{kind}: not started for this commit"), theme.muted),
            Line::default(),
        ];
    };
    let name = clean(run.name.as_deref().unwrap_or("workflow"));
    let mut lines = vec![Line::styled(
        format!("{kind}: {name} #{}", run.run_number),
        theme.title,
    )];
    let mut jobs: Vec<&Job> = state
        .github
        .jobs
        .get(&run.id)
        .into_iter()
        .flatten()
        .collect();
    // GitHub creates a run's jobs in the workflow's order, so ids follow it (and so do the
    // needs-graph's layers, roughly).
    jobs.sort_by_key(|j| j.id);
    if jobs.is_empty() {
        lines.push(Line::styled("  no jobs yet", theme.muted));
    }
    let names: Vec<String> = jobs.iter().map(|j| clean(&j.name)).collect();
    let width = names.iter().map(|n| n.width()).max().unwrap_or(0);
    for (job, name) in jobs.iter().zip(names) {
        let (symbol, style) = look(job, &state.symbols, theme);
        let pad = " ".repeat(width.saturating_sub(name.width()));
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(symbol, style),
            Span::raw(" "),
            Span::styled(format!("{name}{pad}"), theme.text),
            Span::raw("  "),
            Span::styled(detail(job, state.now), theme.muted),
        ]));
    }
    lines.push(Line::default());
    lines
}

/// The symbol and theme role for a job's status and conclusion.
pub fn look(job: &Job, sym: &Symbols, theme: &Theme) -> (&'static str, Style) {
    match job.status.as_str() {
        "completed" => match job.conclusion.as_deref() {
            Some("success") => (sym.success, theme.pass),
            Some("failure" | "timed_out" | "startup_failure") => (sym.failure, theme.fail),
            Some("cancelled") => (sym.cancelled, theme.cancelled),
            Some("skipped") => (sym.skipped, theme.skipped),
            Some("action_required") => (sym.waiting, theme.waiting),
            _ => (sym.neutral, theme.neutral),
        },
        "in_progress" => (sym.running, theme.running),
        "waiting" => (sym.waiting, theme.waiting),
        "queued" | "requested" => (sym.queued, theme.queued),
        _ => (sym.pending, theme.pending),
    }
}

/// Duration when done, elapsed time while running, or what the job waits for.
pub fn detail(job: &Job, now: DateTime<Utc>) -> String {
    match (job.status.as_str(), job.started_at, job.completed_at) {
        ("waiting", _, _) => "waiting for review".into(),
        ("completed", Some(start), Some(end)) => duration(end - start),
        ("completed", _, _) => String::new(),
        ("in_progress", Some(start), _) => duration(now - start),
        ("queued" | "requested" | "pending", _, _) => job.status.clone(),
        _ => String::new(),
    }
}

/// `1m12s`, `41s`, `1h03m`.
pub fn duration(d: chrono::TimeDelta) -> String {
    let s = d.num_seconds().max(0);
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m{:02}s", s / 60, s % 60),
        _ => format!("{}h{:02}m", s / 3600, s % 3600 / 60),
    }
}

fn age(now: DateTime<Utc>, then: DateTime<Utc>) -> String {
    let s = (now - then).num_seconds().max(0);
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m", s / 60),
        _ => format!("{}h", s / 3600),
    }
}
