//! Source events into their slots: the bookkeeping (loading, stale, failing, stopped) lives in `Slot`.

use crate::app::State;
use crate::event::SourceEvent;
use crate::sources::SourceId;

pub(super) fn on_source(state: &mut State, ev: SourceEvent) {
    let now = state.now;
    let changed = match ev {
        SourceEvent::Github(update) => state.github.apply(update, now),
        SourceEvent::GithubRepo { repo, update } => {
            state.repos.apply(&repo, update, &mut state.github, now)
        }
    };
    state.dirty |= changed;
}

pub(super) fn slot_start(state: &mut State, id: SourceId) {
    state.dirty = true;
    match id {
        SourceId::Github => {
            state.github.start();
            state.repos.parked_mut().for_each(|s| s.start());
        }
        SourceId::Act => {}
    }
}

pub(super) fn slot_stop(state: &mut State, id: SourceId, reason: String) {
    state.dirty = true;
    let reason = format!("stopped: {reason}");
    match id {
        SourceId::Github => {
            state
                .repos
                .parked_mut()
                .for_each(|s| s.stop(reason.clone()));
            state.github.stop(reason)
        }
        // Nothing shows the action task's data; without it no action can be sent, which the
        // banner says until gantry restarts.
        SourceId::Act => state
            .warnings
            .push(format!("actions are unavailable: the action task {reason}")),
    }
}

/// Makes repository `i` the selected one: the header, the overview and every pane reading
/// `state.github` follow it.
pub(super) fn select_repo(state: &mut State, i: usize) {
    if state.repos.select(i, &mut state.github) {
        state.settings.context.repo = state.repos.selected_name().map(String::from);
        state.dirty = true;
    }
}

/// `]` and `[`: the next or previous repository, wrapping around.
pub(super) fn cycle_repo(state: &mut State, step: isize) {
    let n = state.repos.len();
    if n < 2 {
        state.message = Some("one repository is configured".into());
        return;
    }
    let at = state.repos.selected() as isize;
    let next = (at + step).rem_euclid(n as isize) as usize;
    select_repo(state, next);
}
