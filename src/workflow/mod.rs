//! GitHub Actions workflows as a pipeline graph: the file parsed (`file`), its jobs expanded
//! into the names the jobs API reports and joined across runs (`graph`), and the graph laid out
//! and drawn into a character grid (`layout`). Pure: no I/O, no terminal; the pipeline pane and
//! `gantry workflow graph` draw from here.

pub mod file;
pub mod graph;
pub mod layout;

pub use file::{Job, ParseError, Workflow, parse};
pub use graph::{Dag, DagNode, Graph, GraphJob, Labels, NodeId};
pub use layout::{Density, Direction, Grid, Layout, NodeStatus, Options, Role};
