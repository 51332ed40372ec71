//! Keys: to the top overlay first (as text when it takes text), else through the keymap to a command.

use crossterm::event::KeyEvent;

use super::overlay;
use crate::app::overlay::{Overlay, Picker};
use crate::app::{Effect, State};
use crate::command::{Command, Pane, Screen, is_write};
use crate::keymap::{Key, Lookup};
use crate::model::kube::canary::CanaryOp;
use crate::sources::github;

pub(super) fn on_key(state: &mut State, ev: KeyEvent) -> Vec<Effect> {
    state.dirty = true;
    state.message = None;
    if state.top_overlay().is_some_and(Overlay::takes_text) {
        state.pending.clear();
        return overlay::text_key(state, ev);
    }
    if overlay::toggle_key(state, &ev) {
        state.pending.clear();
        return Vec::new();
    }
    chord(state, Key::from_event(&ev))
}

fn chord(state: &mut State, key: Key) -> Vec<Effect> {
    let mode = state.mode();
    let mut seq = std::mem::take(&mut state.pending);
    seq.push(key);
    match state.keymap().lookup(mode, &seq) {
        Lookup::Command(cmd) => run(state, cmd),
        Lookup::Pending => {
            state.pending = seq;
            Vec::new()
        }
        // An unfinished chord followed by a key that does not continue it: try the key alone, as vim does.
        Lookup::None if seq.len() > 1 => chord(state, key),
        Lookup::None => Vec::new(),
    }
}

pub(super) fn run(state: &mut State, cmd: Command) -> Vec<Effect> {
    if !state.overlays.is_empty() {
        return overlay::command(state, cmd);
    }
    if is_write(cmd) && state.read_only() {
        state.message = Some(format!("read-only mode: {} is disabled", cmd.name()));
        return vec![Effect::BELL];
    }
    if state.focus() == Pane::Logs
        && let Some(effects) = super::logs::command(state, cmd)
    {
        return effects;
    }
    match cmd {
        cmd if super::gates::takes(state, cmd) => return super::gates::key(state, cmd),
        Command::Help => overlay::open(state, Overlay::Help { scroll: 0 }),
        Command::ForceQuit => state.quit = true,
        // q leaves a screen, then quits; it never stops at a warning (the banner is not in the way).
        Command::Quit => {
            if state.screen != Screen::Overview && !state.settings.viewer_only {
                state.screen = Screen::Overview;
            } else {
                state.quit = true;
            }
        }
        Command::Back => back(state),
        Command::FocusNext => cycle_focus(state, 1),
        Command::FocusPrev => cycle_focus(state, -1),
        Command::Focus(pane) => {
            if let Some(screen) = screen_showing(state, pane) {
                state.screen = screen;
                state.set_focus(pane);
            }
            // `L` with no log open shows the pipeline's job of interest.
            if pane == Pane::Logs
                && state.logs.subject.is_none()
                && let Some(job) = super::logs::job_of_interest(state)
            {
                return super::logs::job_log(state, job);
            }
        }
        Command::JobLog(job) => return super::logs::job_log(state, job),
        Command::Open
            if state.focus() == Pane::Pipeline
                && !super::graph::expands(state)
                && super::logs::job_picker(state) => {}
        Command::Screen(screen) => state.screen = screen,
        Command::Jump => {
            let picker = jump_picker(state.repos.names());
            overlay::open(state, Overlay::Picker(picker))
        }
        Command::Up | Command::Down | Command::Left | Command::Right | Command::Open
            if state.focus() == Pane::Pipeline =>
        {
            super::graph::on_command(state, cmd)
        }
        Command::Up
        | Command::Down
        | Command::Left
        | Command::Right
        | Command::Open
        | Command::Top
        | Command::Bottom
        | Command::Filter
            if state.focus() == Pane::Runs =>
        {
            super::runs::on_command(state, cmd)
        }
        Command::RerunFailed => super::actions::rerun_failed(state),
        Command::CancelRun => super::run_actions::cancel(state),
        Command::Dispatch => super::run_actions::dispatch(state),
        Command::CopyUrl => return super::run_actions::copy_url(state),
        Command::NextRepo => super::source::cycle_repo(state, 1),
        Command::PrevRepo => super::source::cycle_repo(state, -1),
        Command::SelectRepo(i) => super::source::select_repo(state, i),
        Command::Approve => return super::review::review(state, true),
        Command::Reject => return super::review::review(state, false),
        Command::Up | Command::Down | Command::Top | Command::Bottom
            if matches!(
                state.focus(),
                Pane::Environments | Pane::Waiting | Pane::Audit
            ) =>
        {
            move_selection(state, cmd)
        }
        Command::Rollback => return super::rollout::rollback(state),
        Command::RollbackTo(n) => return super::rollout::rollback_to(state, n),
        Command::Promote => return super::rollout::promote(state),
        Command::PromoteStep => return super::rollout::canary(state, CanaryOp::Promote),
        Command::PromoteFull => return super::rollout::canary(state, CanaryOp::PromoteFull),
        Command::Retry => return super::rollout::canary(state, CanaryOp::Retry),
        Command::Abort => return super::rollout::canary(state, CanaryOp::Abort),
        Command::Refresh => {
            let mut out = Vec::new();
            if state.github.health != crate::app::slot::Health::Off {
                out.push(Effect::Github(github::Command::Refresh));
                out.extend(super::gates::refresh(state));
            }
            if state.review.health != crate::app::slot::Health::Off {
                out.push(Effect::Review(crate::sources::review::Command::Refresh));
            }
            if !state.rollouts.is_empty() {
                out.push(Effect::Kube(crate::sources::kube::Command::Refresh));
            }
            if out.is_empty() {
                state.message = Some("nothing to refresh: no source is configured".into());
            }
            return out;
        }
        nav if state.focus() == Pane::Rollout && super::rollout::navigate(state, nav) => {}
        other => state.message = Some(nothing_to_do(other)),
    }
    Vec::new()
}

/// j/k (and g g / G) in the list panes that keep their selection in `State`.
fn move_selection(state: &mut State, cmd: Command) {
    use crate::app::select::{step, waiting_items};
    let (len, at) = match state.focus() {
        Pane::Environments => (
            state.review.data.as_ref().map_or(0, |b| b.envs.len()),
            &mut state.selection.board,
        ),
        Pane::Waiting => (waiting_items(state).len(), &mut state.selection.waiting),
        _ => (
            state.trail.data.as_ref().map_or(0, |t| t.rows.len()),
            &mut state.selection.audit,
        ),
    };
    *at = match cmd {
        Command::Up => step(*at, -1, len),
        Command::Down => step(*at, 1, len),
        Command::Top => 0,
        _ => len.saturating_sub(1),
    };
}

/// `:` lists where one can go; typing filters the list.
fn jump_picker(repos: &[String]) -> Picker {
    let screens = Screen::ALL.iter().enumerate().map(|(i, s)| {
        (
            format!("{} {} screen", i + 1, s.title()),
            Command::Screen(*s),
        )
    });
    let panes = [
        Pane::Pipeline,
        Pane::Gates,
        Pane::Environments,
        Pane::Rollout,
        Pane::Logs,
    ]
    .into_iter()
    .map(|p| (format!("{} pane", p.title()), Command::Focus(p)));
    // Only when there is a choice: one repository is always the selected one.
    let repos = repos
        .iter()
        .enumerate()
        .filter(|_| repos.len() > 1)
        .map(|(i, r)| {
            (
                format!("{} repository", crate::sanitize::clean(r)),
                Command::SelectRepo(i),
            )
        });
    Picker::new("Jump to", screens.chain(panes).chain(repos).collect())
}

/// Esc: dismiss the warnings banner, then return to the overview.
fn back(state: &mut State) {
    if !state.warnings.is_empty() {
        state.warnings.clear();
    } else if state.screen != Screen::Overview {
        state.screen = Screen::Overview;
    }
}

fn cycle_focus(state: &mut State, step: isize) {
    let panes = state.visible_panes();
    let at = panes.iter().position(|p| *p == state.focus()).unwrap_or(0) as isize;
    let next = (at + step).rem_euclid(panes.len() as isize) as usize;
    state.set_focus(panes[next]);
}

/// The screen on which `pane` can take focus: the current one if it shows it, else the screen that
/// leads with it (logs -> the log viewer), else the first that shows it at this size.
pub(super) fn screen_showing(state: &State, pane: Pane) -> Option<Screen> {
    if state.visible_panes().contains(&pane) {
        return Some(state.screen);
    }
    let shows = |s: &Screen| state.visible_panes_on(*s).contains(&pane);
    Screen::ALL
        .into_iter()
        .find(|s| shows(s) && s.panes()[0] == pane)
        .or_else(|| Screen::ALL.into_iter().find(shows))
}

/// What a command says when the focused pane has nothing it applies to yet.
fn nothing_to_do(cmd: Command) -> String {
    match cmd {
        Command::Approve | Command::Reject => "nothing is waiting for review here".into(),
        Command::Rollback | Command::Promote | Command::Abort => "no rollout selected".into(),
        Command::RerunFailed | Command::CancelRun | Command::Dispatch => "no run selected".into(),
        Command::CopyUrl | Command::Open => "nothing selected".into(),
        other => format!("{}: nothing to act on", other.name()),
    }
}
