//! The vocabulary shared by the keymap and the app: screens, panes, and the named commands a key (or a
//! chord) is bound to. A leaf module, so `app` and `keymap` both import it and not each other. The
//! names are the keymap's vocabulary and the descriptions feed the help overlay, so both live in one table.

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Quit,
    ForceQuit,
    Back,
    Help,
    FocusNext,
    FocusPrev,
    Focus(Pane),
    Screen(Screen),
    Up,
    Down,
    Left,
    Right,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Open,
    Filter,
    Jump,
    /// The next or previous configured repository (the header and overview follow it).
    NextRepo,
    PrevRepo,
    /// Repository `n` of the config (from the jump picker).
    SelectRepo(usize),
    Refresh,
    CopyUrl,
    Approve,
    Reject,
    RerunFailed,
    Rollback,
    /// Roll the selected environment back to this revision (chosen in the rollback picker).
    RollbackTo(u64),
    Promote,
    /// Promote the canary to its next step (`kubectl argo rollouts promote`).
    PromoteStep,
    /// Promote the canary past every remaining step (`promote --full`).
    PromoteFull,
    /// Run an aborted canary's steps again.
    Retry,
    Abort,
    CancelRun,
    /// Start a workflow by hand on a ref (`workflow_dispatch`).
    Dispatch,
    Follow,
    Wrap,
    Timestamps,
    NextMatch,
    PrevMatch,
    NextError,
    Fold,
    Save,
    /// Start (or clear) a selection of log lines; `y` copies it.
    Select,
    /// Show only the lines matching the search (again: all lines).
    FilterLines,
    /// Show this job's log (from the pipeline's job picker; not bindable).
    JobLog(u64),
}

/// Whether a command changes something outside gantry (so read-only mode refuses it).
pub fn is_write(cmd: Command) -> bool {
    matches!(
        cmd,
        Command::Approve
            | Command::Reject
            | Command::RerunFailed
            | Command::Rollback
            | Command::RollbackTo(_)
            | Command::Promote
            | Command::PromoteStep
            | Command::PromoteFull
            | Command::Retry
            | Command::Abort
            | Command::CancelRun
            | Command::Dispatch
    )
}

/// (command, config name, help text). Order is the help overlay's order.
pub const COMMANDS: &[(Command, &str, &str)] = &[
    (Command::Help, "help", "show or hide this help"),
    (Command::Quit, "quit", "back, or quit from the top"),
    (Command::ForceQuit, "force_quit", "quit at once"),
    (Command::Back, "back", "close, go back"),
    (Command::FocusNext, "focus_next", "next pane"),
    (Command::FocusPrev, "focus_prev", "previous pane"),
    (
        Command::Focus(Pane::Pipeline),
        "focus_pipeline",
        "focus the pipeline graph",
    ),
    (
        Command::Focus(Pane::Gates),
        "focus_gates",
        "focus the quality gates",
    ),
    (
        Command::Focus(Pane::Environments),
        "focus_environments",
        "focus the environments",
    ),
    (
        Command::Focus(Pane::Rollout),
        "focus_rollout",
        "focus the rollout",
    ),
    (Command::Focus(Pane::Logs), "focus_logs", "focus the logs"),
    (
        Command::Screen(Screen::Overview),
        "screen_overview",
        "overview screen",
    ),
    (Command::Screen(Screen::Runs), "screen_runs", "runs screen"),
    (
        Command::Screen(Screen::Rollout),
        "screen_rollout",
        "rollout screen",
    ),
    (Command::Screen(Screen::Logs), "screen_logs", "logs screen"),
    (
        Command::Screen(Screen::Waiting),
        "screen_waiting",
        "waiting-for-you screen",
    ),
    (
        Command::Screen(Screen::Audit),
        "screen_audit",
        "audit trail screen",
    ),
    (Command::Up, "up", "move up"),
    (Command::Down, "down", "move down"),
    (Command::Left, "left", "move left / collapse"),
    (Command::Right, "right", "move right / expand"),
    (Command::Top, "top", "go to the top"),
    (Command::Bottom, "bottom", "go to the bottom"),
    (Command::PageUp, "page_up", "page up"),
    (Command::PageDown, "page_down", "page down"),
    (Command::Open, "open", "open the selection"),
    (Command::Filter, "filter", "filter or search"),
    (Command::Jump, "jump", "jump to a repo, environment or run"),
    (Command::NextRepo, "next_repo", "next repository"),
    (Command::PrevRepo, "prev_repo", "previous repository"),
    (Command::Refresh, "refresh", "refresh now"),
    (
        Command::CopyUrl,
        "copy_url",
        "copy the selection's URL (OSC 52)",
    ),
    (
        Command::Approve,
        "approve",
        "approve the pending deployment",
    ),
    (Command::Reject, "reject", "reject the pending deployment"),
    (
        Command::RerunFailed,
        "rerun_failed",
        "rerun failed jobs (a: all jobs, d: debug logging)",
    ),
    (Command::Rollback, "rollback", "roll back the environment"),
    (
        Command::Promote,
        "promote",
        "promote the canary (choose how)",
    ),
    (
        Command::PromoteStep,
        "promote_step",
        "promote the canary to its next step",
    ),
    (
        Command::PromoteFull,
        "promote_full",
        "promote the canary past every step",
    ),
    (Command::Retry, "retry", "retry an aborted canary"),
    (Command::Abort, "abort", "abort the canary"),
    (Command::CancelRun, "cancel_run", "cancel the run"),
    (
        Command::Dispatch,
        "dispatch",
        "run the workflow on a ref (workflow_dispatch)",
    ),
    (Command::Follow, "follow", "follow the log"),
    (Command::Wrap, "wrap", "wrap long lines"),
    (Command::Timestamps, "timestamps", "show timestamps"),
    (Command::NextMatch, "next_match", "next match"),
    (Command::PrevMatch, "prev_match", "previous match"),
    (Command::NextError, "next_error", "next error"),
    (Command::Fold, "fold", "fold or unfold a group"),
    (Command::Save, "save", "save the log to a file"),
    (Command::Select, "select", "select lines (y copies them)"),
    (
        Command::FilterLines,
        "filter_lines",
        "show only the lines matching the search",
    ),
];

impl Command {
    pub fn from_name(name: &str) -> Option<Command> {
        COMMANDS
            .iter()
            .find(|(_, n, _)| *n == name)
            .map(|(c, _, _)| *c)
    }

    pub fn name(self) -> &'static str {
        COMMANDS
            .iter()
            .find(|(c, _, _)| *c == self)
            .map_or("?", |(_, n, _)| n)
    }

    pub fn description(self) -> &'static str {
        COMMANDS
            .iter()
            .find(|(c, _, _)| *c == self)
            .map_or("", |(_, _, d)| d)
    }

    pub fn names() -> impl Iterator<Item = &'static str> {
        COMMANDS.iter().map(|(_, n, _)| *n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for (cmd, name, desc) in COMMANDS {
            assert!(seen.insert(*name), "duplicate name {name}");
            assert_eq!(Command::from_name(name), Some(*cmd));
            assert_eq!(cmd.name(), *name);
            assert!(!desc.is_empty());
        }
        assert_eq!(Command::from_name("launch_missiles"), None);
    }
}
