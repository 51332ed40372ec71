//! The state the panes read. Only `update` writes it.

use std::collections::BTreeSet;

use chrono::{DateTime, TimeDelta, Utc};

use crate::app::logs::{Logs, Received};
use crate::app::overlay::Overlay;
use crate::app::repos::Repos;
use crate::app::rollouts::Rollouts;
use crate::app::slot::{SameOnScreen, Slot};
use crate::command::{Pane, Screen};
use crate::keymap::{Key, Keymap, Mode};
use crate::model::approval::Board;
use crate::model::gates::{GateBoard, Verdicts};
use crate::model::github::Snapshot;
use crate::model::pipeline::{FileKey, WorkflowFiles};
use crate::theme::Symbols;
use crate::workflow::NodeId;

/// Below this size the overview shows one pane at a time behind a tab strip.
pub const COMPACT_WIDTH: u16 = 100;
pub const COMPACT_HEIGHT: u16 = 28;
/// From this size the overview also shows the rollout and logs panes.
pub const WIDE_WIDTH: u16 = 160;
pub const WIDE_HEIGHT: u16 = 40;

/// What the header says about where gantry is pointed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    pub repo: Option<String>,
    pub branch: Option<String>,
    pub cluster: Option<String>,
}

/// What stays fixed for a session: chosen once from the config, flags and locale.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub keymap: Keymap,
    pub read_only: bool,
    /// The configured environments in promotion order (confirm style, read-only).
    pub environments: Vec<crate::config::Environment>,
    /// Which notifications are on.
    pub notify: crate::app::notice::Prefs,
    /// Status glyphs, Unicode or ASCII.
    pub symbols: Symbols,
    pub context: Context,
    /// Why the panes not yet built are empty, shown inside them.
    pub empty_note: String,
    /// Caps of a log's buffer (`[logs] max_lines`).
    pub log_limits: crate::logs::Limits,
    /// Where `s` saves a log (the state directory's `logs/`; empty: the working directory).
    pub log_dir: std::path::PathBuf,
    /// `gantry logs view`: the viewer alone, so `q` quits from it.
    pub viewer_only: bool,
}

impl SameOnScreen for Snapshot {
    fn same_on_screen(&self, other: &Self) -> bool {
        // The 304 counter waits for the next redraw (at most the clock's minute), so idle polling
        // writes nothing; the quota itself is shown and counts.
        self.repo == other.repo
            && self.runs == other.runs
            && self.jobs == other.jobs
            && self.quota.remaining == other.quota.remaining
            && self.quota.limit == other.quota.limit
    }
}

impl SameOnScreen for GateBoard {
    fn same_on_screen(&self, other: &Self) -> bool {
        // Verdicts and evidence are all shown (the drill-down shows the raw evidence).
        self == other
    }
}
impl SameOnScreen for WorkflowFiles {
    fn same_on_screen(&self, other: &Self) -> bool {
        self == other
    }
}

/// The pipeline graph's view: the selected node and the matrices shown expanded (by graph job).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GraphView {
    pub selected: Option<NodeId>,
    pub expanded: BTreeSet<usize>,
}

/// The runs screen's view: the selected path, the open paths and the filter's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunsView {
    pub selected: Vec<String>,
    pub opened: BTreeSet<Vec<String>>,
    pub filter: String,
}

#[derive(Debug, Clone)]
pub struct State {
    pub screen: Screen,
    /// The focused pane of each screen, so switching back returns to it.
    focus: [Pane; 6],
    /// Help, dialogs and pickers, bottom first; keys go to the last.
    pub overlays: Vec<Overlay>,
    pub width: u16,
    pub height: u16,
    pub quit: bool,
    pub settings: Settings,
    /// The selected repository's GitHub data (see `repos` for the others).
    pub github: Slot<Snapshot>,
    /// Pending reviews across repositories and the environment board.
    pub review: Slot<Board>,
    /// The audit trail with its verification state (Audit screen).
    pub trail: Slot<crate::model::trail::TrailView>,
    /// Selections of the environment board, the waiting list and the audit screen.
    pub selection: crate::app::select::Selection,
    /// The candidate commit's gates per environment (the evidence source).
    pub gates: Slot<GateBoard>,
    /// The gates pane's selection: (gate, rule within it) of the environment shown.
    pub gates_view: crate::app::gates_view::GatesView,
    /// Each environment's workload, from the cluster source.
    pub rollouts: Rollouts,
    /// Every configured repository: which is selected, and the others' slots.
    pub repos: Repos,
    /// Workflow files for the pipeline graph, each fetched once.
    pub workflows: Slot<WorkflowFiles>,
    /// The files already asked for, so each is asked for once.
    pub files_asked: BTreeSet<FileKey>,
    pub graph: GraphView,
    pub runs: RunsView,
    /// The log source's health; the lines themselves are in `logs`.
    pub log_source: Slot<Received>,
    /// The log on the Logs pane and screen 4.
    pub logs: Logs,
    pub now: DateTime<Utc>,
    /// Keys typed so far of an unfinished chord ("g" of "g g").
    pub pending: Vec<Key>,
    /// Problems with the user's files (keymap, theme) shown until dismissed with Esc.
    pub warnings: Vec<String>,
    /// A one-line answer to the last key ("read-only: approve refused"); cleared by the next key.
    pub message: Option<String>,
    /// The next dialog's id.
    pub next_dialog: u64,
    /// Set by `update` when the screen must be drawn again; the runner clears it after drawing.
    pub dirty: bool,
}

impl State {
    pub fn new(settings: Settings, now: DateTime<Utc>) -> Self {
        State {
            screen: Screen::Overview,
            focus: Screen::ALL.map(|s| s.panes()[0]),
            overlays: Vec::new(),
            width: 80,
            height: 24,
            quit: false,
            settings,
            github: Slot::default(),
            review: Slot::default(),
            trail: Slot::default(),
            selection: Default::default(),
            gates: Slot::default(),
            gates_view: Default::default(),
            rollouts: Rollouts::default(),
            repos: Repos::default(),
            workflows: Slot::default(),
            files_asked: BTreeSet::new(),
            graph: GraphView::default(),
            runs: RunsView::default(),
            log_source: Slot::default(),
            logs: Logs::default(),
            now,
            pending: Vec::new(),
            warnings: Vec::new(),
            message: None,
            next_dialog: 1,
            dirty: true,
        }
    }

    /// A fresh id for a dialog, so its outcome finds it.
    pub fn take_dialog_id(&mut self) -> u64 {
        let id = self.next_dialog;
        self.next_dialog += 1;
        id
    }

    pub fn keymap(&self) -> &Keymap {
        &self.settings.keymap
    }

    pub fn read_only(&self) -> bool {
        self.settings.read_only
    }

    pub fn symbols(&self) -> &Symbols {
        &self.settings.symbols
    }

    /// The server's clock: elapsed times and ages are measured against it, since a bastion's clock
    /// drifts and GitHub's timestamps are in GitHub's.
    pub fn server_now(&self) -> DateTime<Utc> {
        let offset = self
            .github
            .data
            .as_ref()
            .map_or(TimeDelta::zero(), |d| d.clock_offset);
        self.now + offset
    }

    /// The gates' verdicts for `sha` going to `environment`, once the evidence source has evaluated
    /// that commit (the environment board and the approval dialog show them).
    pub fn gate_verdicts(&self, sha: &str, environment: &str) -> Option<&Verdicts> {
        self.gates.data.as_ref()?.get(sha, environment)
    }

    /// Every repository's slot in config order, the selected one's being `github`; just `github`
    /// (named by its data) when no repository list was given.
    pub fn repo_slots(&self) -> Vec<(&str, &Slot<Snapshot>)> {
        if self.repos.is_empty() {
            let name = self.github.data.as_ref().map_or("", |d| d.repo.as_str());
            return vec![(name, &self.github)];
        }
        let selected = self.repos.selected();
        self.repos
            .names()
            .iter()
            .enumerate()
            .filter_map(|(i, name)| {
                let slot = if i == selected {
                    Some(&self.github)
                } else {
                    self.repos.parked(i)
                };
                slot.map(|s| (name.as_str(), s))
            })
            .collect()
    }

    pub fn focus(&self) -> Pane {
        self.focus[self.screen.index()]
    }

    pub fn set_focus(&mut self, pane: Pane) {
        self.focus[self.screen.index()] = pane;
    }

    pub fn top_overlay(&self) -> Option<&Overlay> {
        self.overlays.last()
    }

    /// The help overlay's scroll, when help is on top.
    pub fn help(&self) -> Option<u16> {
        match self.top_overlay() {
            Some(Overlay::Help { scroll }) => Some(*scroll),
            _ => None,
        }
    }

    /// The overview cannot fit its panes side by side: one pane at a time with a tab strip.
    pub fn compact(&self) -> bool {
        self.width < COMPACT_WIDTH || self.height < COMPACT_HEIGHT
    }

    /// The panes visible (or reachable through the tab strip) on the current screen at this size.
    pub fn visible_panes(&self) -> &'static [Pane] {
        self.visible_panes_on(self.screen)
    }

    /// The panes `screen` shows at the current size.
    pub fn visible_panes_on(&self, screen: Screen) -> &'static [Pane] {
        let panes = screen.panes();
        let wide = self.width >= WIDE_WIDTH && self.height >= WIDE_HEIGHT;
        if screen == Screen::Overview && !wide && !self.compact() {
            &panes[..3]
        } else {
            panes
        }
    }

    /// The keymap mode for what has the keys now.
    pub fn mode(&self) -> Mode {
        match self.top_overlay() {
            Some(Overlay::Help { .. }) => Mode::Help,
            Some(
                Overlay::Dialog(_) | Overlay::Picker(_) | Overlay::Filter | Overlay::Search(_),
            ) => Mode::Dialog,
            None if self.focus() == Pane::Logs => Mode::Logs,
            None => Mode::Normal,
        }
    }
}
