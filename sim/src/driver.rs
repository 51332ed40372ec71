//! Keeps the world and the cluster at the clock's time: on every published tick, and synchronously for
//! each request and admin advance. Steps of at most one simulated second keep events in order.

use std::sync::{Arc, Mutex, MutexGuard};

use chrono::Duration;

use super::clock::Clock;
use super::kube::SharedCluster;
use super::world::World;
use super::world::model::Time;

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic elsewhere leaves the world consistent enough for a simulator; keep serving.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[derive(Clone)]
pub(crate) struct Sim {
    pub(crate) world: Arc<Mutex<World>>,
    pub(crate) cluster: SharedCluster,
    pub(crate) clock: Arc<Clock>,
}

impl Sim {
    /// Steps the world, then the cluster, to `now` in increments of at most a second.
    pub(crate) fn sync_to(&self, now: Time) {
        let mut w = lock(&self.world);
        let mut t = w.now;
        while t < now {
            t = (t + Duration::seconds(1)).min(now);
            let mut c = lock(&self.cluster);
            w.step(t, Some(&mut c));
            c.advance(t);
        }
    }

    pub(crate) fn sync(&self) {
        self.sync_to(self.clock.now());
    }

    /// Runs until the task is aborted: follows published times, and ticks a running clock.
    pub(crate) async fn drive(self) {
        let mut rx = self.clock.subscribe();
        let mut tick = tokio::time::interval(std::time::Duration::from_millis(200));
        loop {
            tokio::select! {
                r = rx.changed() => {
                    if r.is_err() {
                        return;
                    }
                    let now = *rx.borrow_and_update();
                    self.sync_to(now);
                }
                _ = tick.tick() => {
                    if !self.clock.is_paused() {
                        self.clock.publish();
                    }
                }
            }
        }
    }
}
