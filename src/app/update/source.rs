//! Source events into their slots: the bookkeeping (loading, stale, failing, stopped) lives in `Slot`.

use crate::app::State;
use crate::event::SourceEvent;
use crate::sources::SourceId;

pub(super) fn on_source(state: &mut State, ev: SourceEvent) {
    let now = state.now;
    let changed = match ev {
        SourceEvent::Github(update) => state.github.apply(update, now),
    };
    state.dirty |= changed;
}

pub(super) fn slot_start(state: &mut State, id: SourceId) {
    state.dirty = true;
    match id {
        SourceId::Github => state.github.start(),
    }
}

pub(super) fn slot_stop(state: &mut State, id: SourceId, reason: String) {
    state.dirty = true;
    let reason = format!("stopped: {reason}");
    match id {
        SourceId::Github => state.github.stop(reason),
    }
}
