//! The admin API: its server (clock, tokens, request log, faults) and the typed client tests and
//! tools use to drive it.

mod client;
mod server;
mod types;

pub use client::AdminClient;
pub(crate) use server::{AdminState, router};
pub use types::{ClockState, SimUser};
