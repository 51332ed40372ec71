//! What is selected in the list panes that are not a source's own: the environment board, the
//! waiting list and the audit trail. Written by `update`, clamped when drawn.

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Selection {
    pub board: usize,
    pub waiting: usize,
    pub audit: usize,
}

use crate::app::State;
use crate::model::approval::{WaitItem, WaitKind, oldest_first};

/// Everything waiting for a human across sources, oldest first: the Waiting screen's rows.
/// Another source (paused canaries) adds its items here.
pub fn waiting_items(state: &State) -> Vec<WaitItem> {
    let mut items = Vec::new();
    if let Some(b) = &state.review.data {
        items.extend(b.wait_items());
    }
    // Paused canaries: a human promotes or aborts them, from the rollout screen.
    items.extend(state.rollouts.envs.iter().filter_map(|e| {
        let c = e.waiting_canary()?;
        Some(WaitItem {
            kind: WaitKind::Canary {
                context: e.target.context.clone().unwrap_or_default(),
                namespace: e.target.namespace.clone(),
                rollout: e.target.name.clone(),
                step: u32::try_from(c.current_step).ok(),
            },
            place: e.env.clone(),
            title: format!(
                "{} canary paused at step {} ({}%)",
                e.target.workload(),
                c.current_step,
                c.actual_weight
            ),
            since: None,
            actionable: if e.read_only {
                Err("read-only environment (config)".into())
            } else {
                Err("promote (P) or abort (A) on the rollout screen (3)".into())
            },
        })
    }));
    oldest_first(items)
}

/// Moves a selection by `step` within `len` rows.
pub fn step(at: usize, step: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    (at.min(len - 1) as isize + step).clamp(0, len as isize - 1) as usize
}
