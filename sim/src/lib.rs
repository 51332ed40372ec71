//! The simulator behind `gantry demo` and `gantry sim`: GitHub's REST API and a Kubernetes API
//! server on loopback (plain http, or HTTPS with its own CA), playing the enterprise CI/CD
//! pipelines of `acme/shop`.
//!
//! The surface is small on purpose: [`start`] with [`SimArgs`] gives a [`SimHandle`] (URLs, files
//! written, an [`AdminClient`] for the clock, tokens, request log and faults); [`run_headless`] is
//! `gantry sim`; [`commits`] holds the fixed facts about the repository that tests compare with.

mod admin;
mod clock;
pub mod commits;
mod driver;
mod faults;
mod github;
mod handle;
mod kube;
mod metrics;
mod net;
mod reqlog;
mod startup;
mod state_files;
mod tls;
mod world;

pub use admin::{AdminClient, ClockState, SimUser};
pub use faults::{FaultKind, FaultRule, Server};
pub use handle::SimHandle;
pub use reqlog::RequestRecord;
pub use startup::{SimArgs, run_headless, start};
pub use world::Scenario;
