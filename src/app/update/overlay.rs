//! Keys and commands for the overlay on top: help scrolls, dialogs confirm once, pickers filter.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::keys;
use crate::app::overlay::{Dialog, Overlay, Phase};
use crate::app::{Effect, State};
use crate::command::Command;

pub(super) fn open(state: &mut State, overlay: Overlay) {
    state.pending.clear();
    state.overlays.push(overlay);
}

pub(super) fn close(state: &mut State) {
    state.overlays.pop();
}

/// A command (from the keymap's help or dialog mode) for the overlay on top.
pub(super) fn command(state: &mut State, cmd: Command) -> Vec<Effect> {
    if cmd == Command::ForceQuit {
        state.quit = true;
        return Vec::new();
    }
    match state.overlays.last_mut() {
        Some(Overlay::Help { scroll }) => match cmd {
            Command::Help | Command::Back | Command::Quit => close(state),
            Command::Down => *scroll = scroll.saturating_add(1),
            Command::Up => *scroll = scroll.saturating_sub(1),
            Command::PageDown => *scroll = scroll.saturating_add(10),
            Command::PageUp => *scroll = scroll.saturating_sub(10),
            Command::Top => *scroll = 0,
            // Clamped when drawn: how far one can scroll depends on the size.
            Command::Bottom => *scroll = u16::MAX,
            Command::Screen(s) => {
                close(state);
                state.screen = s;
            }
            _ => {}
        },
        Some(Overlay::Dialog(d)) => match cmd {
            Command::Open => return confirm(state),
            Command::Back | Command::Quit => close(state),
            _ => {
                if d.phase == Phase::Sent {
                    state.message = Some("sent; waiting for the answer (Esc hides this)".into());
                }
            }
        },
        Some(Overlay::Picker(_) | Overlay::Filter | Overlay::Search(_)) | None => {}
    }
    Vec::new()
}

/// Confirms the dialog on top: its effects come out once; after that a repeated key sends nothing.
fn confirm(state: &mut State) -> Vec<Effect> {
    let Some(Overlay::Dialog(d)) = state.overlays.last_mut() else {
        return Vec::new();
    };
    match &d.phase {
        Phase::Asking if d.ready() => {
            d.phase = Phase::Sent;
            d.effects()
        }
        Phase::Asking => {
            state.message = Some(unmet(d));
            vec![Effect::BELL]
        }
        Phase::Sent => Vec::new(),
        Phase::Done(_) => {
            close(state);
            Vec::new()
        }
    }
}

fn unmet(d: &Dialog) -> String {
    d.fields
        .iter()
        .find(|f| !f.satisfied())
        .and_then(|f| f.expect.as_ref())
        .map_or_else(
            || "choose at least one (Tab to the list, Space toggles)".to_string(),
            |e| format!("type `{e}` exactly to confirm"),
        )
}

/// A dialog's toggle key flips it while the dialog asks; true when the key was one.
pub(super) fn toggle_key(state: &mut State, ev: &KeyEvent) -> bool {
    let Some(Overlay::Dialog(d)) = state.overlays.last_mut() else {
        return false;
    };
    let KeyCode::Char(c) = ev.code else {
        return false;
    };
    if d.phase != Phase::Asking || ev.modifiers.contains(KeyModifiers::CONTROL) {
        return false;
    }
    match d.toggles.iter_mut().find(|t| t.key == c) {
        Some(t) => {
            t.on = !t.on;
            true
        }
        None => false,
    }
}

/// Raw keys for an overlay that takes text: they edit, they never reach the keymap.
pub(super) fn text_key(state: &mut State, ev: KeyEvent) -> Vec<Effect> {
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && ev.code == KeyCode::Char('c') {
        state.quit = true;
        return Vec::new();
    }
    match state.overlays.last_mut() {
        Some(Overlay::Dialog(d)) => match ev.code {
            KeyCode::Enter => return confirm(state),
            KeyCode::Esc => close(state),
            KeyCode::Tab | KeyCode::Down => d.focus = (d.focus + 1) % d.focus_count(),
            KeyCode::BackTab | KeyCode::Up => {
                d.focus = (d.focus + d.focus_count() - 1) % d.focus_count()
            }
            KeyCode::Backspace => {
                if let Some(f) = d.focused_field() {
                    f.value.pop();
                }
            }
            KeyCode::Char(' ') if d.focus < d.choices.len() => {
                d.toggle_focused();
            }
            KeyCode::Char(c) if !ctrl && !c.is_control() => {
                if let Some(f) = d.focused_field() {
                    f.value.push(c);
                }
            }
            _ => {}
        },
        Some(Overlay::Picker(p)) => {
            let shown = p.shown().len();
            match ev.code {
                KeyCode::Esc => close(state),
                KeyCode::Enter => {
                    let pick = p.shown().get(p.selected).map(|(_, cmd)| *cmd);
                    close(state);
                    if let Some(cmd) = pick {
                        return keys::run(state, cmd);
                    }
                }
                KeyCode::Down => p.selected = (p.selected + 1).min(shown.saturating_sub(1)),
                KeyCode::Char('n') if ctrl => {
                    p.selected = (p.selected + 1).min(shown.saturating_sub(1))
                }
                KeyCode::Up => p.selected = p.selected.saturating_sub(1),
                KeyCode::Char('p') if ctrl => p.selected = p.selected.saturating_sub(1),
                KeyCode::Backspace => {
                    p.filter.pop();
                    p.selected = 0;
                }
                KeyCode::Char(c) if !ctrl && !c.is_control() => {
                    p.filter.push(c);
                    p.selected = 0;
                }
                _ => {}
            }
        }
        Some(Overlay::Filter) => super::runs::filter_key(state, ev),
        Some(Overlay::Search(_)) => return super::logs::search_key(state, ev),
        Some(Overlay::Help { .. }) | None => {}
    }
    Vec::new()
}
