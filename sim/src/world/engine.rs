//! Moving the world forward: scripted events, job scheduling by `needs`, steps by planned duration or
//! by the cluster's progress (roll-up and follow-up runs are in `rollup.rs`).

use chrono::Duration;

use super::model::*;
use super::{World, plan};
use crate::kube::Cluster;

impl World {
    pub(super) fn step_history(&mut self, to: Time) {
        self.step(to, None);
    }

    /// Moves the world to `to`. Transitions are stamped with the time they were due.
    pub(crate) fn step(&mut self, to: Time, mut cluster: Option<&mut Cluster>) {
        if to < self.now {
            return;
        }
        while self.timeline.first().is_some_and(|e| e.at <= to) {
            let ev = self.timeline.remove(0);
            self.settle(ev.at, cluster.as_deref_mut());
            self.fire(ev);
        }
        self.settle(to, cluster);
        self.now = to;
    }

    fn settle(&mut self, t: Time, mut cluster: Option<&mut Cluster>) {
        self.now = self.now.max(t);
        for _ in 0..1000 {
            let mut changed = false;
            for i in 0..self.jobs.len() {
                if self.jobs[i].status != Status::Completed {
                    changed |= self.advance_job(i, t, cluster.as_deref_mut());
                }
            }
            changed |= self.roll_up_runs();
            if !changed {
                break;
            }
        }
    }

    /// Creates a run with its jobs for the workflow's current definition.
    pub(crate) fn create_run(
        &mut self,
        workflow: usize,
        event: &str,
        sha: &str,
        branch: &str,
        actor: &str,
        at: Time,
    ) -> u64 {
        let id = self.id(19_400_000_000);
        let run_number = self.next_run_number(workflow);
        let title = match event {
            "push" | "workflow_dispatch" => self
                .commits()
                .into_iter()
                .find(|c| c.sha == sha)
                .map(|c| c.message.to_string())
                .unwrap_or_else(|| self.workflow_name(workflow).to_string()),
            _ => self.workflow_name(workflow).to_string(),
        };
        self.runs.push(Run {
            id,
            run_number,
            workflow,
            event: event.into(),
            head_sha: sha.into(),
            head_branch: branch.into(),
            display_title: title,
            status: Status::Queued,
            conclusion: None,
            created_at: at,
            updated_at: at,
            run_started_at: at,
            run_attempt: 1,
            actor: actor.into(),
            triggering_actor: actor.into(),
            followed_up: false,
        });
        self.create_jobs(id, 1, at, None);
        id
    }

    /// Creates the jobs of an attempt; `keep` carries over successful jobs (rerun of failed jobs).
    pub(super) fn create_jobs(
        &mut self,
        run_id: u64,
        attempt: u32,
        at: Time,
        keep: Option<Vec<Job>>,
    ) {
        let Some(run) = self.run(run_id).cloned() else {
            return;
        };
        let instances = self.workflows[run.workflow].3.clone();
        for inst in instances {
            let id = self.id(56_100_000_000);
            if let Some(prev) = keep.as_ref().and_then(|k| {
                k.iter()
                    .find(|j| j.name == inst.name && j.conclusion == Some(Conclusion::Success))
            }) {
                let mut j = prev.clone();
                j.id = id;
                j.run_attempt = attempt;
                self.jobs.push(j);
                continue;
            }
            let steps = plan::steps(self, &run, &inst);
            let ready = if inst.needs.is_empty() {
                Some(at + self.pickup(id))
            } else {
                None
            };
            self.jobs.push(Job {
                id,
                run_id,
                run_attempt: attempt,
                key: inst.key.clone(),
                name: inst.name.clone(),
                matrix: inst.matrix.clone(),
                needs: inst.needs.clone(),
                environment: inst.environment.clone(),
                status: Status::Queued,
                conclusion: None,
                created_at: at,
                started_at: None,
                completed_at: None,
                steps,
                runner_name: None,
                ready_at: ready,
                live: self.live,
                deployment_id: None,
                annotations: vec![],
                output: None,
            });
        }
    }

    /// Runner pick-up delay, 2-8 s.
    fn pickup(&self, id: u64) -> Duration {
        Duration::milliseconds(2000 + (self.jitter("pickup", id) * 6000.0) as i64)
    }

    /// One job's next transition if due by `t`; true when something changed.
    fn advance_job(&mut self, i: usize, t: Time, cluster: Option<&mut Cluster>) -> bool {
        let job = self.jobs[i].clone();
        match job.status {
            Status::Queued if job.ready_at.is_none() => self.check_needs(i, t),
            Status::Queued => {
                let ready = job.ready_at.unwrap_or(t);
                if ready > t {
                    return false;
                }
                let j = &mut self.jobs[i];
                j.status = Status::InProgress;
                j.started_at = Some(ready);
                j.runner_name = Some(format!("GitHub Actions {}", 1_000_000 + j.id % 90_000));
                self.deployment_status_for_job(i, "in_progress", ready);
                true
            }
            Status::InProgress => self.advance_steps(i, t, cluster),
            Status::Waiting | Status::Completed => false,
        }
    }

    /// When a queued job's needs are done: skip it, make it wait for review, or schedule its start.
    fn check_needs(&mut self, i: usize, t: Time) -> bool {
        let job = &self.jobs[i];
        let mut done_at = job.created_at;
        for need in &job.needs {
            let deps: Vec<&Job> = self
                .jobs
                .iter()
                .filter(|d| {
                    d.run_id == job.run_id && d.run_attempt == job.run_attempt && &d.key == need
                })
                .collect();
            for d in deps {
                match (d.status, d.conclusion) {
                    (Status::Completed, Some(Conclusion::Success)) => {
                        done_at = done_at.max(d.completed_at.unwrap_or(t));
                    }
                    (Status::Completed, _) => {
                        let at = d.completed_at.unwrap_or(t);
                        let j = &mut self.jobs[i];
                        j.status = Status::Completed;
                        j.conclusion = Some(Conclusion::Skipped);
                        j.started_at = Some(at);
                        j.completed_at = Some(at);
                        j.steps.clear();
                        return true;
                    }
                    _ => return false,
                }
            }
        }
        if done_at > t {
            return false;
        }
        let env = job.environment.clone();
        let id = job.id;
        let protected = env
            .as_ref()
            .and_then(|(n, _)| self.environment(n))
            .is_some_and(|e| !e.reviewers.is_empty());
        if let Some((name, _)) = &env {
            self.create_job_deployment(i, name, done_at);
        }
        let pickup = self.pickup(id);
        let j = &mut self.jobs[i];
        if protected {
            j.status = Status::Waiting;
            j.ready_at = Some(done_at);
        } else {
            j.ready_at = Some(done_at + pickup);
            if env.is_some() {
                self.deployment_status_for_job(i, "queued", done_at);
            }
        }
        true
    }

    fn advance_steps(&mut self, i: usize, t: Time, mut cluster: Option<&mut Cluster>) -> bool {
        let mut changed = false;
        let job_start = self.jobs[i].started_at.unwrap_or(t);
        loop {
            let failed = self.jobs[i]
                .steps
                .iter()
                .any(|s| s.conclusion == Some(Conclusion::Failure));
            let Some(k) = self.jobs[i]
                .steps
                .iter()
                .position(|s| s.status != Status::Completed)
            else {
                break;
            };
            let prev_end = if k == 0 {
                job_start
            } else {
                self.jobs[i].steps[k - 1].completed_at.unwrap_or(t)
            };
            let step = self.jobs[i].steps[k].clone();
            let Some(start) = step.started_at else {
                if prev_end > t {
                    break;
                }
                if failed && !plan::runs_after_failure(&step.name)
                    || !failed && step.name == "Create Compliance Issue"
                {
                    let s = &mut self.jobs[i].steps[k];
                    s.status = Status::Completed;
                    s.conclusion = Some(Conclusion::Skipped);
                    s.started_at = Some(prev_end);
                    s.completed_at = Some(prev_end);
                    changed = true;
                    continue;
                }
                let s = &mut self.jobs[i].steps[k];
                s.status = Status::InProgress;
                s.started_at = Some(prev_end);
                changed = true;
                if self.jobs[i].live
                    && let Some(c) = cluster.as_deref_mut()
                {
                    self.gate_started(i, k, c, prev_end);
                }
                continue;
            };
            let end = start + Duration::milliseconds(step.duration_ms);
            let live_gate = step.gate != Gate::None && self.jobs[i].live && cluster.is_some();
            let outcome = if live_gate {
                match cluster.as_deref().map(|c| self.gate_state(i, step.gate, c)) {
                    Some(Some(ok)) if end <= t => Some((t, ok)),
                    _ => None,
                }
            } else if end <= t {
                Some((end, !step.fails))
            } else {
                None
            };
            let Some((at, ok)) = outcome else { break };
            let s = &mut self.jobs[i].steps[k];
            s.status = Status::Completed;
            s.completed_at = Some(at);
            s.conclusion = Some(if ok {
                Conclusion::Success
            } else {
                Conclusion::Failure
            });
            changed = true;
        }
        if self.jobs[i]
            .steps
            .iter()
            .all(|s| s.status == Status::Completed)
        {
            let end = self.jobs[i]
                .steps
                .last()
                .and_then(|s| s.completed_at)
                .unwrap_or(job_start);
            let failed = self.jobs[i]
                .steps
                .iter()
                .any(|s| s.conclusion == Some(Conclusion::Failure));
            self.complete_job(
                i,
                end,
                if failed {
                    Conclusion::Failure
                } else {
                    Conclusion::Success
                },
            );
            changed = true;
        }
        changed
    }

    /// Starts what a gated step does on the cluster.
    fn gate_started(&mut self, i: usize, k: usize, c: &mut Cluster, at: Time) {
        let job = &self.jobs[i];
        let Some(commit) = self.commits().into_iter().find(|c| {
            c.sha
                == self
                    .run(job.run_id)
                    .map(|r| r.head_sha.as_str())
                    .unwrap_or("")
        }) else {
            return;
        };
        match job.steps[k].gate {
            Gate::StagingRollout => c.deploy("staging", &commit, at),
            Gate::ProductionCanary => c.deploy("production", &commit, at),
            Gate::None => {}
        }
    }

    /// Some(ok) once the cluster has finished what the gate waits on.
    fn gate_state(&self, i: usize, gate: Gate, c: &Cluster) -> Option<bool> {
        let job = &self.jobs[i];
        let sha = self
            .run(job.run_id)
            .map(|r| r.head_sha.clone())
            .unwrap_or_default();
        let image = self.commits().into_iter().find(|c| c.sha == sha)?.image();
        let ns = match gate {
            Gate::StagingRollout => "staging",
            Gate::ProductionCanary => "production",
            Gate::None => return Some(true),
        };
        if c.rolled_out(ns, &image) {
            return Some(true);
        }
        match c.canary(ns) {
            Some((phase, _))
                if ns == "production" && (phase == "Degraded" || phase == "Aborted") =>
            {
                Some(false)
            }
            _ => None,
        }
    }

    pub(super) fn complete_job(&mut self, i: usize, at: Time, conclusion: Conclusion) {
        {
            let j = &mut self.jobs[i];
            j.status = Status::Completed;
            j.conclusion = Some(conclusion);
            j.completed_at = Some(at);
            if j.started_at.is_none() {
                j.started_at = Some(at);
            }
        }
        let state = match conclusion {
            Conclusion::Success => "success",
            _ => "failure",
        };
        self.deployment_status_for_job(i, state, at);
        if conclusion == Conclusion::Success {
            plan::job_results(self, i, at);
        }
    }
}
