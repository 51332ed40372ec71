//! The simulated GitHub world of `acme/shop`: workflow runs with jobs and steps, environments and
//! deployments, check results and alerts. It moves only when `step` is called with a later time, and
//! every transition is stamped with the time it was due, so answers do not depend on how finely the
//! driver steps. No wall clock and no global randomness: all variation comes from `seed`.

pub(crate) mod actions;
pub(crate) mod engine;
pub(crate) mod logs;
pub(crate) mod model;
pub(crate) mod plan;
mod rollup;
pub(crate) mod scenario;
pub(crate) mod workflows;

use chrono::Duration;

use self::model::*;
use self::workflows::{JobInstance, WorkflowDef};
use super::commits::{self, Commit};

pub use self::scenario::Scenario;

/// The user whose token the simulator hands out: a required reviewer of production.
pub(crate) const ONCALL: &str = "oncall";
/// A user with a valid token who is not a reviewer, so refusals can be tested.
pub(crate) const INTERN: &str = "intern";
pub(crate) const BOT: &str = "github-actions[bot]";

/// splitmix64: tiny, seedable and good enough for jitter.
pub(crate) fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a over bytes, for deriving stable numbers from names.
pub(crate) fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A stable 40-hex id derived from a name (blob shas, node ids).
pub(crate) fn hex40(name: &str) -> String {
    let a = mix(fnv(name.as_bytes()));
    let b = mix(a);
    let c = mix(b);
    format!("{a:016x}{b:016x}{c:08x}")[..40].to_string()
}

pub(crate) struct World {
    pub(crate) now: Time,
    pub(crate) seed: u64,
    pub(crate) scenario: Scenario,
    /// Whether transitions may touch the cluster (false while replaying history).
    pub(crate) live: bool,
    pub(crate) workflows: Vec<(u64, &'static str, WorkflowDef, Vec<JobInstance>)>,
    pub(crate) runs: Vec<Run>,
    pub(crate) jobs: Vec<Job>,
    pub(crate) deployments: Vec<Deployment>,
    pub(crate) commit_statuses: Vec<CommitStatus>,
    pub(crate) alerts: Vec<Alert>,
    pub(crate) approvals: Vec<Approval>,
    pub(crate) environments: Vec<Environment>,
    pub(crate) artifacts: Vec<Artifact>,
    pub(crate) users: Vec<User>,
    /// Scripted events not yet fired, sorted by time.
    pub(crate) timeline: Vec<scenario::Scripted>,
    /// When each commit was pushed (commit dates derive from it).
    pub(crate) pushed: Vec<(String, Time)>,
    next_id: u64,
    run_numbers: [u64; 4],
}

impl World {
    /// Builds the world and replays its history up to `start` (simulated startup time).
    pub(crate) fn new(scenario: Scenario, seed: u64, start: Time) -> anyhow::Result<Self> {
        let mut workflows = Vec::new();
        for (i, (file, text)) in workflows::files(scenario).iter().enumerate() {
            let def = workflows::parse(file, text)?;
            let inst = workflows::instances(&def);
            workflows.push((71_000_000 + i as u64 * 1_117, *file, def, inst));
        }
        let users = [ONCALL, INTERN, "alice", "bob", "carol", "dave", BOT]
            .iter()
            .enumerate()
            .map(|(i, login)| User {
                id: if *login == BOT {
                    41_898_282
                } else {
                    5_100_000 + i as u64 * 37
                },
                login: login.to_string(),
                name: match *login {
                    ONCALL => "On-call Engineer".into(),
                    INTERN => "Summer Intern".into(),
                    BOT => "github-actions[bot]".into(),
                    l => format!("{}{}", l[..1].to_uppercase(), &l[1..]),
                },
                token: token_for(seed, login),
            })
            .collect();
        let environments = scenario::environments(scenario);
        let origin = start - Duration::days(12);
        let mut w = World {
            now: origin,
            seed,
            scenario,
            live: false,
            workflows,
            runs: vec![],
            jobs: vec![],
            deployments: vec![],
            commit_statuses: vec![],
            alerts: vec![],
            approvals: vec![],
            environments,
            artifacts: vec![],
            users,
            timeline: scenario::timeline(scenario, start),
            pushed: vec![],
            next_id: 0,
            run_numbers: [181, 96, 41, 7],
        };
        w.step_history(start);
        w.live = true;
        Ok(w)
    }

    /// A fresh id in a family, deterministic by creation order.
    pub(crate) fn id(&mut self, base: u64) -> u64 {
        self.next_id += 1;
        base + self.next_id * 7 + (mix(self.seed ^ self.next_id) % 5)
    }

    pub(crate) fn jitter(&self, what: &str, n: u64) -> f64 {
        (mix(self.seed ^ fnv(what.as_bytes()) ^ n.wrapping_mul(0x1000_0001)) % 1000) as f64 / 1000.0
    }

    pub(crate) fn user(&self, login: &str) -> Option<&User> {
        self.users.iter().find(|u| u.login == login)
    }

    pub(crate) fn user_by_token(&self, token: &str) -> Option<&User> {
        self.users
            .iter()
            .find(|u| u.token == token && u.login != BOT)
    }

    pub(crate) fn run(&self, id: u64) -> Option<&Run> {
        self.runs.iter().find(|r| r.id == id)
    }

    pub(crate) fn job(&self, id: u64) -> Option<&Job> {
        self.jobs.iter().find(|j| j.id == id)
    }

    pub(crate) fn environment(&self, name: &str) -> Option<&Environment> {
        self.environments.iter().find(|e| e.name == name)
    }

    /// Jobs of a run's latest attempt (or all attempts).
    pub(crate) fn run_jobs(&self, run_id: u64, all: bool) -> Vec<&Job> {
        let attempt = self.run(run_id).map(|r| r.run_attempt).unwrap_or(0);
        self.jobs
            .iter()
            .filter(|j| j.run_id == run_id && (all || j.run_attempt == attempt))
            .collect()
    }

    pub(crate) fn workflow_name(&self, idx: usize) -> &str {
        self.workflows
            .get(idx)
            .map(|w| w.2.name.as_str())
            .unwrap_or("")
    }

    /// Resolves a branch, tag (`v1.5.0`) or full/short SHA to a commit on `main`.
    pub(crate) fn resolve(&self, r: &str) -> Option<Commit> {
        let r = r
            .strip_prefix("refs/heads/")
            .or_else(|| r.strip_prefix("refs/tags/"))
            .unwrap_or(r);
        if r == "main" || r == "HEAD" {
            return Some(self.head());
        }
        self.commits()
            .into_iter()
            .find(|c| c.version == r || (r.len() >= 7 && c.sha.starts_with(r)))
    }

    /// Commits pushed so far, oldest first.
    pub(crate) fn commits(&self) -> Vec<Commit> {
        commits::HISTORY
            .iter()
            .copied()
            .chain(std::iter::once(commits::CANDIDATE))
            .filter(|c| self.pushed.iter().any(|(s, _)| s == c.sha))
            .collect()
    }

    pub(crate) fn head(&self) -> Commit {
        self.commits()
            .last()
            .copied()
            .unwrap_or(commits::production_stable())
    }

    pub(crate) fn pushed_at(&self, sha: &str) -> Option<Time> {
        self.pushed.iter().find(|(s, _)| s == sha).map(|(_, t)| *t)
    }

    fn next_run_number(&mut self, workflow: usize) -> u64 {
        let n = self.run_numbers[workflow];
        self.run_numbers[workflow] += 1;
        n
    }
}

/// A GitHub-looking personal access token, stable for a seed.
pub(crate) fn token_for(seed: u64, login: &str) -> String {
    const ALPHA: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut x = seed ^ fnv(login.as_bytes());
    let s: String = (0..36)
        .map(|_| {
            x = mix(x);
            ALPHA[(x % ALPHA.len() as u64) as usize] as char
        })
        .collect();
    format!("ghp_{s}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::epoch;
    use crate::kube::Cluster;

    #[test]
    fn history_replays_and_release_reaches_production_approval() {
        let start = epoch();
        let mut w = World::new(Scenario::Release, 1, start).unwrap();
        let done: Vec<_> = w
            .runs
            .iter()
            .filter(|r| r.status == Status::Completed)
            .collect();
        assert!(done.len() >= 10, "history runs: {}", done.len());
        assert!(
            w.runs
                .iter()
                .any(|r| r.conclusion == Some(Conclusion::Failure))
        );
        assert_eq!(w.approvals.len(), 4);
        let mut c = Cluster::new(false, start);
        let mut t = start;
        while t < start + Duration::minutes(30) {
            t += Duration::seconds(1);
            w.step(t, Some(&mut c));
            c.advance(t);
        }
        let cd = w
            .runs
            .iter()
            .rev()
            .find(|r| r.workflow == 1)
            .unwrap()
            .clone();
        assert_eq!(cd.head_sha, commits::CANDIDATE.sha);
        assert_eq!(cd.status, Status::Waiting);
        let env = w.environment("production").unwrap().id;
        assert!(w.review(cd.id, INTERN, &[env], "approved", "").is_err());
        w.review(cd.id, ONCALL, &[env], "approved", "ship it")
            .unwrap();
        while t < start + Duration::minutes(60) {
            t += Duration::seconds(1);
            w.step(t, Some(&mut c));
            c.advance(t);
        }
        let cd = w.run(cd.id).unwrap();
        assert_eq!(cd.conclusion, Some(Conclusion::Success));
        let prod = w
            .run_jobs(cd.id, false)
            .into_iter()
            .find(|j| j.name == "Deploy to Production")
            .unwrap();
        let log = logs::job_log(&w, prod);
        assert!(log.contains("Rollout shop is Healthy"), "{log}");
    }
}
