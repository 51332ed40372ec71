//! Writes through the API (and the scripted history): reviews, reruns, cancels, dispatches,
//! deployments and their statuses. Errors carry the status and message GitHub gives.

use chrono::Duration;

use super::World;
use super::model::*;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ApiError {
    pub(crate) status: u16,
    pub(crate) message: String,
}

pub(crate) fn err(status: u16, message: impl Into<String>) -> ApiError {
    ApiError {
        status,
        message: message.into(),
    }
}

pub(crate) type ApiResult<T> = Result<T, ApiError>;

impl World {
    /// Reviews the run's pending deployments for `env_ids` as `user`; returns the deployments.
    pub(crate) fn review(
        &mut self,
        run_id: u64,
        user: &str,
        env_ids: &[u64],
        state: &str,
        comment: &str,
    ) -> ApiResult<Vec<u64>> {
        let at = self.now;
        if self.run(run_id).is_none() {
            return Err(err(404, "Not Found"));
        }
        if state != "approved" && state != "rejected" {
            return Err(err(
                422,
                format!(
                    "Invalid request.\n\n{state:?} is not a member of [\"approved\", \"rejected\"]."
                ),
            ));
        }
        let mut targets = Vec::new();
        for env_id in env_ids {
            let Some(env) = self.environments.iter().find(|e| e.id == *env_id).cloned() else {
                return Err(err(
                    422,
                    format!("Environment {env_id} is not a pending deployment of this run"),
                ));
            };
            let waiting: Vec<usize> = (0..self.jobs.len())
                .filter(|&i| {
                    let j = &self.jobs[i];
                    j.run_id == run_id
                        && j.status == Status::Waiting
                        && j.environment.as_ref().is_some_and(|(n, _)| *n == env.name)
                })
                .collect();
            if waiting.is_empty() {
                return Err(err(
                    422,
                    "No pending deployment requests to approve or reject",
                ));
            }
            let run = self
                .run(run_id)
                .cloned()
                .ok_or_else(|| err(404, "Not Found"))?;
            env.may_review(user, &run).map_err(|why| err(422, why))?;
            targets.push((env, waiting));
        }
        let mut out = Vec::new();
        for (env, waiting) in targets {
            self.approvals.push(Approval {
                run_id,
                environment: env.name.clone(),
                state: if state == "approved" {
                    "approved"
                } else {
                    "rejected"
                },
                user: user.into(),
                comment: comment.into(),
            });
            for i in waiting {
                if let Some(d) = self.jobs[i].deployment_id {
                    out.push(d);
                }
                if state == "approved" {
                    let since = self.jobs[i].ready_at.unwrap_or(at);
                    let timer = since + Duration::minutes(i64::from(env.wait_timer));
                    self.jobs[i].status = Status::Queued;
                    self.jobs[i].ready_at = Some(at.max(timer) + Duration::seconds(3));
                    self.deployment_status_for_job(i, "queued", at);
                } else {
                    self.jobs[i].steps.clear();
                    self.complete_job(i, at, Conclusion::Failure);
                }
            }
        }
        self.roll_up_runs();
        Ok(out)
    }

    pub(crate) fn cancel(&mut self, run_id: u64) -> ApiResult<()> {
        let at = self.now;
        let run = self.run(run_id).ok_or_else(|| err(404, "Not Found"))?;
        if run.status == Status::Completed {
            return Err(err(409, "Cannot cancel a workflow run that is completed."));
        }
        let attempt = run.run_attempt;
        for i in 0..self.jobs.len() {
            let j = &mut self.jobs[i];
            if j.run_id != run_id || j.run_attempt != attempt || j.status == Status::Completed {
                continue;
            }
            for s in j.steps.iter_mut().filter(|s| s.status != Status::Completed) {
                let started = s.started_at.is_some();
                s.status = Status::Completed;
                s.conclusion = Some(if started {
                    Conclusion::Cancelled
                } else {
                    Conclusion::Skipped
                });
                s.started_at.get_or_insert(at);
                s.completed_at = Some(at);
            }
            self.complete_job(i, at, Conclusion::Cancelled);
        }
        // Roll the run up now so a rerun right after the cancel sees it completed.
        self.roll_up_runs();
        Ok(())
    }

    /// Starts a new attempt; `failed_only` keeps the jobs that succeeded.
    pub(crate) fn rerun(&mut self, run_id: u64, failed_only: bool) -> ApiResult<()> {
        let at = self.now;
        let run = self
            .run(run_id)
            .ok_or_else(|| err(404, "Not Found"))?
            .clone();
        if run.status != Status::Completed {
            return Err(err(403, "This workflow is already running"));
        }
        if failed_only && run.conclusion == Some(Conclusion::Success) {
            return Err(err(
                403,
                "This workflow run cannot be retried: it has no failed jobs",
            ));
        }
        let keep = failed_only.then(|| self.run_jobs(run_id, false).into_iter().cloned().collect());
        let attempt = run.run_attempt + 1;
        if let Some(r) = self.runs.iter_mut().find(|r| r.id == run_id) {
            r.run_attempt = attempt;
            r.status = Status::Queued;
            r.conclusion = None;
            r.run_started_at = at;
            r.updated_at = at;
            r.followed_up = false;
            r.triggering_actor = super::ONCALL.into();
        }
        self.create_jobs(run_id, attempt, at, keep);
        Ok(())
    }

    /// workflow_dispatch of `workflow` (id or file name) on a branch or tag.
    pub(crate) fn dispatch(
        &mut self,
        workflow: &str,
        git_ref: &str,
        actor: &str,
    ) -> ApiResult<u64> {
        let at = self.now;
        let idx = self
            .workflows
            .iter()
            .position(|w| w.0.to_string() == workflow || w.1 == workflow)
            .ok_or_else(|| err(404, "Not Found"))?;
        // GitHub's answer for a workflow that cannot be started by hand.
        if !self.workflows[idx].2.has_trigger("workflow_dispatch") {
            return Err(err(
                422,
                "Workflow does not have 'workflow_dispatch' trigger",
            ));
        }
        let commit = self
            .resolve(git_ref)
            .ok_or_else(|| err(422, format!("No ref found for: {git_ref}")))?;
        let branch = git_ref
            .strip_prefix("refs/heads/")
            .unwrap_or(git_ref)
            .to_string();
        Ok(self.create_run(idx, "workflow_dispatch", commit.sha, &branch, actor, at))
    }

    /// POST /deployments.
    pub(crate) fn create_deployment(
        &mut self,
        git_ref: &str,
        environment: &str,
        task: &str,
        description: Option<String>,
        payload: serde_json::Value,
        creator: &str,
    ) -> ApiResult<u64> {
        let commit = self
            .resolve(git_ref)
            .ok_or_else(|| err(422, format!("No ref found for: {git_ref}")))?;
        let at = self.now;
        let id = self.id(3_300_000_000);
        self.deployments.push(Deployment {
            id,
            sha: commit.sha.into(),
            git_ref: git_ref.into(),
            task: task.into(),
            environment: environment.into(),
            description,
            creator: creator.into(),
            payload,
            production: environment == "production",
            created_at: at,
            updated_at: at,
            statuses: vec![],
        });
        Ok(id)
    }

    /// POST /deployments/{id}/statuses; a success marks earlier deployments of the environment inactive.
    #[allow(clippy::too_many_arguments)] // mirrors the API's fields
    pub(crate) fn add_deployment_status(
        &mut self,
        id: u64,
        state: &str,
        description: &str,
        creator: &str,
        log_url: &str,
        env_url: &str,
        at: Time,
    ) -> ApiResult<u64> {
        const STATES: &[&str] = &[
            "error",
            "failure",
            "inactive",
            "pending",
            "success",
            "queued",
            "in_progress",
        ];
        if !STATES.contains(&state) {
            return Err(err(
                422,
                format!("Validation Failed: state {state:?} is not included in the list"),
            ));
        }
        let sid = self.id(4_400_000_000);
        let d = self
            .deployments
            .iter_mut()
            .find(|d| d.id == id)
            .ok_or_else(|| err(404, "Not Found"))?;
        let env = d.environment.clone();
        d.updated_at = at;
        d.statuses.push(DeploymentStatus {
            id: sid,
            state: state.into(),
            description: description.into(),
            creator: creator.into(),
            environment: env.clone(),
            log_url: log_url.into(),
            environment_url: env_url.into(),
            created_at: at,
        });
        if state == "success" {
            let mut inactive = Vec::new();
            for o in self
                .deployments
                .iter()
                .filter(|o| o.environment == env && o.id != id)
            {
                if o.statuses.last().is_some_and(|s| s.state == "success") {
                    inactive.push(o.id);
                }
            }
            for o in inactive {
                let sid = self.id(4_400_000_000);
                if let Some(d) = self.deployments.iter_mut().find(|d| d.id == o) {
                    d.statuses.push(DeploymentStatus {
                        id: sid,
                        state: "inactive".into(),
                        description: "Superseded by a newer deployment".into(),
                        creator: super::BOT.into(),
                        environment: env.clone(),
                        log_url: String::new(),
                        environment_url: String::new(),
                        created_at: at,
                    });
                    d.updated_at = at;
                }
            }
        }
        Ok(sid)
    }

    /// Actions creates a deployment when a job with an environment is about to run (or wait for review).
    pub(super) fn create_job_deployment(&mut self, i: usize, env: &str, at: Time) {
        let run_id = self.jobs[i].run_id;
        let Some(run) = self.run(run_id).cloned() else {
            return;
        };
        let id = self.id(3_300_000_000);
        self.deployments.push(Deployment {
            id,
            sha: run.head_sha.clone(),
            git_ref: run.head_branch.clone(),
            task: "deploy".into(),
            environment: env.into(),
            description: None,
            creator: super::BOT.into(),
            payload: serde_json::json!({}),
            production: env == "production",
            created_at: at,
            updated_at: at,
            statuses: vec![],
        });
        self.jobs[i].deployment_id = Some(id);
    }

    pub(super) fn deployment_status_for_job(&mut self, i: usize, state: &str, at: Time) {
        let Some(d) = self.jobs[i].deployment_id else {
            return;
        };
        let env_url = self.jobs[i]
            .environment
            .as_ref()
            .and_then(|e| e.1.clone())
            .unwrap_or_default();
        let log = format!(
            "https://github.com/acme/shop/actions/runs/{}/job/{}",
            self.jobs[i].run_id, self.jobs[i].id
        );
        let desc = match state {
            "queued" => "Deployment queued",
            "in_progress" => "Deployment started",
            "success" => "Deployment succeeded",
            _ => "Deployment failed",
        };
        // The deployment exists, so this cannot fail.
        let _ = self.add_deployment_status(d, state, desc, super::BOT, &log, &env_url, at);
    }
}
