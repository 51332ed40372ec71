//! The cluster source's part of the state: one slot per environment that maps to a workload (so
//! each has its own health, staleness and retry), how its connection stands, and the rollout
//! pane's view state (which environment is shown, how far its lists are scrolled).

use chrono::{DateTime, Utc};

use crate::app::slot::{Health, SameOnScreen, Slot};
use crate::event::Update;
use crate::model::kube::{Canary, Link, Rollout, Target};

impl SameOnScreen for Box<Rollout> {
    fn same_on_screen(&self, other: &Self) -> bool {
        self == other
    }
}

/// One environment's workload.
#[derive(Debug, Clone, PartialEq)]
pub struct EnvRollout {
    pub env: String,
    pub target: Target,
    /// Actions here need the environment's name typed (`confirm = "type-name"`).
    pub type_name: bool,
    /// `read_only = true` for this environment: nothing is offered.
    pub read_only: bool,
    pub link: Link,
    pub slot: Slot<Box<Rollout>>,
}

impl EnvRollout {
    pub fn new(env: &str, target: Target, type_name: bool, read_only: bool) -> EnvRollout {
        EnvRollout {
            env: env.to_string(),
            target,
            type_name,
            read_only,
            link: Link::Connecting,
            slot: Slot::default(),
        }
    }

    pub fn data(&self) -> Option<&Rollout> {
        self.slot.data.as_deref()
    }

    /// A paused canary here waits for a human to promote or abort it.
    pub fn waiting_canary(&self) -> Option<&Canary> {
        self.data()?
            .workload
            .as_ref()?
            .canary
            .as_ref()
            .filter(|c| c.waits_for_human())
    }
}

/// Something that waits for a human, for the Waiting screen: a paused canary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PausedCanary {
    pub env: String,
    pub workload: String,
    pub step: usize,
    pub weight: u32,
    /// When the pause began (the oldest waits first), when the cluster said so.
    pub since: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rollouts {
    pub envs: Vec<EnvRollout>,
    /// The environment the rollout pane shows.
    pub selected: usize,
    /// How far the pane's lists are scrolled, in rows.
    pub scroll: u16,
    /// The performance gate's memory budget, MB, shown beside each pod's memory.
    pub memory_budget_mb: Option<u64>,
}

impl Rollouts {
    pub fn new(envs: Vec<EnvRollout>, memory_budget_mb: Option<u64>) -> Rollouts {
        // Production (the last environment) is what the on-call engineer looks at first.
        let selected = envs.len().saturating_sub(1);
        Rollouts {
            envs,
            selected,
            scroll: 0,
            memory_budget_mb,
        }
    }

    pub fn selected(&self) -> Option<&EnvRollout> {
        self.envs.get(self.selected)
    }

    pub fn is_empty(&self) -> bool {
        self.envs.is_empty()
    }

    /// Applies one environment's update; true when the screen changes.
    pub fn apply(
        &mut self,
        env: &str,
        link: Link,
        update: Update<Box<Rollout>>,
        now: DateTime<Utc>,
    ) -> bool {
        let Some(e) = self.envs.iter_mut().find(|e| e.env == env) else {
            return false;
        };
        let moved = e.link != link && !matches!(update, Update::Fetching);
        if !matches!(update, Update::Fetching) {
            e.link = link;
        }
        e.slot.apply(update, now) || moved
    }

    pub fn start(&mut self) {
        for e in &mut self.envs {
            e.slot.start();
        }
    }

    pub fn stop(&mut self, reason: &str) {
        for e in &mut self.envs {
            e.slot.stop(reason.to_string());
        }
    }

    /// Some environment's data or connection is worth a redraw every second (a retry countdown).
    pub fn failing(&self) -> bool {
        self.envs.iter().any(|e| e.slot.health == Health::Failing)
    }

    /// Every paused canary that waits for a human, for the Waiting screen.
    pub fn paused_canaries(&self) -> Vec<PausedCanary> {
        self.envs
            .iter()
            .filter_map(|e| {
                let c = e.waiting_canary()?;
                Some(PausedCanary {
                    env: e.env.clone(),
                    workload: e.target.workload(),
                    step: c.current_step,
                    weight: c.actual_weight,
                    since: None,
                })
            })
            .collect()
    }
}
