//! The embedded simulator behind `gantry demo` and `gantry sim`: GitHub's REST API and a Kubernetes
//! API server on loopback, playing the enterprise CI/CD pipelines.

pub mod admin;
pub mod clock;
pub mod commits;
pub mod driver;
pub mod faults;
pub mod github;
pub mod kube;
pub mod reqlog;
pub mod startup;
pub mod world;

pub use startup::{SimArgs, SimHandle, run_headless, start};
