//! The gates pane's view state: which gate is selected, and whether its evidence is open.

use crate::model::gates::Verdicts;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GatesView {
    /// Index of the selected gate among the shown environment's gates.
    pub selected: usize,
    /// Enter opened the selected gate's evidence (its rules and what they read).
    pub open: bool,
    /// First line shown of the open evidence.
    pub scroll: u16,
}

impl GatesView {
    /// The selection, kept inside the gates there are now (the list can shrink between polls).
    pub fn selected_in(&self, shown: &Verdicts) -> Option<usize> {
        let n = shown.reports.len();
        (n > 0).then(|| self.selected.min(n - 1))
    }
}
