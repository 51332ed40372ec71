//! Keys: to the top overlay first (as text when it takes text), else through the keymap to a command.

use crossterm::event::KeyEvent;

use super::overlay;
use crate::app::overlay::{Overlay, Picker};
use crate::app::{Effect, State};
use crate::command::{Command, Pane, Screen, is_write};
use crate::keymap::{Key, Lookup};
use crate::sources::github;

pub(super) fn on_key(state: &mut State, ev: KeyEvent) -> Vec<Effect> {
    state.dirty = true;
    state.message = None;
    if state.top_overlay().is_some_and(Overlay::takes_text) {
        state.pending.clear();
        return overlay::text_key(state, ev);
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
    match cmd {
        Command::Help => overlay::open(state, Overlay::Help { scroll: 0 }),
        Command::ForceQuit => state.quit = true,
        // q leaves a screen, then quits; it never stops at a warning (the banner is not in the way).
        Command::Quit => {
            if state.screen != Screen::Overview {
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
        }
        Command::Screen(screen) => state.screen = screen,
        Command::Jump => overlay::open(state, Overlay::Picker(jump_picker())),
        Command::RerunFailed => super::actions::rerun_failed(state),
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
        Command::Refresh => {
            if state.github.health == crate::app::slot::Health::Off {
                state.message = Some("nothing to refresh: no source is configured".into());
            } else {
                return vec![Effect::Github(github::Command::Refresh)];
            }
        }
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
fn jump_picker() -> Picker {
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
    Picker::new("Jump to", screens.chain(panes).collect())
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
fn screen_showing(state: &State, pane: Pane) -> Option<Screen> {
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
        Command::RerunFailed | Command::CancelRun => "no run selected".into(),
        Command::CopyUrl | Command::Open => "nothing selected".into(),
        other => format!("{}: nothing to act on", other.name()),
    }
}
