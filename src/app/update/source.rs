//! Source events into their slots: the bookkeeping (loading, stale, failing, stopped) lives in `Slot`.

use crate::app::{Effect, State, notice};
use crate::event::SourceEvent;
use crate::sources::SourceId;

/// Applies a source's update; the effects are notifications for what newly waits.
pub(super) fn on_source(state: &mut State, ev: SourceEvent) -> Vec<Effect> {
    let now = state.now;
    let mut effects = Vec::new();
    let changed = match ev {
        SourceEvent::Github(update) => state.github.apply(update, now),
        SourceEvent::Audit(update) => state.trail.apply(update, now),
        SourceEvent::Review(update) => {
            let before = state.review.data.clone();
            let changed = state.review.apply(update, now);
            if changed {
                effects = notice::on_board(state, before.as_ref(), state.review.data.as_ref());
            }
            changed
        }
    };
    state.dirty |= changed;
    effects
}

pub(super) fn slot_start(state: &mut State, id: SourceId) {
    state.dirty = true;
    match id {
        SourceId::Github => state.github.start(),
        SourceId::Act => {}
        SourceId::Review => state.review.start(),
        SourceId::Notify => {}
        SourceId::Trail => state.trail.start(),
    }
}

pub(super) fn slot_stop(state: &mut State, id: SourceId, reason: String) {
    state.dirty = true;
    let reason = format!("stopped: {reason}");
    match id {
        SourceId::Github => state.github.stop(reason),
        SourceId::Review => state.review.stop(reason),
        SourceId::Trail => state.trail.stop(reason),
        SourceId::Notify => tracing::warn!("notifications stopped: {reason}"),
        // Nothing shows the action task's data; without it no action can be sent, which the
        // banner says until gantry restarts.
        SourceId::Act => state
            .warnings
            .push(format!("actions are unavailable: the action task {reason}")),
    }
}
