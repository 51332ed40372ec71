//! The status line: the keys that apply now (from the keymap, so rebinding shows), an unfinished
//! chord, or the answer to the last key; and the warnings banner above it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::{Command, State};
use crate::keymap::{Mode, seq_to_string};
use crate::sanitize::clean;
use crate::theme::Theme;

pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let line = if !state.pending.is_empty() {
        Line::from(vec![
            Span::styled(
                format!(" {}-", seq_to_string(&state.pending)),
                theme.key_hint,
            ),
            Span::styled(
                "  (waiting for the rest of the chord; Esc cancels)",
                theme.muted,
            ),
        ])
    } else if let Some(msg) = &state.message {
        Line::from(Span::styled(format!(" {}", clean(msg)), theme.warning))
    } else {
        hints(state, theme)
    };
    frame.render_widget(Paragraph::new(line).style(theme.status_bar), area);
}

fn hints(state: &State, theme: &Theme) -> Line<'static> {
    let mode = state.mode();
    if state
        .top_overlay()
        .is_some_and(crate::app::Overlay::takes_text)
    {
        return Line::styled(
            " typing: keys are text  Enter confirm  Tab next field  Esc cancel",
            theme.muted,
        );
    }
    let wanted: &[(Command, &str)] = match mode {
        Mode::Help => &[(Command::Down, "scroll"), (Command::Back, "close")],
        Mode::Dialog => &[(Command::Open, "confirm"), (Command::Back, "cancel")],
        _ => &[
            (Command::FocusNext, "pane"),
            (Command::Screen(crate::app::Screen::Overview), "screens"),
            (Command::Refresh, "refresh"),
            (Command::Help, "help"),
            (
                Command::Quit,
                if state.screen == crate::app::Screen::Overview {
                    "quit"
                } else {
                    "back"
                },
            ),
        ],
    };
    let mut spans = vec![Span::raw(" ")];
    if mode == Mode::Normal {
        spans.extend(action_hints(state, theme));
    }
    for (cmd, label) in wanted {
        let key = if let Command::Screen(_) = cmd {
            screens_key(state, mode)
        } else {
            state.keymap().key_for(mode, *cmd)
        };
        if let Some(key) = key {
            spans.push(Span::styled(key, theme.key_hint));
            spans.push(Span::styled(format!(" {label}  "), theme.muted));
        }
    }
    Line::from(spans)
}

/// `a approve  x reject` where a review is at hand; in read-only mode marked unavailable.
fn action_hints(state: &State, theme: &Theme) -> Vec<Span<'static>> {
    use crate::app::Pane;
    let at_hand = state
        .review
        .data
        .as_ref()
        .is_some_and(|b| !b.pending.is_empty())
        && matches!(
            state.focus(),
            Pane::Environments | Pane::Waiting | Pane::Pipeline
        );
    if !at_hand {
        return Vec::new();
    }
    let mut spans = Vec::new();
    for (cmd, label) in [(Command::Approve, "approve"), (Command::Reject, "reject")] {
        if let Some(key) = state.keymap().key_for(Mode::Normal, cmd) {
            if state.read_only() {
                spans.push(Span::styled(format!("{key} {label}"), theme.muted));
                spans.push(Span::styled(" (read-only)  ", theme.muted));
            } else {
                spans.push(Span::styled(key, theme.key_hint));
                spans.push(Span::styled(format!(" {label}  "), theme.muted));
            }
        }
    }
    spans
}

/// "1-6" when the screens sit on the number keys (the default), else the overview's key.
fn screens_key(state: &State, mode: Mode) -> Option<String> {
    let first = state
        .keymap()
        .key_for(mode, Command::Screen(crate::app::Screen::Overview))?;
    let last = state
        .keymap()
        .key_for(mode, Command::Screen(crate::app::Screen::Audit));
    Some(match (first.as_str(), last.as_deref()) {
        ("1", Some("6")) => "1-6".to_owned(),
        _ => first,
    })
}

pub fn render_banner(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let Some(first) = state.warnings.first() else {
        return;
    };
    let more = match state.warnings.len() {
        1 => String::new(),
        n => format!(" (+{} more, see the log)", n - 1),
    };
    let text = format!(" ! {}{more}  Esc dismisses", clean(first));
    frame.render_widget(Paragraph::new(Line::styled(text, theme.warning)), area);
}
