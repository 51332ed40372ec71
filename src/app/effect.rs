//! What `update` asks the outside world to do, addressed to the task that carries it out. The runner
//! hands each effect to its task's bounded channel; a full or closed channel comes back as a visible
//! failure, never a silent drop.

use crate::model::request::Request;
use crate::sources::{github, logs};

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Written to the terminal by the runner itself.
    Terminal(Terminal),
    /// For the GitHub source.
    Github(github::Command),
    /// A confirmed action, for the action task (audited, sent once).
    Act(Box<Request>),
    /// For the log source (open a log, stop, save).
    Logs(logs::Command),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Terminal {
    /// Put text on the clipboard with OSC 52 (works over SSH).
    Copy(String),
    /// Ring the terminal bell.
    Bell,
}

impl Effect {
    pub const BELL: Effect = Effect::Terminal(Terminal::Bell);
}
