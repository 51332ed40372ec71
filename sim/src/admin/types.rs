//! What the admin API answers, shared by its server and its client.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `GET /clock` (and every clock move): the simulated time and how it runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClockState {
    pub now: DateTime<Utc>,
    /// `now` in Unix seconds.
    pub epoch: i64,
    pub paused: bool,
    /// Simulated seconds per real second.
    pub speed: f64,
}

/// One of `GET /tokens`: a simulated GitHub user and the token that authenticates as them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimUser {
    pub login: String,
    pub id: u64,
    pub token: String,
    /// A required reviewer of the production environment.
    pub production_reviewer: bool,
}
