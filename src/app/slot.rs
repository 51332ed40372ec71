//! One slot per source in `State`: its data and where it stands (loading, fresh, failing and when it
//! retries, stopped), so staleness and errors are handled once for every source.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

use crate::event::Update;

/// After this long a request still in flight is mentioned on screen (it may be about to time out).
pub const IN_FLIGHT_NOTICE: TimeDelta = TimeDelta::seconds(2);

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Health {
    /// Not configured (no repository, no token, no cluster): the pane says why it is empty.
    #[default]
    Off,
    /// Started; nothing fetched yet.
    Loading,
    Ok,
    /// Attempts fail; the data shown is from before (stale) and the source retries.
    Failing,
    /// The task ended (it panicked, or returned): nothing will come again.
    Stopped,
}

/// Whether two values of a source's data draw the same screen. Counters that change on every poll
/// without being worth a redraw (the 304 count) are left out, so idle polling writes nothing.
pub trait SameOnScreen {
    fn same_on_screen(&self, other: &Self) -> bool;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot<T> {
    pub data: Option<T>,
    pub health: Health,
    /// When the data shown was fetched.
    pub fetched_at: Option<DateTime<Utc>>,
    /// The last failure in full; the banner truncates it, the help overlay shows it whole.
    pub error: Option<String>,
    /// Since when attempts fail in a row.
    pub failing_since: Option<DateTime<Utc>>,
    /// When the source tries again (absolute, so the countdown stays live between attempts).
    pub retry_at: Option<DateTime<Utc>>,
    /// When the request now in flight went out.
    pub in_flight_since: Option<DateTime<Utc>>,
}

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Slot {
            data: None,
            health: Health::Off,
            fetched_at: None,
            error: None,
            failing_since: None,
            retry_at: None,
            in_flight_since: None,
        }
    }
}

impl<T: SameOnScreen> Slot<T> {
    /// Applies a source's update at `now`; true when what the screen shows changed.
    pub fn apply(&mut self, update: Update<T>, now: DateTime<Utc>) -> bool {
        match update {
            Update::Fetching => {
                self.in_flight_since = Some(now);
                // A failing source's banner says it is retrying now.
                self.health == Health::Failing
            }
            Update::Loaded(data) => {
                let same = self.health == Health::Ok
                    && self
                        .data
                        .as_ref()
                        .is_some_and(|old| old.same_on_screen(&data));
                self.data = Some(data);
                self.health = Health::Ok;
                self.fetched_at = Some(now);
                self.error = None;
                self.failing_since = None;
                self.retry_at = None;
                self.in_flight_since = None;
                !same
            }
            Update::Failed { message, retry_in } => {
                if self.health != Health::Failing {
                    self.failing_since = Some(now);
                }
                self.health = Health::Failing;
                self.error = Some(message);
                self.retry_at = Some(now + TimeDelta::from_std(retry_in).unwrap_or(TimeDelta::MAX));
                self.in_flight_since = None;
                true
            }
        }
    }
}

impl<T> Slot<T> {
    /// The runner started the task.
    pub fn start(&mut self) {
        self.health = Health::Loading;
    }

    /// The task ended: shown as failed for good, never as the last "Ok".
    pub fn stop(&mut self, reason: String) {
        self.health = Health::Stopped;
        self.error = Some(reason);
        self.retry_at = None;
        self.in_flight_since = None;
    }

    /// Something is wrong that the problems banner names.
    pub fn troubled(&self) -> bool {
        matches!(self.health, Health::Failing | Health::Stopped)
    }

    /// Seconds until the next attempt, counted down live.
    pub fn retry_in(&self, now: DateTime<Utc>) -> Option<Duration> {
        let at = self.retry_at?;
        Some((at - now).to_std().unwrap_or(Duration::ZERO))
    }

    /// How old the data on screen is, when the source is in trouble (so it is stale).
    pub fn stale_for(&self, now: DateTime<Utc>) -> Option<TimeDelta> {
        self.troubled()
            .then_some(self.fetched_at)
            .flatten()
            .map(|at| now - at)
    }

    /// How long the request in flight has been out, once that is worth saying.
    pub fn slow_request(&self, now: DateTime<Utc>) -> Option<TimeDelta> {
        let out = now - self.in_flight_since?;
        (out >= IN_FLIGHT_NOTICE).then_some(out)
    }
}
