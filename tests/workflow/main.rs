//! The workflow engine: parsing (fixtures from the simulator and a tricky file per case), the
//! graph (names, joins, matching API names), the layout (properties on random DAGs, snapshots)
//! and `gantry workflow graph`.

mod cli;
mod file;
mod graph;
mod layout;
mod support;
