//! Shared helpers for gantry's tests that run the simulator: start one reproducibly (seed 1, paused
//! at a fixed instant); its clock, request log and faults are driven through `h.admin()`.
#![allow(dead_code)]

pub mod tmux;

use gantry_sim::{Scenario, SimArgs, SimHandle, start};

pub async fn sim(scenario: Scenario) -> SimHandle {
    start(&SimArgs::reproducible(scenario)).await.unwrap()
}
