//! The cluster source. For now only its client: how gantry reaches a cluster, the way kubectl does.

mod client;

pub use client::{ClientError, client};
