//! The log engine: CI job logs and pod logs held in a bounded buffer, parsed and sanitised once as
//! they arrive, and a pure view over them (scrolling, following, search, filter, folds, wrap,
//! timestamps, selection). Sources push bytes in; the app turns keys into view operations; the
//! widget in `ui::logview` draws the lines on screen and nothing more.
//!
//! Sizes are chosen for a million lines: a line costs its text plus 13 bytes, and nothing done per
//! key or per frame walks the whole log except search and `e`, which run at grep-like speed.

mod buffer;
pub mod display;
mod groups;
pub mod layout;
mod nav;
mod ops;
pub mod parse;
mod plain;
mod search;
mod view;

pub use buffer::{Limits, LineRef, LogBuffer};
pub use groups::Group;
pub use parse::Marker;
pub use plain::{write_plain, write_plain_from};
pub use search::{Level, Matcher, level};
pub use view::{LogView, Search, TimeMode};

/// A line's id: its position among all lines ever received, so it survives older lines being
/// dropped. Shown to the user as the line number (id + 1).
pub type LineId = u64;

#[cfg(test)]
mod tests;
