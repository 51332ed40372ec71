//! The app: its state (with one slot per source and a stack of overlays), the one `Action` enum, the
//! pure `update`, and the effects it asks for, addressed to the tasks that carry them out.

pub mod action;
pub mod effect;
pub mod gates_view;
pub mod logs;
pub mod notice;
pub mod overlay;
pub mod repos;
pub mod rollouts;
pub mod select;
pub mod slot;
pub mod state;
pub mod update;

pub use crate::command::{Command, Pane, Screen};
pub use action::Action;
pub use effect::Effect;
pub use overlay::Overlay;
pub use state::State;
pub use update::update;
