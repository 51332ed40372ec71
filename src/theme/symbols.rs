//! Status symbols. Status is never carried by colour alone, so every state has a glyph, with a
//! pure-ASCII set for terminals and locales that cannot show Unicode.

/// The glyphs the UI draws. Every field is a short string; ASCII ones may be wider than one cell
/// (`"||"`, `"->"`), so measure with `unicode-width` rather than assuming one column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Symbols {
    /// A run, job, step, gate or rollout that succeeded.
    pub success: &'static str,
    /// Failed.
    pub failure: &'static str,
    /// In progress.
    pub running: &'static str,
    /// Queued, waiting for a runner.
    pub queued: &'static str,
    /// Waiting for a human: a review, approval or paused canary.
    pub waiting: &'static str,
    /// Skipped.
    pub skipped: &'static str,
    /// Cancelled.
    pub cancelled: &'static str,
    /// Concluded as neutral (GitHub's `neutral` conclusion).
    pub neutral: &'static str,
    /// Not started yet, e.g. a gate not yet evaluated.
    pub pending: &'static str,
    /// A warning sign.
    pub warning: &'static str,
    /// Data shown from the last good fetch (stale).
    pub stale: &'static str,
    /// List bullet.
    pub bullet: &'static str,
    /// "Leads to", as in `a1b2c3d -> production`.
    pub arrow: &'static str,
    /// Marks truncated text.
    pub ellipsis: &'static str,
    /// Marks the selected row.
    pub selected: &'static str,
    /// Tree node that is open.
    pub expanded: &'static str,
    /// Tree node that is closed.
    pub collapsed: &'static str,
    /// Separator between status-line items.
    pub separator: &'static str,
    /// Pipeline graph: horizontal edge.
    pub edge_horizontal: &'static str,
    /// Pipeline graph: vertical edge.
    pub edge_vertical: &'static str,
    /// Pipeline graph: an edge that splits off and continues.
    pub edge_branch: &'static str,
    /// Pipeline graph: the last split (corner).
    pub edge_corner: &'static str,
    /// Progress bar: filled cell.
    pub progress_full: &'static str,
    /// Progress bar: empty cell.
    pub progress_empty: &'static str,
    /// Spinner frames for running things, one per tick.
    pub spinner: &'static [&'static str],
}

impl Symbols {
    /// The Unicode set. Every status glyph is one cell wide, so columns line up.
    pub const UNICODE: Symbols = Symbols {
        success: "✓",
        failure: "✗",
        running: "●",
        queued: "◌",
        waiting: "⏸",
        skipped: "⊘",
        cancelled: "⊗",
        neutral: "◇",
        pending: "○",
        warning: "⚠",
        stale: "◷",
        bullet: "•",
        arrow: "→",
        ellipsis: "…",
        selected: "▶",
        expanded: "▾",
        collapsed: "▸",
        separator: "│",
        edge_horizontal: "─",
        edge_vertical: "│",
        edge_branch: "├",
        edge_corner: "└",
        progress_full: "█",
        progress_empty: "░",
        spinner: &["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"],
    };

    /// The ASCII set, matching the sketches in UX.md (`v`, `x`, `||`, `.`).
    pub const ASCII: Symbols = Symbols {
        success: "v",
        failure: "x",
        running: "*",
        queued: ".",
        waiting: "||",
        skipped: "-",
        cancelled: "/",
        neutral: "=",
        pending: "o",
        warning: "!",
        stale: "~",
        bullet: "-",
        arrow: "->",
        ellipsis: "...",
        selected: ">",
        expanded: "-",
        collapsed: "+",
        separator: "|",
        edge_horizontal: "-",
        edge_vertical: "|",
        edge_branch: "+",
        edge_corner: "+",
        progress_full: "#",
        progress_empty: ".",
        spinner: &["|", "/", "-", "\\"],
    };

    /// Unicode when the locale says UTF-8, ASCII otherwise.
    pub fn for_locale(env: &dyn Fn(&str) -> Option<String>) -> Symbols {
        if is_utf8_locale(env) {
            Symbols::UNICODE
        } else {
            Symbols::ASCII
        }
    }

    /// As `for_locale`, but `ascii = true` in the config forces the ASCII set.
    pub fn choose(force_ascii: bool, env: &dyn Fn(&str) -> Option<String>) -> Symbols {
        if force_ascii {
            Symbols::ASCII
        } else {
            Symbols::for_locale(env)
        }
    }

    /// Every glyph in the set, for tests and for measuring.
    pub fn all(&self) -> Vec<&'static str> {
        let mut all = vec![
            self.success,
            self.failure,
            self.running,
            self.queued,
            self.waiting,
            self.skipped,
            self.cancelled,
            self.neutral,
            self.pending,
            self.warning,
            self.stale,
            self.bullet,
            self.arrow,
            self.ellipsis,
            self.selected,
            self.expanded,
            self.collapsed,
            self.separator,
            self.edge_horizontal,
            self.edge_vertical,
            self.edge_branch,
            self.edge_corner,
            self.progress_full,
            self.progress_empty,
        ];
        all.extend_from_slice(self.spinner);
        all
    }

    /// The spinner frame for a tick counter.
    pub fn spinner_frame(&self, tick: usize) -> &'static str {
        self.spinner
            .get(tick % self.spinner.len().max(1))
            .copied()
            .unwrap_or(self.running)
    }
}

impl Default for Symbols {
    fn default() -> Self {
        Symbols::UNICODE
    }
}

/// POSIX precedence: the first non-empty of `LC_ALL`, `LC_CTYPE`, `LANG` decides; none set means
/// the "C" locale, which is ASCII.
pub fn is_utf8_locale(env: &dyn Fn(&str) -> Option<String>) -> bool {
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|key| env(key).filter(|v| !v.is_empty()))
        .map(|v| {
            let v = v.to_ascii_lowercase();
            v.contains("utf-8") || v.contains("utf8")
        })
        .unwrap_or(false)
}
