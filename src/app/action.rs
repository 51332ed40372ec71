//! The one `Action` enum: keys, ticks, resizes, source events and the runner's reports all become
//! actions, and `update` is the only place they change the state.

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

use crate::app::overlay::Overlay;
use crate::command::Command;
use crate::event::SourceEvent;
use crate::sources::SourceId;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A key press: to the top overlay, else resolved through the keymap (chords keep state there).
    Key(KeyEvent),
    /// A named command, from a key or directly (tests, pickers).
    Command(Command),
    /// The terminal's new size in columns and rows.
    Resize(u16, u16),
    /// The clock moved; the screen is redrawn only when something shown depends on it.
    Tick(DateTime<Utc>),
    /// A source fetched something, or failed to.
    Source(SourceEvent),
    /// The runner started a source's task.
    SourceStarted(SourceId),
    /// A source's task ended (it panicked or returned): it will send nothing again.
    SourceEnded { source: SourceId, reason: String },
    /// An effect could not be handed to its task (its channel is full or closed).
    EffectFailed { target: SourceId, reason: String },
    /// A problem with the user's files or set-up, for the warnings banner.
    Warning(String),
    /// Open an overlay on top of the others.
    Open(Overlay),
    /// What became of a dialog's request, in words.
    Outcome {
        dialog: u64,
        result: Result<String, String>,
    },
    /// Quit now (SIGTERM, SIGHUP, or the input stream ended).
    Quit,
}
