//! The problems banner: a source in trouble, named, with what it is doing about it (the retry
//! countdown) and how old the data on screen is. Those hints are live and always visible; the message
//! is what gets truncated at small widths (the help overlay shows it whole).

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::format::age;
use crate::app::State;
use crate::app::slot::{Health, Slot};
use crate::theme::Theme;

/// One problem, in parts the banner can shorten.
pub struct Problem {
    pub source: &'static str,
    pub message: String,
    /// What the source does about it and how stale the data is, long and short: never truncated,
    /// only shortened when the line is narrow.
    pub hints: Vec<(String, String)>,
    /// A slow request rather than a failure: shown in a quieter colour.
    pub slow_only: bool,
}

/// The problems of every source, worst first.
pub fn problems(state: &State) -> Vec<Problem> {
    let mut out = Vec::new();
    out.extend(problem("GitHub", &state.github, state.now));
    out.extend(problem("Reviews", &state.review, state.now));
    out.extend(problem("Gates", &state.gates, state.now));
    out.extend(super::gates::problems(state));
    // One line per environment whose cluster is in trouble, named in the message.
    out.extend(state.rollouts.envs.iter().filter_map(|e| {
        let mut p = problem("Kubernetes", &e.slot, state.now)?;
        p.message = format!("{} ({}): {}", e.env, e.link.word(), p.message);
        Some(p)
    }));
    // The other repositories' troubles, named, so a failing one is not hidden by the selection.
    for (i, name) in state.repos.names().iter().enumerate() {
        let parked = state.repos.parked(i);
        if let Some(mut p) = parked.and_then(|s| problem("GitHub", s, state.now)) {
            p.message = format!("{}: {}", crate::sanitize::clean(name), p.message);
            out.push(p);
        }
    }
    out.extend(problem("Workflow files", &state.workflows, state.now));
    out.extend(problem("Logs", &state.log_source, state.now));
    out.extend(problem("Audit trail", &state.trail, state.now));
    out.sort_by_key(|p| p.slow_only);
    out
}

fn problem<T>(source: &'static str, slot: &Slot<T>, now: DateTime<Utc>) -> Option<Problem> {
    let mut hints = Vec::new();
    if let Some(out) = slot.slow_request(now) {
        hints.push((
            format!("request in flight {}", age(out)),
            format!("{} out", age(out)),
        ));
    } else if let Some(wait) = slot.retry_in(now) {
        let s = wait.as_secs();
        hints.push((format!("retry in {s} s"), format!("retry {s}s")));
    }
    if let Some(old) = slot.stale_for(now) {
        hints.push((
            format!("data from {} ago", age(old)),
            format!("{} old", age(old)),
        ));
    } else if slot.troubled() {
        hints.push(("no data yet".into(), "no data".into()));
    }
    let message = match slot.health {
        Health::Failing => slot.error.clone().unwrap_or_default(),
        Health::Stopped => slot.error.clone().unwrap_or_else(|| "stopped".into()),
        _ if slot.slow_request(now).is_some() => "waiting for an answer".into(),
        _ => return None,
    };
    Some(Problem {
        source,
        slow_only: !slot.troubled(),
        message,
        hints,
    })
}

/// Below this many columns for the message, the hints take their short forms.
const MIN_MESSAGE: usize = 12;

pub fn height(state: &State) -> u16 {
    u16::from(!problems(state).is_empty())
}

pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let all = problems(state);
    let Some(first) = all.first() else {
        return;
    };
    let style = if first.slow_only {
        theme.banner_info
    } else {
        theme.banner_error
    };
    let sym = state.symbols();
    let width = usize::from(area.width);
    let head = format!(" {} {}: ", sym.warning, first.source);
    let tail = |short: bool| {
        let mut tail = String::new();
        for (long, brief) in &first.hints {
            let h = if short { brief } else { long };
            tail.push_str(&format!(" {} {h}", sym.separator));
        }
        if all.len() > 1 {
            let more = if short { "" } else { " (? shows all)" };
            tail.push_str(&format!(" {} +{} more{more}", sym.separator, all.len() - 1));
        }
        tail
    };
    // The long hints while the message keeps a useful part; the short ones when the line is narrow.
    let long = tail(false);
    let tail = if width.saturating_sub(head.width() + long.width()) < MIN_MESSAGE {
        tail(true)
    } else {
        long
    };
    let room = width.saturating_sub(head.width() + tail.width());
    let line = Line::from(vec![
        Span::styled(head, style),
        Span::styled(truncate(&first.message, room, sym.ellipsis), style),
        Span::styled(tail, style),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

/// At most `room` columns, ending in `ellipsis` when cut.
pub fn truncate(text: &str, room: usize, ellipsis: &str) -> String {
    if text.width() <= room {
        return text.to_string();
    }
    let keep = room.saturating_sub(ellipsis.width());
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > keep {
            break;
        }
        used += w;
        out.push(c);
    }
    if room >= ellipsis.width() {
        out.push_str(ellipsis);
    }
    out
}
