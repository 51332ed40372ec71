//! The simulated cluster's tests: its controllers stepped directly, and its API served on
//! 127.0.0.1 to kube-rs, raw HTTP and the real kubectl, with the clock stepped by the test.

mod client;
mod cluster;
mod controllers;
mod faults;
mod kubectl;
mod support;
