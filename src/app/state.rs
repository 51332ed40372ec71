//! The model the panes read. Only `update` writes it.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::keymap::{Key, Keymap, Mode};
use crate::sources::github::{Job, Run};
use crate::theme::Symbols;

/// Screens, switched with the number keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Screen {
    Overview,
    Runs,
    Rollout,
    Logs,
    Waiting,
    Audit,
}

impl Screen {
    pub const ALL: [Screen; 6] = [
        Screen::Overview,
        Screen::Runs,
        Screen::Rollout,
        Screen::Logs,
        Screen::Waiting,
        Screen::Audit,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Screen::Overview => "Overview",
            Screen::Runs => "Runs",
            Screen::Rollout => "Rollout",
            Screen::Logs => "Logs",
            Screen::Waiting => "Waiting",
            Screen::Audit => "Audit",
        }
    }

    pub fn index(self) -> usize {
        Screen::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    /// The panes of this screen, in focus order.
    pub fn panes(self) -> &'static [Pane] {
        match self {
            Screen::Overview => &[
                Pane::Pipeline,
                Pane::Gates,
                Pane::Environments,
                Pane::Rollout,
                Pane::Logs,
            ],
            Screen::Runs => &[Pane::Runs, Pane::Logs],
            Screen::Rollout => &[Pane::Environments, Pane::Rollout],
            Screen::Logs => &[Pane::Logs],
            Screen::Waiting => &[Pane::Waiting],
            Screen::Audit => &[Pane::Audit],
        }
    }
}

/// The panes the product fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pane {
    Pipeline,
    Gates,
    Environments,
    Rollout,
    Logs,
    Runs,
    Waiting,
    Audit,
}

impl Pane {
    pub fn title(self) -> &'static str {
        match self {
            Pane::Pipeline => "Pipeline",
            Pane::Gates => "Gates",
            Pane::Environments => "Environments",
            Pane::Rollout => "Rollout",
            Pane::Logs => "Logs",
            Pane::Runs => "Runs",
            Pane::Waiting => "Waiting for you",
            Pane::Audit => "Audit trail",
        }
    }
}

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

/// GitHub's primary rate-limit budget as last seen, and how many answers were free 304s.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Quota {
    pub remaining: u32,
    pub limit: u32,
    pub not_modified: u32,
}

/// Where the GitHub source stands; the pipeline pane says so in one line when it is not `Ok`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum SourceStatus {
    /// No source configured (no repos, or no token): the pane shows why it is empty.
    #[default]
    Off,
    /// Nothing fetched yet.
    Loading,
    /// The last fetch succeeded at this time.
    Ok { at: DateTime<Utc> },
    /// Fetches fail since `since`; the data shown is from before then (stale).
    Failed {
        message: String,
        retry_in: Duration,
        since: DateTime<Utc>,
    },
}

/// What GitHub last told us: the newest runs, and the jobs of the pipeline's CI and CD runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GithubView {
    pub status: SourceStatus,
    pub runs: Vec<Run>,
    pub jobs: BTreeMap<u64, Vec<Job>>,
    /// When the shown data was fetched, to say how stale it is after a failure.
    pub fetched_at: Option<DateTime<Utc>>,
}

/// The help overlay, when open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Help {
    pub scroll: u16,
}

#[derive(Debug, Clone)]
pub struct State {
    pub screen: Screen,
    /// The focused pane of each screen, so switching back returns to it.
    focus: [Pane; 6],
    pub help: Option<Help>,
    pub width: u16,
    pub height: u16,
    pub quit: bool,
    pub read_only: bool,
    pub context: Context,
    pub quota: Option<Quota>,
    pub github: GithubView,
    /// Status glyphs (Unicode or ASCII), chosen once from the config and locale.
    pub symbols: Symbols,
    pub now: DateTime<Utc>,
    /// Keys typed so far of an unfinished chord ("g" of "g g").
    pub pending: Vec<Key>,
    pub keymap: Keymap,
    /// Problems with the user's files (keymap, theme) shown until dismissed with Esc.
    pub warnings: Vec<String>,
    /// A one-line answer to the last key ("read-only: approve refused"); cleared by the next key.
    pub message: Option<String>,
    /// Why the panes are empty (no sources yet, demo without simulator), shown inside them.
    pub empty_note: String,
    /// Set by `update` when the screen must be drawn again; the runner clears it after drawing.
    pub dirty: bool,
}

impl State {
    pub fn new(keymap: Keymap, now: DateTime<Utc>) -> Self {
        State {
            screen: Screen::Overview,
            focus: Screen::ALL.map(|s| s.panes()[0]),
            help: None,
            width: 80,
            height: 24,
            quit: false,
            read_only: false,
            context: Context::default(),
            quota: None,
            github: GithubView::default(),
            symbols: Symbols::UNICODE,
            now,
            pending: Vec::new(),
            keymap,
            warnings: Vec::new(),
            message: None,
            empty_note: String::new(),
            dirty: true,
        }
    }

    pub fn focus(&self) -> Pane {
        self.focus[self.screen.index()]
    }

    pub fn set_focus(&mut self, pane: Pane) {
        self.focus[self.screen.index()] = pane;
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

    /// The keymap mode for what has focus now.
    pub fn mode(&self) -> Mode {
        if self.help.is_some() {
            Mode::Help
        } else if self.focus() == Pane::Logs {
            Mode::Logs
        } else {
            Mode::Normal
        }
    }
}
