//! Source events into their slots: the bookkeeping (loading, stale, failing, stopped) lives in `Slot`.

use crate::app::State;
use crate::event::SourceEvent;
use crate::sources::SourceId;

pub(super) fn on_source(state: &mut State, ev: SourceEvent) {
    let now = state.now;
    let changed = match ev {
        SourceEvent::Github(update) => state.github.apply(update, now),
        SourceEvent::Logs(update) => super::logs::on_event(state, update),
    };
    state.dirty |= changed;
}

pub(super) fn slot_start(state: &mut State, id: SourceId) {
    state.dirty = true;
    match id {
        SourceId::Github => state.github.start(),
        SourceId::Logs => state.log_source.start(),
        SourceId::Act => {}
    }
}

pub(super) fn slot_stop(state: &mut State, id: SourceId, reason: String) {
    state.dirty = true;
    let reason = format!("stopped: {reason}");
    match id {
        SourceId::Github => state.github.stop(reason),
        SourceId::Logs => state.log_source.stop(reason),
        // Nothing shows the action task's data; without it no action can be sent, which the
        // banner says until gantry restarts.
        SourceId::Act => state
            .warnings
            .push(format!("actions are unavailable: the action task {reason}")),
    }
}
