//! The log viewer's keys and the log source's events. Keys become `LogView` operations on the
//! buffer in `State`; opening a log asks the log source for it; `/` takes its pattern through an
//! input overlay (no keymap while typing); `s` saves through the log source; `y` copies by OSC 52.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::overlay;
use crate::app::effect::Terminal;
use crate::app::logs::Received;
use crate::app::overlay::{Overlay, Picker, SearchInput};
use crate::app::{Effect, State};
use crate::command::{Command, Pane};
use crate::event::Update;
use crate::logs::write_plain;
use crate::model::github::Job;
use crate::model::logs::{LogEvent, LogSubject};
use crate::sources::logs::Command as LogCommand;

/// OSC 52 payloads beyond this are refused by many terminals; the copy says it was cut.
pub const COPY_MAX_BYTES: usize = 64 * 1024;

/// The log source's events: lines for the log on screen go into its buffer; stale ones are dropped.
pub(super) fn on_event(state: &mut State, update: Update<LogEvent>) -> bool {
    let now = state.now;
    match update {
        Update::Loaded(ev) => {
            // Generation 0 is a note for whatever is on screen (a save's outcome).
            if ev.generation != 0 && ev.generation != state.logs.generation {
                return false;
            }
            let changed = state.logs.feed(ev.feed);
            state.log_source.apply(Update::Loaded(Received), now) || changed
        }
        Update::Fetching => state.log_source.apply(Update::Fetching, now),
        Update::Failed { message, retry_in } => state
            .log_source
            .apply(Update::Failed { message, retry_in }, now),
    }
}

/// Opens `subject` in the viewer and asks the log source for it.
pub fn open(state: &mut State, subject: LogSubject) -> Vec<Effect> {
    let generation = state.logs.open(subject.clone(), state.settings.log_limits);
    state.dirty = true;
    vec![Effect::Logs(LogCommand::Open {
        generation,
        subject,
    })]
}

/// Commands that mean something else while the log viewer has the keys; `None` for the rest.
pub(super) fn command(state: &mut State, cmd: Command) -> Option<Vec<Effect>> {
    let logs = &mut state.logs;
    let (buf, view) = (&logs.buffer, &mut logs.view);
    match cmd {
        Command::Up => view.up(buf, 1),
        Command::Down => view.down(buf, 1),
        Command::PageUp => view.page_up(buf),
        Command::PageDown => view.page_down(buf),
        Command::Top => view.to_top(buf),
        Command::Bottom => view.to_bottom(buf),
        Command::Left => view.scroll_left(),
        Command::Right => view.scroll_right(),
        Command::Follow => view.toggle_follow(buf),
        Command::Wrap => view.toggle_wrap(buf),
        Command::Timestamps => view.cycle_time(buf),
        Command::Fold => view.toggle_fold(buf),
        Command::NextMatch | Command::PrevMatch => {
            let found = match view.search() {
                None => {
                    state.message = Some("no search: / starts one".into());
                    return Some(Vec::new());
                }
                Some(_) if cmd == Command::NextMatch => view.next_match(buf),
                Some(_) => view.prev_match(buf),
            };
            if !found {
                state.message = Some("no other match".into());
            }
        }
        Command::NextError => {
            if !view.next_error(buf) {
                state.message = Some("no error or warning below".into());
            }
        }
        Command::Filter => {
            let filter = view.filtering();
            let text = view
                .search()
                .map(|s| s.matcher.pattern().to_string())
                .unwrap_or_default();
            overlay::open(
                state,
                Overlay::Search(SearchInput {
                    text,
                    filter,
                    error: None,
                }),
            );
        }
        Command::FilterLines => {
            if !view.toggle_filter(buf) {
                state.message = Some("no search to filter by: / starts one".into());
            }
        }
        Command::Select => match view.selection() {
            Some(_) => view.clear_selection(),
            None => view.start_selection(buf),
        },
        Command::CopyUrl => return Some(copy(state)),
        Command::Save => return Some(save(state)),
        // Esc drops the search, then the selection, before it leaves the screen.
        Command::Back if view.search().is_some() => view.clear_search(buf),
        Command::Back if view.selection().is_some() => view.clear_selection(),
        _ => return None,
    }
    Some(Vec::new())
}

fn copy(state: &mut State) -> Vec<Effect> {
    let logs = &state.logs;
    if logs.buffer.is_empty() {
        state.message = Some("nothing to copy".into());
        return Vec::new();
    }
    let text = logs.view.selection_text(&logs.buffer, COPY_MAX_BYTES);
    let lines = logs.view.selection().map_or(1, |(from, to)| to - from + 1);
    state.message = Some(format!(
        "copied {lines} line{} to the clipboard (OSC 52)",
        if lines == 1 { "" } else { "s" }
    ));
    vec![Effect::Terminal(Terminal::Copy(text))]
}

fn save(state: &mut State) -> Vec<Effect> {
    let logs = &state.logs;
    if logs.buffer.is_empty() {
        state.message = Some("nothing to save".into());
        return Vec::new();
    }
    let mut text = Vec::with_capacity(logs.buffer.text_bytes());
    if write_plain(&logs.buffer, &mut text, true).is_err() {
        state.message = Some("could not write the log out".into());
        return Vec::new();
    }
    let name = logs
        .subject
        .as_ref()
        .map_or_else(|| "log".to_string(), LogSubject::title);
    let path = state.settings.log_dir.join(file_name(&name, state.now));
    state.message = Some(format!("saving to {}", path.display()));
    vec![Effect::Logs(LogCommand::Save {
        path,
        text: String::from_utf8_lossy(&text).into_owned(),
    })]
}

/// `job build (#42)` at 03:14:00 -> `job-build-42-20261127T031400Z.log`.
fn file_name(title: &str, now: chrono::DateTime<chrono::Utc>) -> String {
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() || c == '.' || c == '_' {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug: String = slug.chars().take(80).collect();
    format!("{slug}-{}.log", now.format("%Y%m%dT%H%M%SZ"))
}

/// Raw keys for the search input: text edits it, Tab switches search and filter, Enter applies.
pub(super) fn search_key(state: &mut State, ev: KeyEvent) -> Vec<Effect> {
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    let Some(Overlay::Search(input)) = state.overlays.last_mut() else {
        return Vec::new();
    };
    match ev.code {
        KeyCode::Esc => overlay::close(state),
        KeyCode::Tab | KeyCode::BackTab => input.filter = !input.filter,
        KeyCode::Backspace => {
            input.text.pop();
            input.error = None;
        }
        KeyCode::Char('u') if ctrl => input.text.clear(),
        KeyCode::Char(c) if !ctrl && !c.is_control() => {
            input.text.push(c);
            input.error = None;
        }
        KeyCode::Enter => {
            let (text, filter) = (input.text.clone(), input.filter);
            let logs = &mut state.logs;
            let (buf, view) = (&logs.buffer, &mut logs.view);
            if text.is_empty() {
                view.clear_search(buf);
                overlay::close(state);
                return Vec::new();
            }
            match view.search_for(buf, &text) {
                Ok(()) => {
                    view.set_filter(buf, filter);
                    overlay::close(state);
                    let found = state.logs.view.search().map_or(0, |s| s.matches().len());
                    if found == 0 {
                        state.message = Some(format!("no line matches /{text}/"));
                    }
                }
                Err(e) => {
                    // The regex error, cleaned: it quotes what was typed.
                    let first = e.to_string();
                    let first = first.lines().last().unwrap_or("invalid pattern");
                    input.error = Some(crate::sanitize::clean(first));
                }
            }
        }
        _ => {}
    }
    Vec::new()
}

/// Enter on the pipeline: a picker of its jobs, each opening its log.
pub(super) fn job_picker(state: &mut State) -> bool {
    let Some(snap) = state.github.data.as_ref() else {
        return false;
    };
    let (ci, cd) = snap.pipeline();
    let items: Vec<(String, Command)> = ci
        .into_iter()
        .chain(cd)
        .flat_map(|r| snap.jobs_of(r))
        .map(|j| (job_label(j), Command::JobLog(j.id)))
        .collect();
    if items.is_empty() {
        return false;
    }
    overlay::open(state, Overlay::Picker(Picker::new("Log of job", items)));
    true
}

fn job_label(job: &Job) -> String {
    let status = job
        .status
        .api_conclusion()
        .unwrap_or(job.status.api_status());
    format!("{} ({status})", job.name)
}

/// The job `L` shows when no log is open: the first failed, else the first running, else the last.
pub(super) fn job_of_interest(state: &State) -> Option<u64> {
    let snap = state.github.data.as_ref()?;
    let (ci, cd) = snap.pipeline();
    let jobs: Vec<&Job> = ci
        .into_iter()
        .chain(cd)
        .flat_map(|r| snap.jobs_of(r))
        .collect();
    jobs.iter()
        .find(|j| j.status.failed())
        .or_else(|| jobs.iter().find(|j| j.status.active()))
        .or(jobs.last())
        .map(|j| j.id)
}

/// Focuses the Logs pane: on this screen if it shows it, else on the logs screen.
fn show_logs(state: &mut State) {
    if let Some(screen) = super::keys::screen_showing(state, Pane::Logs) {
        state.screen = screen;
        state.set_focus(Pane::Logs);
    }
}

/// Shows the log of the job with `id` on the logs screen.
pub(super) fn job_log(state: &mut State, id: u64) -> Vec<Effect> {
    let Some(snap) = state.github.data.as_ref() else {
        return Vec::new();
    };
    let Some(job) = snap.jobs.values().flatten().find(|j| j.id == id) else {
        state.message = Some("that job is no longer listed".into());
        return Vec::new();
    };
    let subject = LogSubject::Job {
        repo: snap.repo.clone(),
        job_id: job.id,
        name: job.name.clone(),
    };
    show_logs(state);
    if state.logs.subject.as_ref() == Some(&subject) {
        return Vec::new();
    }
    open(state, subject)
}

/// Tells the view the size it is drawn at on the logs screen, for paging (the widget keeps the
/// cursor in sight at whatever size it is actually given).
pub(super) fn fit(state: &mut State) {
    // Less the header, tab and status rows, the pane's border and its title line.
    let w = state.width.saturating_sub(2);
    let h = state.height.saturating_sub(6);
    let logs = &mut state.logs;
    logs.view.set_viewport(&logs.buffer, w, h);
}
