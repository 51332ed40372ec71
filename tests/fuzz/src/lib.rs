//! The log engine alone, for fuzzing: gantry's own source files for the sanitiser, the log buffer
//! and view, and the viewer widget, compiled here through `#[path]` so the fuzz build needs only
//! what they use (ratatui, vte, regex, memchr, chrono, unicode-width) and none of gantry's clients.
//! They reach nothing else of the crate but the status symbols and the theme's roles; the theme's
//! roles are a stand-in below (default styles: the fuzzer checks text, not colours).

#[path = "../../../src/sanitize.rs"]
pub mod sanitize;

#[path = "../../../src/logs/mod.rs"]
pub mod logs;

pub mod theme;
pub mod ui;
