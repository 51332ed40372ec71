//! The log being viewed, as the app keeps it: the bounded buffer the log source fills, the view the
//! keys move, what the log is of, and what the source last said about it (a running job's steps).
//! `generation` names the log asked for, so a late event for a log the user left is dropped.

use std::fmt;

use crate::app::slot::SameOnScreen;
use crate::logs::{Limits, LogBuffer, LogView};
use crate::model::github::Job;
use crate::model::logs::{LogFeed, LogSubject};

#[derive(Clone, Default)]
pub struct Logs {
    pub buffer: LogBuffer,
    pub view: LogView,
    pub subject: Option<LogSubject>,
    /// The log asked for last; events carry it back.
    pub generation: u64,
    /// A running job: its steps, until its log can be fetched.
    pub running: Option<Job>,
    /// The source's last word on this log ("stream reconnected", "complete").
    pub note: Option<String>,
    /// The log is complete (a finished job's text, a file, a pod log without follow).
    pub complete: bool,
}

impl fmt::Debug for Logs {
    // A million lines are not worth printing: the shape is.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Logs")
            .field("subject", &self.subject)
            .field("generation", &self.generation)
            .field("lines", &self.buffer.len())
            .field("dropped", &self.buffer.dropped())
            .field("note", &self.note)
            .finish_non_exhaustive()
    }
}

impl Logs {
    /// Starts over on `subject` with a fresh buffer (capped by `limits`); the view's switches
    /// (wrap, timestamps, colours, symbols) carry over, its position and search do not.
    pub fn open(&mut self, subject: LogSubject, limits: Limits) -> u64 {
        self.generation += 1;
        self.buffer = LogBuffer::new(limits);
        let mut view = LogView::new();
        view.set_symbols(*self.view.symbols());
        view.set_colors(self.view.colors());
        view.set_local_offset(self.view.local_offset());
        view.set_time_mode(self.view.time_mode());
        let (w, h) = self.view.viewport();
        view.set_viewport(&self.buffer, w, h);
        self.view = view;
        self.subject = Some(subject);
        self.running = None;
        self.note = None;
        self.complete = false;
        self.generation
    }

    /// Takes what the source sent; true when the screen changes.
    pub fn feed(&mut self, feed: LogFeed) -> bool {
        match feed {
            LogFeed::Bytes(bytes) => {
                self.running = None;
                self.buffer.push_bytes(&bytes);
            }
            LogFeed::Lines(lines) => {
                for line in lines {
                    let tag = self.buffer.tag(&line.pod);
                    self.buffer.push_line(&line.text, Some(tag));
                }
            }
            LogFeed::Running(job) => {
                let same = self.running.as_ref() == Some(&job);
                self.running = Some(job);
                return !same;
            }
            LogFeed::Note(note) => self.note = Some(note),
            LogFeed::End => {
                self.buffer.finish();
                self.running = None;
                self.complete = true;
            }
        }
        self.view.sync(&self.buffer);
        true
    }
}

/// The log source's slot holds only that something arrived: the lines live in [`Logs`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Received;

impl SameOnScreen for Received {
    fn same_on_screen(&self, _: &Self) -> bool {
        true
    }
}
