//! gantry: a terminal UI for watching and driving deployments.
#![deny(clippy::unwrap_used)]
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod app;
pub mod audit;
pub mod cli;
pub mod command;
pub mod config;
pub mod event;
pub mod gates;
pub mod keymap;
pub mod location;
pub mod logs;
pub mod model;
pub mod paths;
pub mod runner;
pub mod sanitize;
pub mod sources;
pub mod theme;
pub mod tls;
pub mod tui;
pub mod ui;
pub mod workflow;
