//! gantry's log viewer widget.

#[path = "../../../src/ui/logview.rs"]
pub mod logview;
