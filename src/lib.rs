//! gantry: a terminal UI for watching and driving deployments.
#![deny(clippy::unwrap_used)]
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod app;
pub mod cli;
pub mod config;
pub mod event;
pub mod keymap;
pub mod location;
pub mod paths;
pub mod runner;
pub mod sanitize;
pub mod sources;
pub mod theme;
pub mod tui;
pub mod ui;
pub mod workflow;
