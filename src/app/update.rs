//! The pure `update`: every key, tick and resize becomes a change of `State` plus effects.

use crate::app::command::{Command, is_write};
use crate::app::state::{Help, Screen, SourceStatus, State};
use crate::app::{Action, Effect};
use crate::keymap::{Key, Lookup};
use crate::sources::SourceEvent;

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Key(ev) => on_key(state, Key::from_event(&ev)),
        Action::Command(cmd) => {
            state.dirty = true;
            run(state, cmd)
        }
        Action::Resize(w, h) => {
            state.width = w;
            state.height = h;
            // A pane hidden at the new size cannot keep focus.
            if !state.visible_panes().contains(&state.focus()) {
                state.set_focus(state.visible_panes()[0]);
            }
            state.dirty = true;
            Vec::new()
        }
        Action::Tick(now) => {
            // The header shows minutes: redraw only when that text changes (bytes matter over SSH).
            if now.format("%H:%M").to_string() != state.now.format("%H:%M").to_string() {
                state.dirty = true;
            }
            state.now = now;
            Vec::new()
        }
        Action::Quit => {
            state.quit = true;
            Vec::new()
        }
        Action::Source(ev) => {
            on_source(state, ev);
            Vec::new()
        }
    }
}

/// A source's news. A failure keeps the last data (shown as stale) and the time failures began.
fn on_source(state: &mut State, ev: SourceEvent) {
    match ev {
        SourceEvent::GithubLoaded {
            runs,
            jobs_by_run,
            quota,
        } => {
            let gh = &mut state.github;
            // A poll answered by 304s changes nothing on screen but the header's 304 counter; that
            // waits for the next redraw (at most the clock's minute) so idle polling writes nothing.
            let unchanged = matches!(gh.status, SourceStatus::Ok { .. })
                && gh.runs == runs
                && gh.jobs == jobs_by_run
                && state.quota.is_some_and(|q| q.remaining == quota.remaining);
            state.dirty |= !unchanged;
            gh.runs = runs;
            gh.jobs = jobs_by_run;
            gh.status = SourceStatus::Ok { at: state.now };
            gh.fetched_at = Some(state.now);
            state.quota = Some(quota);
        }
        SourceEvent::GithubFailed { message, retry_in } => {
            state.dirty = true;
            let since = match &state.github.status {
                SourceStatus::Failed { since, .. } => *since,
                _ => state.now,
            };
            state.github.status = SourceStatus::Failed {
                message,
                retry_in,
                since,
            };
        }
    }
}

fn on_key(state: &mut State, key: Key) -> Vec<Effect> {
    state.dirty = true;
    state.message = None;
    let mode = state.mode();
    let mut seq = std::mem::take(&mut state.pending);
    seq.push(key);
    match state.keymap.lookup(mode, &seq) {
        Lookup::Command(cmd) => run(state, cmd),
        Lookup::Pending => {
            state.pending = seq;
            Vec::new()
        }
        // An unfinished chord followed by a key that does not continue it: try the key alone, as vim does.
        Lookup::None if seq.len() > 1 => on_key(state, key),
        Lookup::None => Vec::new(),
    }
}

fn run(state: &mut State, cmd: Command) -> Vec<Effect> {
    if is_write(cmd) && state.read_only {
        state.message = Some(format!("read-only mode: {} is disabled", cmd.name()));
        return vec![Effect::Bell];
    }
    if let Some(help) = state.help.as_mut() {
        match cmd {
            Command::Help | Command::Back | Command::Quit => state.help = None,
            Command::Down => help.scroll = help.scroll.saturating_add(1),
            Command::Up => help.scroll = help.scroll.saturating_sub(1),
            Command::PageDown => help.scroll = help.scroll.saturating_add(10),
            Command::PageUp => help.scroll = help.scroll.saturating_sub(10),
            Command::Top => help.scroll = 0,
            Command::Bottom => help.scroll = u16::MAX,
            Command::ForceQuit => state.quit = true,
            Command::Screen(s) => {
                state.help = None;
                state.screen = s;
            }
            _ => {}
        }
        return Vec::new();
    }
    match cmd {
        Command::Help => state.help = Some(Help::default()),
        Command::ForceQuit => state.quit = true,
        // q leaves a screen, then quits; it never stops at a warning (the banner is not in the way).
        Command::Quit => {
            if state.screen != Screen::Overview {
                state.screen = Screen::Overview;
            } else {
                state.quit = true;
            }
        }
        Command::Back => {
            back(state);
        }
        Command::FocusNext => cycle_focus(state, 1),
        Command::FocusPrev => cycle_focus(state, -1),
        Command::Focus(pane) => {
            if let Some(screen) = screen_showing(state, pane) {
                state.screen = screen;
                state.set_focus(pane);
            }
        }
        Command::Screen(screen) => state.screen = screen,
        Command::Refresh => return vec![Effect::Refresh],
        other => {
            state.message = Some(nothing_to_do(other));
        }
    }
    Vec::new()
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
fn screen_showing(state: &State, pane: crate::app::Pane) -> Option<Screen> {
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
