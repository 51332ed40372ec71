//! The model: state, the one `Action` enum, the pure `update`, and the effects it asks for.

pub mod action;
pub mod command;
pub mod effect;
pub mod state;
pub mod update;

pub use action::Action;
pub use command::Command;
pub use effect::Effect;
pub use state::{Pane, Screen, State};
pub use update::update;
