//! The pipeline pane: the selected commit, then the CI run's jobs and the CD run's jobs, each with a
//! status symbol (never colour alone) and its duration. Side by side when there is room, else stacked;
//! when even that does not fit, what waits for a human comes first. A needs-graph comes later; jobs
//! are listed in the workflow's order.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::format::duration;
use crate::app::State;
use crate::model::github::{Conclusion, Job, Run, Snapshot, Status};
use crate::theme::{Symbols, Theme};

/// Below this inner width CI and CD are stacked rather than side by side.
const SIDE_BY_SIDE: u16 = 90;

/// Draws the pipeline into `area` (inside the pane's frame). False when there is no data yet, so
/// the caller shows the pane's empty state instead.
pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) -> bool {
    let Some(snap) = state.github.data.as_ref() else {
        return false;
    };
    let (ci, cd) = snap.pipeline();
    let Some(head) = ci.or(cd) else {
        return false;
    };
    let [top_area, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    frame.render_widget(Paragraph::new(title_line(head, theme)), top_area);
    let ci_lines = run_lines("CI", ci, snap, state, theme);
    let cd_lines = run_lines("CD", cd, snap, state, theme);
    if area.width >= SIDE_BY_SIDE {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .spacing(1)
                .areas(body);
        let tallest = ci_lines.len().max(cd_lines.len());
        if tallest <= usize::from(body.height) {
            frame.render_widget(Paragraph::new(ci_lines), left);
            frame.render_widget(Paragraph::new(cd_lines), right);
            return true;
        }
    }
    let mut lines = ci_lines;
    lines.extend(cd_lines);
    if lines.len() > usize::from(body.height) {
        // Not everything fits: what needs a human (and what failed) first, then the rest.
        let mut first = attention_lines(snap, state, theme);
        first.extend(lines);
        lines = first;
    }
    frame.render_widget(Paragraph::new(lines), body);
    true
}

pub(super) fn title_line(run: &Run, theme: &Theme) -> Line<'static> {
    let commit = run.commit.as_ref();
    let subject = commit.map_or(run.display_title.as_str(), |c| c.message.as_str());
    let mut spans = vec![
        Span::styled(run.short_sha().to_string(), theme.title),
        Span::styled(format!(" \"{subject}\""), theme.text),
    ];
    if let Some(author) = commit.and_then(|c| c.author.as_ref()) {
        spans.push(Span::styled(format!(" ({author})"), theme.muted));
    }
    Line::from(spans)
}

/// One line per job that waits for a human or failed, marked with its run.
fn attention_lines(snap: &Snapshot, state: &State, theme: &Theme) -> Vec<Line<'static>> {
    let mut jobs = snap.waiting_jobs();
    jobs.extend(snap.failed_jobs());
    if jobs.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![Line::styled("Needs attention:", theme.title)];
    for job in jobs {
        lines.push(job_line(job, job.name.width(), state, theme));
    }
    lines.push(Line::default());
    lines
}

fn run_lines(
    kind: &str,
    run: Option<&Run>,
    snap: &Snapshot,
    state: &State,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let Some(run) = run else {
        return vec![
            Line::styled(format!("{kind}: not started for this commit"), theme.muted),
            Line::default(),
        ];
    };
    let mut lines = vec![Line::styled(
        format!("{kind}: {} #{}", run.name, run.run_number),
        theme.title,
    )];
    let jobs = snap.jobs_of(run);
    if jobs.is_empty() {
        lines.push(Line::styled("  no jobs yet", theme.muted));
    }
    let width = jobs.iter().map(|j| j.name.width()).max().unwrap_or(0);
    for job in jobs {
        lines.push(job_line(job, width, state, theme));
    }
    lines.push(Line::default());
    lines
}

fn job_line(job: &Job, width: usize, state: &State, theme: &Theme) -> Line<'static> {
    let (symbol, style) = look(&job.status, state.symbols(), theme);
    let pad = " ".repeat(width.saturating_sub(job.name.width()));
    Line::from(vec![
        Span::raw("  "),
        Span::styled(symbol, style),
        Span::raw(" "),
        Span::styled(format!("{}{pad}", job.name), theme.text),
        Span::raw("  "),
        Span::styled(detail(job, state.server_now()), theme.muted),
    ])
}

/// The symbol and theme role for a status.
pub fn look(status: &Status, sym: &Symbols, theme: &Theme) -> (&'static str, Style) {
    match status {
        Status::Done(c) => match c {
            Conclusion::Success => (sym.success, theme.pass),
            c if c.failed() => (sym.failure, theme.fail),
            Conclusion::Cancelled => (sym.cancelled, theme.cancelled),
            Conclusion::Skipped => (sym.skipped, theme.skipped),
            Conclusion::ActionRequired => (sym.waiting, theme.waiting),
            _ => (sym.neutral, theme.neutral),
        },
        Status::Running => (sym.running, theme.running),
        Status::Waiting => (sym.waiting, theme.waiting),
        Status::Queued => (sym.queued, theme.queued),
        Status::Unknown(_) => (sym.pending, theme.pending),
    }
}

/// Duration when done, elapsed time while running, or what the job waits for.
pub fn detail(job: &Job, now: chrono::DateTime<chrono::Utc>) -> String {
    match (&job.status, job.started_at, job.completed_at) {
        (Status::Waiting, _, _) => "waiting for review".into(),
        (Status::Done(_), Some(start), Some(end)) => duration(end - start),
        (Status::Done(_), _, _) => String::new(),
        (Status::Running, Some(start), _) => duration(now - start),
        (Status::Queued, _, _) => "queued".into(),
        _ => String::new(),
    }
}
