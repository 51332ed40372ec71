//! Keys on the runs tree: j/k move through what is shown, l/Enter open, h closes or goes to the
//! parent, g g / G top and bottom, `/` edits the filter (keys are text until Enter or Esc).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::{Overlay, State};
use crate::command::Command;
use crate::model::runs_tree::{Filter, find, tree, visible};

pub(super) fn on_command(state: &mut State, cmd: Command) {
    if cmd == Command::Filter {
        state.pending.clear();
        state.overlays.push(Overlay::Filter);
        return;
    }
    let Some(snap) = state.github.data.as_ref() else {
        state.message = Some("no runs yet".into());
        return;
    };
    let nodes = tree(snap, &Filter::parse(&state.runs.filter));
    let view = &mut state.runs;
    // Repositories are always open (the pane draws them so).
    let mut opened = view.opened.clone();
    opened.extend(nodes.iter().map(|n| vec![n.id.clone()]));
    let shown = visible(&nodes, &opened);
    let at = shown.iter().position(|p| *p == view.selected);
    let last = shown.len().saturating_sub(1);
    let pick = |i: usize| shown.get(i.min(last)).cloned();
    let next = match cmd {
        Command::Down => pick(at.map_or(0, |i| i + 1)),
        Command::Up => pick(at.map_or(0, |i| i.saturating_sub(1))),
        Command::Top => pick(0),
        Command::Bottom => pick(last),
        Command::Right | Command::Open => {
            let Some(path) = at.and_then(|i| shown.get(i)) else {
                view.selected = shown.first().cloned().unwrap_or_default();
                return;
            };
            let leaf = find(&nodes, path).is_none_or(|n| n.children.is_empty());
            if !leaf && !view.opened.insert(path.clone()) && cmd == Command::Open {
                // Enter on an open node folds it; l only opens.
                view.opened.remove(path);
            }
            None
        }
        Command::Left => {
            if !view.opened.remove(&view.selected) && view.selected.len() > 1 {
                view.selected.pop();
            }
            None
        }
        _ => None,
    };
    if let Some(path) = next {
        view.selected = path;
    }
}

/// Raw keys while the filter overlay is on top: they edit the filter live.
pub(super) fn filter_key(state: &mut State, ev: KeyEvent) {
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    match ev.code {
        KeyCode::Enter => {
            state.overlays.pop();
        }
        KeyCode::Esc => {
            state.overlays.pop();
            state.runs.filter.clear();
        }
        KeyCode::Backspace => {
            state.runs.filter.pop();
        }
        KeyCode::Char(c) if !ctrl && !c.is_control() => state.runs.filter.push(c),
        _ => {}
    }
}
