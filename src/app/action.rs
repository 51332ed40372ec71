//! The one `Action` enum: keys, ticks, resizes and (later) source events all become actions.

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

use crate::app::command::Command;
use crate::sources::SourceEvent;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// A key press, resolved through the keymap inside `update` (chords keep state there).
    Key(KeyEvent),
    /// A named command, from a key or directly (tests, signals).
    Command(Command),
    /// The terminal's new size in columns and rows.
    Resize(u16, u16),
    /// The clock moved; the header shows it when its text changes.
    Tick(DateTime<Utc>),
    /// A source fetched something, or failed to.
    Source(SourceEvent),
    /// Quit now (SIGTERM, SIGHUP, or the input stream ended).
    Quit,
}
