//! gantry's status symbols, and a stand-in for its theme: the roles the viewer paints with, all
//! default styles (the fuzzer checks text, not colours). A role the viewer starts to use that is
//! not here fails this build, loudly.

#[path = "../../../src/theme/symbols.rs"]
mod symbols;

pub use symbols::Symbols;

use ratatui::style::Style;

#[derive(Debug, Default, Clone)]
pub struct Theme {
    pub text: Style,
    pub muted: Style,
    pub title: Style,
    pub info: Style,
    pub pass: Style,
    pub sha: Style,
    pub waiting: Style,
    pub running: Style,
    pub warning: Style,
    pub selected: Style,
    pub selected_inactive: Style,
    pub status_bar: Style,
    pub search_match: Style,
    pub search_match_current: Style,
    pub log_line_number: Style,
    pub log_timestamp: Style,
    pub log_group: Style,
    pub log_command: Style,
    pub log_error: Style,
    pub log_warning: Style,
}
