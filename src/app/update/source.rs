//! Source events into their slots: the bookkeeping (loading, stale, failing, stopped) lives in `Slot`.

use crate::app::{Effect, State};
use crate::event::SourceEvent;
use crate::model::pipeline::wanted;
use crate::sources::SourceId;

/// Applies the event; the effects ask for what the new data needs (the workflow files of a new
/// pipeline, each once).
pub(super) fn on_source(state: &mut State, ev: SourceEvent) -> Vec<Effect> {
    let now = state.now;
    let changed = match ev {
        SourceEvent::Github(update) => state.github.apply(update, now),
        SourceEvent::WorkflowFiles(update) => state.workflows.apply(update, now),
    };
    state.dirty |= changed;
    ask_for_files(state)
}

/// The pipeline's workflow files not asked for yet. Only when their task runs: without it the
/// pane lists the jobs, as before.
fn ask_for_files(state: &mut State) -> Vec<Effect> {
    if state.workflows.health == crate::app::slot::Health::Off {
        return Vec::new();
    }
    let Some(snap) = state.github.data.as_ref() else {
        return Vec::new();
    };
    let mut effects = Vec::new();
    for key in wanted(snap) {
        if state.files_asked.insert(key.clone()) {
            effects.push(Effect::WorkflowFile(key));
        }
    }
    effects
}

pub(super) fn slot_start(state: &mut State, id: SourceId) -> Vec<Effect> {
    state.dirty = true;
    match id {
        SourceId::Github => state.github.start(),
        SourceId::WorkflowFiles => {
            state.workflows.start();
            return ask_for_files(state);
        }
        SourceId::Act => {}
    }
    Vec::new()
}

pub(super) fn slot_stop(state: &mut State, id: SourceId, reason: String) {
    state.dirty = true;
    let reason = format!("stopped: {reason}");
    match id {
        SourceId::Github => state.github.stop(reason),
        SourceId::WorkflowFiles => state.workflows.stop(reason),
        // Nothing shows the action task's data; without it no action can be sent, which the
        // banner says until gantry restarts.
        SourceId::Act => state
            .warnings
            .push(format!("actions are unavailable: the action task {reason}")),
    }
}
