//! Source events into their slots: the bookkeeping (loading, stale, failing, stopped) lives in `Slot`.

use crate::app::{Effect, State, notice};
use crate::event::SourceEvent;
use crate::model::pipeline::wanted;
use crate::sources::SourceId;

/// Applies a source's update; the effects are notifications for what newly waits and requests for
/// what the new data needs (the workflow files of a new pipeline, each once).
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
        SourceEvent::Evidence(update) => state.gates.apply(update, now),
        SourceEvent::Kube { env, link, update } => state.rollouts.apply(&env, link, update, now),
        SourceEvent::GithubRepo { repo, update } => {
            state.repos.apply(&repo, update, &mut state.github, now)
        }
        SourceEvent::WorkflowFiles(update) => state.workflows.apply(update, now),
        SourceEvent::Logs(update) => super::logs::on_event(state, update),
    };
    state.dirty |= changed;
    effects.extend(ask_for_files(state));
    effects
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
        SourceId::Evidence => state.gates.start(),
        SourceId::Github => {
            state.github.start();
            state.repos.parked_mut().for_each(|s| s.start());
        }
        SourceId::WorkflowFiles => {
            state.workflows.start();
            return ask_for_files(state);
        }
        SourceId::Logs => state.log_source.start(),
        SourceId::Act => {}
        SourceId::Review => state.review.start(),
        SourceId::Notify => {}
        SourceId::Kube => state.rollouts.start(),
        SourceId::Trail => state.trail.start(),
    }
    Vec::new()
}

pub(super) fn slot_stop(state: &mut State, id: SourceId, reason: String) {
    state.dirty = true;
    let reason = format!("stopped: {reason}");
    match id {
        SourceId::Review => state.review.stop(reason),
        SourceId::Trail => state.trail.stop(reason),
        SourceId::Notify => tracing::warn!("notifications stopped: {reason}"),
        SourceId::Evidence => state.gates.stop(reason),
        SourceId::Github => {
            state
                .repos
                .parked_mut()
                .for_each(|s| s.stop(reason.clone()));
            state.github.stop(reason)
        }
        SourceId::WorkflowFiles => state.workflows.stop(reason),
        SourceId::Logs => state.log_source.stop(reason),
        // Nothing shows the action task's data; without it no action can be sent, which the
        // banner says until gantry restarts.
        SourceId::Act => state
            .warnings
            .push(format!("actions are unavailable: the action task {reason}")),
        SourceId::Kube => state.rollouts.stop(&reason),
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
