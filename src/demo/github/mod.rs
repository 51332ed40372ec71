//! The simulated GitHub REST API.
