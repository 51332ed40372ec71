//! An Argo Rollouts canary as the pane shows it: its steps with the current one, the weight it
//! set and the weight the traffic actually has, why it is paused, and its analysis.

/// One step of `spec.strategy.canary.steps`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    SetWeight(u32),
    /// `pause: {}` waits for a human; with a duration it ends by itself.
    Pause(Option<String>),
    Analysis(String),
    Other(String),
}

impl Step {
    pub fn describe(&self) -> String {
        match self {
            Step::SetWeight(w) => format!("setWeight {w}%"),
            Step::Pause(None) => "pause (until promoted)".into(),
            Step::Pause(Some(d)) => format!("pause {d}"),
            Step::Analysis(t) => format!("analysis {t}"),
            Step::Other(s) => s.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Canary {
    pub steps: Vec<Step>,
    /// `status.currentStepIndex`: equal to `steps.len()` once every step is done.
    pub current_step: usize,
    /// Healthy, Progressing, Paused, Degraded.
    pub phase: String,
    pub message: Option<String>,
    /// `status.pauseConditions[].reason`.
    pub pause_reasons: Vec<String>,
    pub aborted: bool,
    /// The weight the steps so far asked for.
    pub set_weight: u32,
    /// The weight `status.canary.weights.canary` reports.
    pub actual_weight: u32,
    pub stable_hash: Option<String>,
    pub current_hash: Option<String>,
    /// The current analysis run's phase, when the rollout has one.
    pub analysis: Option<String>,
}

impl Canary {
    /// Paused at a step for a human to promote or abort: the Waiting screen lists these.
    pub fn waits_for_human(&self) -> bool {
        !self.aborted
            && !self.pause_reasons.is_empty()
            && matches!(self.steps.get(self.current_step), Some(Step::Pause(None)))
    }

    /// A new revision is being rolled out (the canary and stable differ).
    pub fn in_progress(&self) -> bool {
        self.current_hash.is_some() && self.current_hash != self.stable_hash
    }

    /// The weight set once the first `index` steps have run.
    pub fn weight_before(steps: &[Step], index: usize) -> u32 {
        steps[..index.min(steps.len())]
            .iter()
            .rev()
            .find_map(|s| match s {
                Step::SetWeight(w) => Some(*w),
                _ => None,
            })
            .unwrap_or(0)
    }
}

/// What the `kubectl argo rollouts` plugin can be asked to do to a canary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CanaryOp {
    /// `promote`: end the current pause (or skip the current step).
    Promote,
    /// `promote --full`: skip every remaining step.
    PromoteFull,
    /// `abort`: scale the canary down, traffic back to stable.
    Abort,
    /// `retry`: start an aborted rollout's steps again.
    Retry,
}

impl CanaryOp {
    pub fn word(self) -> &'static str {
        match self {
            CanaryOp::Promote => "promote",
            CanaryOp::PromoteFull => "promote --full",
            CanaryOp::Abort => "abort",
            CanaryOp::Retry => "retry",
        }
    }

    /// What the outcome says.
    pub fn done(self) -> &'static str {
        match self {
            CanaryOp::Promote => "promoted to the next step",
            CanaryOp::PromoteFull => "promoted fully",
            CanaryOp::Abort => "canary aborted; traffic back to stable",
            CanaryOp::Retry => "canary retried from its first step",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pause_without_duration_waits_for_a_human() {
        let steps = vec![Step::SetWeight(5), Step::Pause(None), Step::SetWeight(50)];
        let c = Canary {
            steps: steps.clone(),
            current_step: 1,
            pause_reasons: vec!["CanaryPauseStep".into()],
            ..Canary::default()
        };
        assert!(c.waits_for_human());
        assert!(
            !Canary {
                aborted: true,
                ..c.clone()
            }
            .waits_for_human()
        );
        assert_eq!(Canary::weight_before(&steps, 2), 5);
        assert_eq!(Canary::weight_before(&steps, 0), 0);
    }
}
