//! Notifications when something starts waiting for a human: decided here, from two successive
//! board snapshots, and carried out as effects (bell and desktop escapes by the runner, the command
//! and webhook by the notifier task). The first snapshot only sets the baseline: starting gantry
//! does not ring for what already waited.

use crate::app::effect::Terminal;
use crate::app::slot::SameOnScreen;
use crate::app::{Effect, State};
use crate::model::approval::{Board, WaitItem};
use crate::notify::send::Note;

/// Which notifications are on (`[notify]`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prefs {
    pub bell: bool,
    /// OSC 9 and OSC 777.
    pub desktop: bool,
    /// A command or a webhook is configured: notes go to the notifier task.
    pub external: bool,
}

impl SameOnScreen for crate::model::trail::TrailView {
    fn same_on_screen(&self, other: &Self) -> bool {
        self == other
    }
}

impl SameOnScreen for Board {
    fn same_on_screen(&self, other: &Self) -> bool {
        self == other
    }
}

fn key(i: &WaitItem) -> (String, String) {
    (i.place.clone(), i.title.clone())
}

/// The effects for items in `after` that were not in `before`.
pub fn on_board(state: &State, before: Option<&Board>, after: Option<&Board>) -> Vec<Effect> {
    let (Some(before), Some(after)) = (before, after) else {
        return Vec::new();
    };
    let old: Vec<(String, String)> = before.wait_items().iter().map(key).collect();
    let new: Vec<WaitItem> = after
        .wait_items()
        .into_iter()
        .filter(|i| !old.contains(&key(i)))
        .collect();
    let Some(first) = new.first() else {
        return Vec::new();
    };
    let title = "gantry: waiting for review".to_string();
    let body = if new.len() == 1 {
        format!("{} {}", first.place, first.title)
    } else {
        format!("{} {} (+{} more)", first.place, first.title, new.len() - 1)
    };
    notify(state.settings.notify, title, body)
}

/// The effects of one notification, as the preferences ask.
pub fn notify(prefs: Prefs, title: String, body: String) -> Vec<Effect> {
    let mut out = Vec::new();
    if prefs.bell {
        out.push(Effect::BELL);
    }
    if prefs.desktop {
        out.push(Effect::Terminal(Terminal::Notify {
            title: title.clone(),
            body: body.clone(),
        }));
    }
    if prefs.external {
        out.push(Effect::Notify(Note { title, body }));
    }
    out
}
