//! The sentence `kubectl rollout status` prints for a Deployment, checked in kubectl's order
//! (kubectl pkg/polymorphichelpers/rollout_status.go), and its Argo Rollouts counterpart
//! (`kubectl argo rollouts status`: the phase, then the message).

use super::{Kind, Workload};

/// What a rollout's status says: the sentence, whether it is done, whether it failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub text: String,
    pub done: bool,
    /// kubectl prints this one as an error (a progress deadline exceeded, an aborted canary).
    pub error: bool,
}

impl Sentence {
    fn waiting(text: String) -> Sentence {
        Sentence {
            text,
            done: false,
            error: false,
        }
    }
}

/// The sentence kubectl 1.32 prints for this workload (without its trailing newline).
pub fn sentence(w: &Workload) -> Sentence {
    match w.kind {
        Some(Kind::Rollout) => rollout_sentence(w),
        _ => deployment_sentence(w),
    }
}

fn deployment_sentence(w: &Workload) -> Sentence {
    let name = &w.name;
    if w.generation > w.observed_generation {
        return Sentence::waiting("Waiting for deployment spec update to be observed...".into());
    }
    if w.progressing_reason.as_deref() == Some("ProgressDeadlineExceeded") {
        return Sentence {
            text: format!("error: deployment \"{name}\" exceeded its progress deadline"),
            done: false,
            error: true,
        };
    }
    let wait = |what: String| {
        Sentence::waiting(format!(
            "Waiting for deployment \"{name}\" rollout to finish: {what}..."
        ))
    };
    if w.updated < w.desired {
        return wait(format!(
            "{} out of {} new replicas have been updated",
            w.updated, w.desired
        ));
    }
    if w.total > w.updated {
        return wait(format!(
            "{} old replicas are pending termination",
            w.total - w.updated
        ));
    }
    if w.available < w.updated {
        return wait(format!(
            "{} of {} updated replicas are available",
            w.available, w.updated
        ));
    }
    Sentence {
        text: format!("deployment \"{name}\" successfully rolled out"),
        done: true,
        error: false,
    }
}

fn rollout_sentence(w: &Workload) -> Sentence {
    let Some(c) = &w.canary else {
        return Sentence::waiting("Progressing".into());
    };
    let text = match c.message.as_deref().filter(|m| !m.is_empty()) {
        Some(m) => format!("{} - {m}", c.phase),
        None => c.phase.clone(),
    };
    Sentence {
        done: c.phase == "Healthy",
        error: c.phase == "Degraded" || c.aborted,
        text,
    }
}

/// The fraction of the desired replicas that are updated and available, for the progress bar.
pub fn progress(w: &Workload) -> f64 {
    if w.desired <= 0 {
        return 1.0;
    }
    let done = w.available.min(w.updated).max(0);
    (f64::from(done) / f64::from(w.desired)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deploy(g: (i64, i64), desired: i32, total: i32, updated: i32, available: i32) -> Workload {
        Workload {
            kind: Some(Kind::Deployment),
            name: "shop".into(),
            generation: g.0,
            observed_generation: g.1,
            desired,
            total,
            updated,
            available,
            ready: available,
            ..Workload::default()
        }
    }

    #[test]
    fn sentences_follow_kubectls_order() {
        let s = |w: &Workload| sentence(w).text;
        assert_eq!(
            s(&deploy((3, 2), 3, 3, 3, 3)),
            "Waiting for deployment spec update to be observed..."
        );
        assert_eq!(
            s(&deploy((3, 3), 3, 4, 1, 3)),
            "Waiting for deployment \"shop\" rollout to finish: 1 out of 3 new replicas have been updated..."
        );
        assert_eq!(
            s(&deploy((3, 3), 3, 4, 3, 2)),
            "Waiting for deployment \"shop\" rollout to finish: 1 old replicas are pending termination..."
        );
        assert_eq!(
            s(&deploy((3, 3), 3, 3, 3, 2)),
            "Waiting for deployment \"shop\" rollout to finish: 2 of 3 updated replicas are available..."
        );
        let done = sentence(&deploy((3, 3), 3, 3, 3, 3));
        assert_eq!(done.text, "deployment \"shop\" successfully rolled out");
        assert!(done.done);
        let mut stuck = deploy((3, 3), 3, 4, 1, 3);
        stuck.progressing_reason = Some("ProgressDeadlineExceeded".into());
        let e = sentence(&stuck);
        assert!(e.error && !e.done);
        assert_eq!(
            e.text,
            "error: deployment \"shop\" exceeded its progress deadline"
        );
    }

    #[test]
    fn progress_counts_updated_and_available() {
        assert_eq!(progress(&deploy((1, 1), 4, 5, 2, 3)), 0.5);
        assert_eq!(progress(&deploy((1, 1), 0, 0, 0, 0)), 1.0);
    }
}
