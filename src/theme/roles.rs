//! The list of semantic roles. It is written once, here: the macro derives the `Role` enum, the
//! `Theme` fields and the lookups from it, so adding a role is a one-line change (plus a line in
//! every built-in theme file, which a test enforces).

use ratatui::style::Style;

use super::Origin;

macro_rules! roles {
    ($($(#[doc = $doc:literal])* $variant:ident => $field:ident,)*) => {
        /// A semantic role: what something *is*, not how it looks.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Role {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Role {
            /// Every role, in file order.
            pub const ALL: &'static [Role] = &[$(Role::$variant,)*];

            /// The role's name in theme files.
            pub fn name(self) -> &'static str {
                match self { $(Role::$variant => stringify!($field),)* }
            }

            /// The role for a name in a theme file.
            pub fn from_name(name: &str) -> Option<Role> {
                match name { $(stringify!($field) => Some(Role::$variant),)* _ => None }
            }
        }

        /// A resolved theme: one `Style` per role.
        #[derive(Debug, Clone, PartialEq)]
        pub struct Theme {
            /// The theme's name (the file's `name`, else its file stem).
            pub name: String,
            $($(#[doc = $doc])* pub $field: Style,)*
            pub(super) origin: Origin,
        }

        impl Theme {
            /// The style for a role.
            pub fn style(&self, role: Role) -> Style {
                match role { $(Role::$variant => self.$field,)* }
            }

            /// Mutable access, for callers that tweak one role (tests, a config override).
            pub fn style_mut(&mut self, role: Role) -> &mut Style {
                match role { $(Role::$variant => &mut self.$field,)* }
            }

            /// All roles with the default (empty) style.
            pub(super) fn blank(name: &str, origin: Origin) -> Theme {
                Theme { name: name.to_owned(), $($field: Style::default(),)* origin }
            }
        }
    };
}

roles! {
    /// Ordinary text.
    Text => text,
    /// Secondary text: ages, counts, descriptions next to key hints.
    Muted => muted,
    /// Pane titles.
    Title => title,
    /// Borders of unfocused panes.
    Border => border,
    /// Border of the focused pane.
    BorderFocused => border_focused,
    /// The selected row in the focused pane.
    Selected => selected,
    /// The selected row in a pane without focus.
    SelectedInactive => selected_inactive,
    /// The top line: repo, branch, context, quota, clock.
    Header => header,
    /// The bottom status line.
    StatusBar => status_bar,
    /// The key in a key hint (`a` in "a approve").
    KeyHint => key_hint,
    /// A tab in the tab strip.
    Tab => tab,
    /// The current tab.
    TabActive => tab_active,
    /// Succeeded.
    Pass => pass,
    /// Failed.
    Fail => fail,
    /// Not started yet.
    Pending => pending,
    /// In progress.
    Running => running,
    /// Queued for a runner.
    Queued => queued,
    /// Skipped.
    Skipped => skipped,
    /// Waiting for a human (review, approval, paused canary): the thing to look at.
    Waiting => waiting,
    /// Cancelled.
    Cancelled => cancelled,
    /// GitHub's `neutral` conclusion.
    Neutral => neutral,
    /// Something that changes production (rollback, promote, the production name).
    Danger => danger,
    /// Warnings.
    Warning => warning,
    /// Informational notes.
    Info => info,
    /// Last known data shown while its source is failing.
    Stale => stale,
    /// The one-line banner for a failing source.
    BannerError => banner_error,
    /// A degraded source (rate limited, retrying).
    BannerWarning => banner_warning,
    /// A neutral notice.
    BannerInfo => banner_info,
    /// The READ-ONLY badge.
    BadgeReadOnly => badge_read_only,
    /// The badge marking the production environment.
    BadgeProduction => badge_production,
    /// Dialog body.
    Dialog => dialog,
    /// Dialog border.
    DialogBorder => dialog_border,
    /// Dialog title.
    DialogTitle => dialog_title,
    /// A text field (filter, the environment name typed to confirm).
    Input => input,
    /// Log lines at error level (`##[error]`).
    LogError => log_error,
    /// Log lines at warning level.
    LogWarning => log_warning,
    /// Log group headers (`##[group]`).
    LogGroup => log_group,
    /// Commands echoed in logs (`[command]`, `$ ...`).
    LogCommand => log_command,
    /// Log timestamps.
    LogTimestamp => log_timestamp,
    /// Line numbers in the log gutter.
    LogLineNumber => log_line_number,
    /// Search matches.
    SearchMatch => search_match,
    /// The current search match.
    SearchMatchCurrent => search_match_current,
    /// Edges in the pipeline graph.
    GraphEdge => graph_edge,
    /// The filled part of a rollout progress bar.
    Progress => progress,
    /// Added lines in an image or manifest diff.
    DiffAdded => diff_added,
    /// Removed lines in a diff.
    DiffRemoved => diff_removed,
    /// Commit SHAs and revisions.
    Sha => sha,
}
