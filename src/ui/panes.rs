//! The frame every pane shares (title, focus border, compact tab strip) and each pane's content.
//! Panes show an honest empty state until their source delivers data.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Wrap};

use crate::app::slot::Health;
use crate::app::{Pane, State};
use crate::sanitize::clean;
use crate::theme::Theme;

/// Draws `pane` in `area`. With `tabs`, the title becomes a strip of the panes reachable with Tab.
pub fn render(
    frame: &mut Frame,
    area: Rect,
    pane: Pane,
    state: &State,
    theme: &Theme,
    tabs: Option<&[Pane]>,
) {
    let focused = state.focus() == pane;
    let title = match tabs {
        Some(tabs) => tab_strip(tabs, pane, theme),
        None => Line::from(Span::styled(
            format!(" {} ", pane.title()),
            if focused { theme.title } else { theme.muted },
        )),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(if focused {
            theme.border_focused
        } else {
            theme.border
        })
        .title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if pane == Pane::Pipeline && super::graph::render(frame, inner, state, theme) {
        return;
    }
    if pane == Pane::Runs && super::runs::render(frame, inner, state, theme) {
        return;
    }
    if pane == Pane::Environments && super::board::render(frame, inner, state, theme) {
        return;
    }
    if pane == Pane::Waiting && super::waiting::render(frame, inner, state, theme) {
        return;
    }
    if pane == Pane::Gates && super::gates::render(frame, inner, state, theme) {
        return;
    }
    if pane == Pane::Rollout && super::rollout::render(frame, inner, state, theme) {
        return;
    }
    if pane == Pane::Logs && super::logs::render(frame, inner, state, theme) {
        return;
    }
    if pane == Pane::Audit && super::trail::render(frame, inner, state, theme) {
        return;
    }
    render_empty(frame, inner, pane, state, theme);
}

fn tab_strip(tabs: &[Pane], current: Pane, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, p) in tabs.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled("|", theme.border));
        }
        let style = if *p == current {
            theme.selected
        } else {
            theme.muted
        };
        spans.push(Span::styled(format!(" {} ", p.title()), style));
    }
    Line::from(spans)
}

/// What each pane will hold, and why it is empty now.
fn purpose(pane: Pane) -> &'static str {
    match pane {
        Pane::Pipeline => "The selected commit's CI and CD runs as a graph of jobs.",
        Pane::Gates => {
            "Quality gates for the next environment: coverage, security, performance, compliance, approval."
        }
        Pane::Environments => {
            "development -> staging -> production: what runs where, and what waits."
        }
        Pane::Rollout => "The Kubernetes rollout: replicas, revisions, pods, events, canary steps.",
        Pane::Logs => "Job logs and pod logs, followed live.",
        Pane::Runs => "Repository -> workflow -> run -> job -> step.",
        Pane::Waiting => {
            "Everything that waits for a human: reviews, paused canaries, failing gates."
        }
        Pane::Audit => "Every action taken from gantry, newest first.",
    }
}

fn render_empty(frame: &mut Frame, area: Rect, pane: Pane, state: &State, theme: &Theme) {
    let mut lines = vec![Line::styled(purpose(pane), theme.muted)];
    // The pipeline's source says whether it is loading or failing, before any data arrives.
    // The pipeline is empty because of its source; the other panes because of `empty_note`.
    let note = match pane {
        Pane::Pipeline => Some(match state.github.health {
            Health::Off => "No GitHub source: set [github] repos and a token (see the warning).",
            Health::Loading => "GitHub: loading...",
            Health::Failing | Health::Stopped if state.github.data.is_none() => {
                "Nothing from GitHub yet (see the problem below)."
            }
            _ => "No workflow runs in this repository yet.",
        }),
        // Off: the evidence source did not start (no GitHub source); the session's note says why.
        Pane::Gates => match state.gates.health {
            Health::Off => None,
            Health::Loading => Some("Gates: gathering evidence..."),
            Health::Failing | Health::Stopped => {
                Some("No gate evidence yet (see the problem below).")
            }
            Health::Ok => Some("No CI run yet: no commit to judge."),
        },
        _ => None,
    };
    if let Some(note) = note {
        lines.push(Line::default());
        lines.push(Line::styled(note, theme.warning));
    } else if !state.settings.empty_note.is_empty() {
        lines.push(Line::default());
        lines.push(Line::styled(clean(&state.settings.empty_note), theme.text));
    }
    let top = area.height.saturating_sub(lines.len() as u16 + 1) / 2;
    let area = Rect {
        y: area.y + top.min(area.height),
        height: area.height.saturating_sub(top),
        ..area
    };
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        area,
    );
}
