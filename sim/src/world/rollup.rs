//! Run status roll-up: a run's status and conclusion follow its latest attempt's jobs, and a CI
//! success on main starts the CD pipeline (its `workflow_run` trigger).

use chrono::Duration;

use super::World;
use super::model::*;

impl World {
    /// Run status from its latest attempt's jobs; follow-up runs. True when something changed.
    pub(super) fn roll_up_runs(&mut self) -> bool {
        let mut changed = false;
        let mut follow = Vec::new();
        for r in 0..self.runs.len() {
            let run = &self.runs[r];
            if run.status == Status::Completed && run.followed_up {
                continue;
            }
            let jobs = self.run_jobs(run.id, false);
            let all_done = jobs.iter().all(|j| j.status == Status::Completed);
            let latest = jobs
                .iter()
                .flat_map(|j| {
                    [
                        j.completed_at,
                        j.started_at,
                        j.ready_at.filter(|_| j.status == Status::Waiting),
                    ]
                })
                .flatten()
                .max()
                .unwrap_or(run.updated_at)
                .max(run.updated_at);
            let (status, conclusion) = if all_done {
                let c = if jobs
                    .iter()
                    .any(|j| j.conclusion == Some(Conclusion::Failure))
                {
                    Conclusion::Failure
                } else if jobs
                    .iter()
                    .any(|j| j.conclusion == Some(Conclusion::Cancelled))
                {
                    Conclusion::Cancelled
                } else {
                    Conclusion::Success
                };
                (Status::Completed, Some(c))
            } else if jobs.iter().any(|j| j.status == Status::Waiting) {
                (Status::Waiting, None)
            } else if jobs.iter().any(|j| j.started_at.is_some()) {
                (Status::InProgress, None)
            } else {
                (Status::Queued, None)
            };
            let run = &mut self.runs[r];
            if run.status != status || run.conclusion != conclusion || run.updated_at != latest {
                run.status = status;
                run.conclusion = conclusion;
                run.updated_at = latest;
                changed = true;
            }
            if status == Status::Completed && !run.followed_up {
                run.followed_up = true;
                changed = true;
                if run.workflow == 0
                    && run.head_branch == "main"
                    && conclusion == Some(Conclusion::Success)
                {
                    follow.push((run.head_sha.clone(), run.actor.clone(), latest));
                }
            }
        }
        for (sha, actor, at) in follow {
            self.create_run(
                1,
                "workflow_run",
                &sha,
                "main",
                &actor,
                at + Duration::seconds(2),
            );
        }
        changed
    }
}
