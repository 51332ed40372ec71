//! Keys of the gates pane: move between gates, Enter opens a gate's evidence, Esc closes it, `y`
//! copies the link of what is selected.

use crate::app::effect::Terminal;
use crate::app::slot::Health;
use crate::app::{Effect, Pane, State};
use crate::command::Command;
use crate::sources::evidence;

/// Whether the gates pane takes `cmd` now (it has the focus and the command means something there).
pub(super) fn takes(state: &State, cmd: Command) -> bool {
    if state.focus() != Pane::Gates || shown_len(state) == 0 {
        return false;
    }
    match cmd {
        Command::Up | Command::Down | Command::Top | Command::Bottom | Command::Open => true,
        Command::PageUp | Command::PageDown | Command::CopyUrl => true,
        Command::Back => state.gates_view.open,
        _ => false,
    }
}

fn shown_len(state: &State) -> usize {
    state
        .gates
        .data
        .as_ref()
        .and_then(|b| b.next_environment())
        .map_or(0, |v| v.reports.len())
}

pub(super) fn key(state: &mut State, cmd: Command) -> Vec<Effect> {
    let last = shown_len(state).saturating_sub(1);
    let view = &mut state.gates_view;
    view.selected = view.selected.min(last);
    match (view.open, cmd) {
        (_, Command::Open) => {
            view.open = !view.open;
            view.scroll = 0;
        }
        (true, Command::Back) => view.open = false,
        (true, Command::Up) => view.scroll = view.scroll.saturating_sub(1),
        (true, Command::Down) => view.scroll = view.scroll.saturating_add(1),
        (true, Command::PageUp) => view.scroll = view.scroll.saturating_sub(10),
        (true, Command::PageDown) => view.scroll = view.scroll.saturating_add(10),
        (true, Command::Top) => view.scroll = 0,
        (false, Command::Up | Command::PageUp) => view.selected = view.selected.saturating_sub(1),
        (false, Command::Down | Command::PageDown) => view.selected = (view.selected + 1).min(last),
        (false, Command::Top) => view.selected = 0,
        (false, Command::Bottom) => view.selected = last,
        (_, Command::CopyUrl) => return copy_link(state),
        _ => {}
    }
    Vec::new()
}

/// The link of the selected gate's deciding rule (its check run, alert page or query).
fn copy_link(state: &mut State) -> Vec<Effect> {
    let link = state
        .gates
        .data
        .as_ref()
        .and_then(|b| b.next_environment())
        .and_then(|v| {
            let at = state.gates_view.selected_in(v)?;
            let gate = &v.reports[at];
            gate.deciding()
                .chain(gate.rules.iter())
                .find_map(|r| r.link.clone())
        });
    match link {
        Some(url) => {
            state.message = Some(format!("copied {}", crate::sanitize::clean(&url)));
            vec![Effect::Terminal(Terminal::Copy(url))]
        }
        None => {
            state.message = Some("this gate's evidence has no link".into());
            Vec::new()
        }
    }
}

/// The evidence source's refresh, when it runs (ctrl-r and a finished action ask for it).
pub(super) fn refresh(state: &State) -> Option<Effect> {
    (state.gates.health != Health::Off).then_some(Effect::Evidence(evidence::Command::Refresh))
}
