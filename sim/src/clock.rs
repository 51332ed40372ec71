//! The simulator's clock: real time scaled by `--speed`, or paused and moved only by the admin API,
//! so that tests with `--seed` and `--paused` are exact.

use std::sync::Mutex;
use std::time::Instant;

use chrono::{DateTime, Duration, TimeZone, Utc};
use tokio::sync::watch;

/// Where simulated time starts when the clock is paused (fixed so answers are reproducible).
pub(crate) fn epoch() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 3, 0, 0)
        .single()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

#[derive(Debug)]
struct Inner {
    /// Simulated time at `anchor`.
    base: DateTime<Utc>,
    anchor: Instant,
    speed: f64,
    paused: bool,
}

/// Shared simulated clock. Every change of simulated time that matters (advance, resume, the driver's
/// periodic tick) is published on a watch channel so the world and open watches can react.
#[derive(Debug)]
pub(crate) struct Clock {
    inner: Mutex<Inner>,
    tx: watch::Sender<DateTime<Utc>>,
}

impl Clock {
    pub(crate) fn new(start: DateTime<Utc>, speed: f64, paused: bool) -> Self {
        let (tx, _) = watch::channel(start);
        Self {
            inner: Mutex::new(Inner {
                base: start,
                anchor: Instant::now(),
                speed: if speed > 0.0 { speed } else { 1.0 },
                paused,
            }),
            tx,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A poisoned clock still holds a valid time; keep going.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn now_of(inner: &Inner) -> DateTime<Utc> {
        if inner.paused {
            return inner.base;
        }
        let real = inner.anchor.elapsed().as_secs_f64() * inner.speed;
        inner.base + Duration::milliseconds((real * 1000.0) as i64)
    }

    pub(crate) fn now(&self) -> DateTime<Utc> {
        Self::now_of(&self.lock())
    }

    pub(crate) fn is_paused(&self) -> bool {
        self.lock().paused
    }

    pub(crate) fn speed(&self) -> f64 {
        self.lock().speed
    }

    /// Moves simulated time forward by `seconds` (paused or not) and publishes it.
    pub(crate) fn advance(&self, seconds: f64) -> DateTime<Utc> {
        let now = {
            let mut inner = self.lock();
            let now = Self::now_of(&inner) + Duration::milliseconds((seconds * 1000.0) as i64);
            inner.base = now;
            inner.anchor = Instant::now();
            now
        };
        self.tx.send_replace(now);
        now
    }

    pub(crate) fn pause(&self) {
        let mut inner = self.lock();
        inner.base = Self::now_of(&inner);
        inner.anchor = Instant::now();
        inner.paused = true;
    }

    pub(crate) fn resume(&self) {
        let mut inner = self.lock();
        inner.base = Self::now_of(&inner);
        inner.anchor = Instant::now();
        inner.paused = false;
    }

    /// Publishes the current time (called by the driver task on its real-time tick when running).
    pub(crate) fn publish(&self) -> DateTime<Utc> {
        let now = self.now();
        self.tx.send_replace(now);
        now
    }

    pub(crate) fn subscribe(&self) -> watch::Receiver<DateTime<Utc>> {
        self.tx.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paused_clock_moves_only_when_advanced() {
        let c = Clock::new(epoch(), 1.0, true);
        let t0 = c.now();
        std::thread::sleep(std::time::Duration::from_millis(5));
        assert_eq!(c.now(), t0);
        let t1 = c.advance(90.0);
        assert_eq!(t1 - t0, Duration::seconds(90));
        assert_eq!(*c.subscribe().borrow(), t1);
    }
}
