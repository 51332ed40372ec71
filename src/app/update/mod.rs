//! The pure `update`: every action becomes a change of `State` plus the effects to carry out.

mod actions;
mod gates;
mod graph;
mod keys;
pub mod logs;
mod overlay;
mod panes;
mod review;
mod rollout;
mod run_actions;
mod runs;
mod source;

use crate::app::overlay::{Overlay, Phase};
use crate::app::slot::Health;
use crate::app::{Action, Effect, State};

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Key(ev) => keys::on_key(state, ev),
        Action::Command(cmd) => {
            state.dirty = true;
            keys::run(state, cmd)
        }
        Action::Resize(w, h) => {
            state.width = w;
            state.height = h;
            logs::fit(state);
            // A pane hidden at the new size cannot keep focus.
            if !state.visible_panes().contains(&state.focus()) {
                state.set_focus(state.visible_panes()[0]);
            }
            state.dirty = true;
            Vec::new()
        }
        Action::Tick(now) => {
            on_tick(state, now);
            Vec::new()
        }
        Action::Quit => {
            state.quit = true;
            Vec::new()
        }
        Action::Source(ev) => source::on_source(state, ev),
        Action::SourceStarted(id) => source::slot_start(state, id),
        Action::SourceEnded { source, reason } => {
            source::slot_stop(state, source, reason);
            Vec::new()
        }
        Action::EffectFailed { target, reason } => {
            state.dirty = true;
            state.message = Some(format!(
                "{} did not take the request: {reason}",
                target.name()
            ));
            vec![Effect::BELL]
        }
        Action::Warning(w) => {
            state.dirty = true;
            state.warnings.push(w);
            Vec::new()
        }
        Action::Open(overlay) => {
            state.dirty = true;
            overlay::open(state, overlay);
            Vec::new()
        }
        Action::Outcome { dialog, result } => {
            let done = result.is_ok();
            on_outcome(state, dialog, result);
            // Something changed on GitHub: show it now rather than at the next poll.
            let mut effects = Vec::new();
            if done && state.github.health != Health::Off {
                effects.push(Effect::Github(crate::sources::github::Command::Refresh));
                effects.extend(gates::refresh(state));
            }
            if done && state.review.health != Health::Off {
                effects.push(Effect::Review(crate::sources::review::Command::Refresh));
            }
            // Refused or not, the action left records: show them.
            if state.trail.health != Health::Off {
                effects.push(Effect::Trail(crate::sources::trail::Command::Refresh));
            }
            effects
        }
    }
}

/// Redraw only when something on screen depends on the time: the header's minute, a retry countdown,
/// a slow request's elapsed time, or a running job's elapsed time.
fn on_tick(state: &mut State, now: chrono::DateTime<chrono::Utc>) {
    let minute = |t: chrono::DateTime<chrono::Utc>| t.format("%H:%M").to_string();
    let before = state.now;
    state.now = now;
    let seconds_shown = state.github.health == Health::Failing
        || state.rollouts.failing()
        || state.github.slow_request(now).is_some()
        || state
            .github
            .data
            .as_ref()
            .is_some_and(panes::something_runs);
    if minute(now) != minute(before) || (seconds_shown && now.timestamp() != before.timestamp()) {
        state.dirty = true;
    }
}

/// The outcome of a dialog's request shows in that dialog, or, if it was dismissed, on the status line.
fn on_outcome(state: &mut State, id: u64, result: Result<String, String>) {
    state.dirty = true;
    let open = state.overlays.iter_mut().find_map(|o| match o {
        Overlay::Dialog(d) if d.id == id => Some(d),
        _ => None,
    });
    match open {
        Some(d) => d.phase = Phase::Done(result),
        None => {
            state.message = Some(match result {
                Ok(text) => text,
                Err(text) => format!("failed: {text}"),
            })
        }
    }
}
