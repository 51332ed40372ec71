//! Every configured repository's data. `State::github` stays "the selected repository's slot" for
//! every pane; the others wait here, parked in config order, and trade places on a switch, so no pane
//! has to know there are several.

use chrono::{DateTime, Utc};

use crate::app::slot::Slot;
use crate::event::Update;
use crate::model::github::Snapshot;

#[derive(Debug, Clone, Default)]
pub struct Repos {
    /// `owner/name` as configured, in config order.
    names: Vec<String>,
    selected: usize,
    /// Index for index with `names`; the selected one's entry is empty (its data is `State::github`).
    parked: Vec<Slot<Snapshot>>,
}

impl Repos {
    pub fn new(names: Vec<String>) -> Repos {
        Repos {
            parked: names.iter().map(|_| Slot::default()).collect(),
            names,
            selected: 0,
        }
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn selected(&self) -> usize {
        self.selected
    }

    pub fn selected_name(&self) -> Option<&str> {
        self.names.get(self.selected).map(String::as_str)
    }

    pub fn index_of(&self, repo: &str) -> Option<usize> {
        self.names.iter().position(|n| n == repo)
    }

    /// The parked slot of repository `i` (never the selected one's).
    pub fn parked(&self, i: usize) -> Option<&Slot<Snapshot>> {
        (i != self.selected).then(|| self.parked.get(i)).flatten()
    }

    /// Selects repository `i`: `github` (the selected one's slot) is parked and `i`'s is handed back.
    /// False when `i` is out of range or already selected.
    pub fn select(&mut self, i: usize, github: &mut Slot<Snapshot>) -> bool {
        if i >= self.names.len() || i == self.selected {
            return false;
        }
        std::mem::swap(&mut self.parked[self.selected], github);
        std::mem::swap(&mut self.parked[i], github);
        self.selected = i;
        true
    }

    /// Applies an update for `repo` to its slot (`github` when it is the selected one); true when
    /// what some screen shows changed. Unknown repositories are ignored.
    pub fn apply(
        &mut self,
        repo: &str,
        update: Update<Snapshot>,
        github: &mut Slot<Snapshot>,
        now: DateTime<Utc>,
    ) -> bool {
        match self.index_of(repo) {
            Some(i) if i == self.selected => github.apply(update, now),
            Some(i) => self.parked[i].apply(update, now),
            None => false,
        }
    }

    /// The parked slots, for starting and stopping them with the task.
    pub fn parked_mut(&mut self) -> impl Iterator<Item = &mut Slot<Snapshot>> {
        let selected = self.selected;
        self.parked
            .iter_mut()
            .enumerate()
            .filter(move |(i, _)| *i != selected)
            .map(|(_, s)| s)
    }
}
