//! The rollout pane: for the selected environment's workload, its replicas with a progress bar and
//! the sentence `kubectl rollout status` would print, the image and digest running, an Argo
//! canary's steps and weights, then revisions, pods (with CPU and memory against the performance
//! gate's budget) and events, warnings first. Only the rows on screen are laid out, so a namespace
//! of thousands of pods costs no more per frame than a small one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::format::age;
use crate::app::State;
use crate::app::rollouts::EnvRollout;
use crate::app::slot::Health;
use crate::model::kube::provenance::{digest_of, running};
use crate::model::kube::quantity::mebibytes;
use crate::model::kube::status::{progress, sentence};
use crate::model::kube::{Link, Rollout, Step, Workload};
use crate::theme::Theme;

/// Draws the pane's content into `area`; false when no environment maps to a workload, so the
/// caller shows the pane's empty state.
pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) -> bool {
    let r = &state.rollouts;
    let Some(env) = r.selected() else {
        return false;
    };
    let mut lines = vec![tabs(state, theme)];
    lines.extend(link_lines(env, state, theme));
    let Some(data) = env.data() else {
        frame.render_widget(Paragraph::new(lines), area);
        return true;
    };
    if let Some(w) = &data.workload {
        lines.extend(head(env, data, w, state, theme, area.width));
    }
    let fixed = lines.len() as u16;
    let room = area.height.saturating_sub(fixed) as usize;
    let rows = rows(data);
    let max = rows.len().saturating_sub(room);
    let from = usize::from(r.scroll).min(max);
    for row in rows.iter().skip(from).take(room) {
        lines.push(row_line(*row, data, state, theme));
    }
    frame.render_widget(Paragraph::new(lines), area);
    true
}

/// `staging v | production ||`: each environment with a symbol for its state; the shown one selected.
fn tabs(state: &State, theme: &Theme) -> Line<'static> {
    let sym = state.symbols();
    let mut spans = Vec::new();
    for (i, e) in state.rollouts.envs.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(format!(" {} ", sym.separator), theme.border));
        }
        let (mark, style) = env_mark(e, state, theme);
        let name_style = if i == state.rollouts.selected {
            theme.tab_active
        } else {
            theme.tab
        };
        spans.push(Span::styled(mark.to_string(), style));
        spans.push(Span::styled(format!(" {}", e.env), name_style));
    }
    if state.rollouts.envs.len() > 1 {
        spans.push(Span::styled("   h/l switch", theme.muted));
    }
    Line::from(spans)
}

fn env_mark<'a>(e: &EnvRollout, state: &'a State, theme: &Theme) -> (&'a str, Style) {
    let sym = state.symbols();
    match e.link {
        Link::Forbidden | Link::Misconfigured => return (sym.failure, theme.fail),
        Link::Unreachable | Link::Reconnecting => return (sym.warning, theme.warning),
        Link::Connecting if e.slot.data.is_none() => return (sym.pending, theme.pending),
        _ => {}
    }
    let Some(w) = e.data().and_then(|d| d.workload.as_ref()) else {
        return (sym.pending, theme.pending);
    };
    let s = sentence(w);
    if s.error {
        (sym.failure, theme.fail)
    } else if e.waiting_canary().is_some() {
        (sym.waiting, theme.waiting)
    } else if s.done {
        (sym.success, theme.pass)
    } else {
        (sym.running, theme.running)
    }
}

/// The connection, when it is not simply connected: what is wrong and how old the data is.
fn link_lines(env: &EnvRollout, state: &State, theme: &Theme) -> Vec<Line<'static>> {
    let slot = &env.slot;
    let stale = slot
        .stale_for(state.now)
        .map(|d| format!(" (data from {} ago)", age(d)))
        .unwrap_or_default();
    let text = match (slot.health, env.link) {
        (Health::Off, _) => "no cluster source".to_string(),
        (Health::Loading, _) | (_, Link::Connecting) if slot.data.is_none() => {
            format!("connecting to {}...", env.target.describe())
        }
        (Health::Failing | Health::Stopped, link) => format!(
            "{}: {}{stale}",
            link.word(),
            slot.error.as_deref().unwrap_or("")
        ),
        _ => return Vec::new(),
    };
    let style = match env.link {
        Link::Forbidden | Link::Misconfigured => theme.fail,
        _ => theme.warning,
    };
    vec![Line::styled(text, style)]
}

fn head(
    env: &EnvRollout,
    data: &Rollout,
    w: &Workload,
    state: &State,
    theme: &Theme,
    width: u16,
) -> Vec<Line<'static>> {
    let sym = state.symbols();
    let current = w.current_revision(&data.revisions);
    let mut out = vec![Line::from(vec![
        Span::styled(env.target.workload(), theme.title),
        Span::styled(
            format!(
                "  {}/{}",
                env.target.context.as_deref().unwrap_or("-"),
                env.target.namespace
            ),
            theme.muted,
        ),
        Span::styled(
            current
                .map(|c| format!("  revision {c}"))
                .unwrap_or_default(),
            theme.text,
        ),
    ])];
    let s = sentence(w);
    let style = if s.error {
        theme.fail
    } else if s.done {
        theme.pass
    } else {
        theme.running
    };
    out.push(Line::styled(s.text, style));
    let p = progress(w);
    let bar_w = usize::from(width.saturating_sub(52).clamp(5, 20));
    let full = (p * bar_w as f64).round() as usize;
    out.push(Line::from(vec![
        Span::styled(
            format!(
                "desired {}  updated {}  ready {}  available {}  ",
                w.desired, w.updated, w.ready, w.available
            ),
            theme.text,
        ),
        Span::styled(sym.progress_full.repeat(full), theme.progress),
        Span::styled(sym.progress_empty.repeat(bar_w - full), theme.muted),
        Span::styled(format!(" {:.0}%", p * 100.0), theme.text),
    ]));
    if let Some((image, digest)) = running(&data.pods) {
        let digest = digest
            .as_deref()
            .map(|d| format!("@{}", short_digest(d)))
            .unwrap_or_default();
        out.push(Line::from(vec![
            Span::styled("running ", theme.muted),
            Span::styled(format!("{image}{digest}"), theme.sha),
        ]));
    }
    if let Some(c) = &w.canary {
        let mut spans = vec![Span::styled("canary ", theme.muted)];
        for (i, step) in c.steps.iter().enumerate() {
            let (mark, st) = if i < c.current_step {
                (sym.success, theme.pass)
            } else if i == c.current_step && !c.aborted {
                (sym.selected, theme.waiting)
            } else {
                (sym.bullet, theme.muted)
            };
            let text = match step {
                Step::SetWeight(w) => format!("{w}%"),
                Step::Pause(None) => "pause".into(),
                Step::Pause(Some(d)) => format!("pause {d}"),
                Step::Analysis(_) => "analysis".into(),
                Step::Other(_) => "step".into(),
            };
            spans.push(Span::styled(format!("{mark}{text} "), st));
        }
        out.push(Line::from(spans));
        let mut detail = format!(
            "weight set {}% actual {}%  step {}/{}",
            c.set_weight,
            c.actual_weight,
            (c.current_step + 1).min(c.steps.len()),
            c.steps.len()
        );
        if !c.pause_reasons.is_empty() {
            detail.push_str(&format!("  paused: {}", c.pause_reasons.join(", ")));
        }
        if let Some(a) = &c.analysis {
            detail.push_str(&format!("  analysis: {a}"));
        }
        if c.waits_for_human() {
            detail.push_str("  waits for you: P promote, A abort");
        }
        out.push(Line::styled(
            detail,
            if c.aborted { theme.fail } else { theme.text },
        ));
    }
    let mut denied = vec![("R rollback", &data.access.rollback)];
    if w.canary.is_some() {
        denied.push(("P/A canary", &data.access.canary));
    }
    let denied = denied
        .into_iter()
        .filter_map(|(k, a)| a.denied().map(|d| format!("{k} unavailable: {d}")));
    for d in denied {
        out.push(Line::styled(d, theme.warning));
    }
    if env.read_only {
        out.push(Line::styled("read-only: no actions here", theme.muted));
    }
    out
}

fn short_digest(d: &str) -> String {
    match d.split_once(':') {
        Some((alg, hex)) => format!("{alg}:{}", &hex[..hex.len().min(12)]),
        None => d.to_string(),
    }
}

/// One row of the scrolling lists.
#[derive(Debug, Clone, Copy)]
enum Row {
    Heading(&'static str, usize),
    Revision(usize),
    Pod(usize),
    Event(usize),
    Blank,
}

fn rows(data: &Rollout) -> Vec<Row> {
    let mut v = Vec::with_capacity(data.revisions.len() + data.pods.len() + data.events.len() + 6);
    v.push(Row::Heading("Revisions", data.revisions.len()));
    v.extend((0..data.revisions.len()).map(Row::Revision));
    v.push(Row::Blank);
    v.push(Row::Heading("Pods", data.pods.len()));
    v.extend((0..data.pods.len()).map(Row::Pod));
    v.push(Row::Blank);
    v.push(Row::Heading("Events", data.events.len()));
    v.extend((0..data.events.len()).map(Row::Event));
    v
}

fn ago(state: &State, at: Option<chrono::DateTime<chrono::Utc>>) -> String {
    at.map(|t| age(state.now - t)).unwrap_or_else(|| "-".into())
}

fn row_line(row: Row, data: &Rollout, state: &State, theme: &Theme) -> Line<'static> {
    let sym = state.symbols();
    match row {
        Row::Blank => Line::default(),
        Row::Heading(h, n) => {
            let note = match h {
                "Pods" => data
                    .metrics_note
                    .as_deref()
                    .map(|m| format!("  ({m})"))
                    .unwrap_or_default(),
                _ => String::new(),
            };
            Line::from(vec![
                Span::styled(format!("{h} ({n})"), theme.title),
                Span::styled(note, theme.muted),
            ])
        }
        Row::Revision(i) => {
            let r = &data.revisions[i];
            let mark = if r.current { sym.selected } else { " " };
            Line::from(vec![
                Span::styled(format!("{mark}{:>4} ", r.number), theme.text),
                Span::styled(format!("{} ", r.images.join(",")), theme.sha),
                Span::styled(format!("{}/{} ", r.ready, r.replicas), theme.text),
                Span::styled(format!("{:>4} ", ago(state, r.created)), theme.muted),
                Span::styled(r.change_cause.clone().unwrap_or_default(), theme.muted),
            ])
        }
        Row::Pod(i) => {
            let p = &data.pods[i];
            let (mark, st) = match p.phase.as_str() {
                "Running" if p.is_ready() => (sym.success, theme.pass),
                "Running" | "Pending" => (sym.running, theme.running),
                "Terminating" => (sym.cancelled, theme.cancelled),
                _ => (sym.failure, theme.fail),
            };
            let mut spans = vec![
                Span::styled(format!("{mark} "), st),
                Span::styled(format!("{} ", p.name), theme.text),
                Span::styled(
                    format!(
                        "{} {}/{} r{} {} {} ",
                        p.phase,
                        p.ready_containers,
                        p.containers,
                        p.restarts,
                        ago(state, p.created),
                        p.node.as_deref().unwrap_or("-")
                    ),
                    theme.muted,
                ),
            ];
            if let Some(u) = p.usage {
                let over = state
                    .rollouts
                    .memory_budget_mb
                    .is_some_and(|b| u.memory_bytes > b * 1_000_000);
                let budget = state
                    .rollouts
                    .memory_budget_mb
                    .map(|b| format!("/{b}MB"))
                    .unwrap_or_default();
                spans.push(Span::styled(
                    format!("cpu {:.0}m ", u.cpu_millicores),
                    theme.text,
                ));
                spans.push(Span::styled(
                    format!(
                        "mem {}{budget}{}",
                        mebibytes(u.memory_bytes),
                        if over { " over budget" } else { "" }
                    ),
                    if over { theme.fail } else { theme.text },
                ));
            }
            if p.image_id.as_deref().and_then(digest_of).is_none() && p.phase == "Running" {
                spans.push(Span::styled(" no digest", theme.warning));
            }
            Line::from(spans)
        }
        Row::Event(i) => {
            let e = &data.events[i];
            let (mark, st) = if e.warning {
                (sym.warning, theme.warning)
            } else {
                (sym.bullet, theme.muted)
            };
            let count = if e.count > 1 {
                format!(" x{}", e.count)
            } else {
                String::new()
            };
            Line::from(vec![
                Span::styled(format!("{mark} {:>4} ", ago(state, e.last)), st),
                Span::styled(format!("{} ", e.reason), st),
                Span::styled(format!("{} ", e.object), theme.muted),
                Span::styled(format!("{}{count}", e.message), theme.text),
            ])
        }
    }
}
