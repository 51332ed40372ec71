//! gantry: a terminal UI for watching and driving deployments.
#![deny(clippy::unwrap_used)]
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod demo;
pub mod theme;
