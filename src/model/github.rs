//! What GitHub told us, as plain typed data. Text in here was sanitised when it arrived (the GitHub
//! source converts API answers into these types), so panes draw it as it is.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, Utc};

/// A job's, step's or run's state. GitHub adds values over time (`requested`, `pending`), so anything
/// unknown is kept as `Unknown` rather than failing to parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Queued,
    Running,
    /// Waiting for a human (a deployment review) or a wait timer.
    Waiting,
    Done(Conclusion),
    Unknown(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conclusion {
    Success,
    Failure,
    Cancelled,
    Skipped,
    TimedOut,
    ActionRequired,
    Neutral,
    StartupFailure,
    Stale,
    Unknown(String),
}

impl Conclusion {
    pub fn from_api(text: &str) -> Conclusion {
        match text {
            "success" => Conclusion::Success,
            "failure" => Conclusion::Failure,
            "cancelled" => Conclusion::Cancelled,
            "skipped" => Conclusion::Skipped,
            "timed_out" => Conclusion::TimedOut,
            "action_required" => Conclusion::ActionRequired,
            "neutral" => Conclusion::Neutral,
            "startup_failure" => Conclusion::StartupFailure,
            "stale" => Conclusion::Stale,
            other => Conclusion::Unknown(other.to_string()),
        }
    }

    /// GitHub's own word, for scripts (`gantry status --json`).
    pub fn api_name(&self) -> &str {
        match self {
            Conclusion::Success => "success",
            Conclusion::Failure => "failure",
            Conclusion::Cancelled => "cancelled",
            Conclusion::Skipped => "skipped",
            Conclusion::TimedOut => "timed_out",
            Conclusion::ActionRequired => "action_required",
            Conclusion::Neutral => "neutral",
            Conclusion::StartupFailure => "startup_failure",
            Conclusion::Stale => "stale",
            Conclusion::Unknown(s) => s,
        }
    }

    pub fn failed(&self) -> bool {
        matches!(
            self,
            Conclusion::Failure | Conclusion::TimedOut | Conclusion::StartupFailure
        )
    }
}

impl Status {
    /// From the API's `status` and `conclusion` fields.
    pub fn from_api(status: &str, conclusion: Option<&str>) -> Status {
        match (status, conclusion) {
            ("completed", Some(c)) => Status::Done(Conclusion::from_api(c)),
            ("in_progress", _) => Status::Running,
            ("queued" | "requested" | "pending", _) => Status::Queued,
            ("waiting", _) => Status::Waiting,
            (other, _) => Status::Unknown(other.to_string()),
        }
    }

    /// GitHub's `status` word.
    pub fn api_status(&self) -> &str {
        match self {
            Status::Queued => "queued",
            Status::Running => "in_progress",
            Status::Waiting => "waiting",
            Status::Done(_) => "completed",
            Status::Unknown(s) => s,
        }
    }

    /// GitHub's `conclusion` word, when there is one.
    pub fn api_conclusion(&self) -> Option<&str> {
        match self {
            Status::Done(c) => Some(c.api_name()),
            _ => None,
        }
    }

    /// Waits for a human: a deployment review, or a run that asks for an action.
    pub fn needs_human(&self) -> bool {
        matches!(
            self,
            Status::Waiting | Status::Done(Conclusion::ActionRequired)
        )
    }

    pub fn failed(&self) -> bool {
        matches!(self, Status::Done(c) if c.failed())
    }

    /// Still moving: worth polling for.
    pub fn active(&self) -> bool {
        matches!(self, Status::Queued | Status::Running | Status::Waiting)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub id: u64,
    /// The workflow's name ("Enterprise CI Pipeline").
    pub name: String,
    pub head_sha: String,
    pub head_branch: Option<String>,
    pub status: Status,
    pub run_number: u64,
    pub event: String,
    pub created_at: DateTime<Utc>,
    pub display_title: String,
    pub html_url: String,
    /// The workflow file (`.github/workflows/ci.yml`): the graph is drawn from it at `head_sha`.
    pub path: String,
    /// Who started the run (`actor.login`), for the runs screen's filter.
    pub actor: Option<String>,
    /// The head commit's first line and author, when GitHub sent them.
    pub commit: Option<Commit>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub message: String,
    pub author: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: u64,
    pub run_id: u64,
    pub name: String,
    pub status: Status,
    pub started_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub name: String,
    pub number: u64,
    pub status: Status,
    pub started_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
}

/// GitHub's primary rate-limit budget as last seen, and how many answers were free 304s.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Quota {
    pub remaining: u32,
    pub limit: u32,
    pub not_modified: u32,
}

/// Which half of the pipeline a workflow is, from its name ("Enterprise CI Pipeline").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ci,
    Cd,
}

impl Run {
    /// CI or CD by a whole word of the workflow name; other workflows (compliance) are neither.
    pub fn kind(&self) -> Option<Kind> {
        let words: Vec<&str> = self
            .name
            .split(|c: char| !c.is_ascii_alphanumeric())
            .collect();
        if words.iter().any(|w| w.eq_ignore_ascii_case("cd")) {
            Some(Kind::Cd)
        } else if words.iter().any(|w| w.eq_ignore_ascii_case("ci")) {
            Some(Kind::Ci)
        } else {
            None
        }
    }

    pub fn short_sha(&self) -> &str {
        self.head_sha.get(..7).unwrap_or(&self.head_sha)
    }
}

/// One repository as last fetched: the newest runs, and the jobs of the pipeline's CI and CD runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub repo: String,
    /// Newest first.
    pub runs: Vec<Run>,
    pub jobs: BTreeMap<u64, Vec<Job>>,
    pub quota: Quota,
    /// The server's clock minus ours, from `Date` headers: elapsed times use the server's clock.
    pub clock_offset: TimeDelta,
}

impl Snapshot {
    /// The newest CI and CD runs of the newest commit.
    pub fn pipeline(&self) -> (Option<&Run>, Option<&Run>) {
        pipeline_runs(&self.runs)
    }

    /// The jobs of a run in the workflow's order (GitHub creates them in that order, so ids follow it).
    pub fn jobs_of(&self, run: &Run) -> Vec<&Job> {
        let mut jobs: Vec<&Job> = self.jobs.get(&run.id).into_iter().flatten().collect();
        jobs.sort_by_key(|j| j.id);
        jobs
    }

    /// Something can still change without a new push: a run or a fetched job is queued, in progress
    /// or waiting for a human. The GitHub source polls at its live rate while this holds.
    pub fn moving(&self) -> bool {
        self.runs.iter().any(|r| r.status.active())
            || self.jobs.values().flatten().any(|j| j.status.active())
    }

    /// The pipeline's jobs that wait for a human (a deployment review), CI first.
    pub fn waiting_jobs(&self) -> Vec<&Job> {
        self.pipeline_jobs(|j| j.status.needs_human())
    }

    /// The pipeline's jobs that failed, CI first.
    pub fn failed_jobs(&self) -> Vec<&Job> {
        self.pipeline_jobs(|j| j.status.failed())
    }

    fn pipeline_jobs(&self, keep: impl Fn(&Job) -> bool) -> Vec<&Job> {
        let (ci, cd) = self.pipeline();
        ci.into_iter()
            .chain(cd)
            .flat_map(|r| self.jobs_of(r))
            .filter(|j| keep(j))
            .collect()
    }
}

/// The newest CI and CD runs of the newest commit, from any list of runs.
pub fn pipeline_runs(runs: &[Run]) -> (Option<&Run>, Option<&Run>) {
    let Some(head) = runs.iter().max_by_key(|r| (r.created_at, r.id)) else {
        return (None, None);
    };
    let of_head = |kind| {
        runs.iter()
            .filter(|r| r.head_sha == head.head_sha && r.kind() == Some(kind))
            .max_by_key(|r| (r.created_at, r.id))
    };
    (of_head(Kind::Ci), of_head(Kind::Cd))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_parse_and_unknown_values_survive() {
        let table = [
            ("queued", None, Status::Queued),
            ("requested", None, Status::Queued),
            ("pending", None, Status::Queued),
            ("in_progress", None, Status::Running),
            ("waiting", None, Status::Waiting),
            (
                "completed",
                Some("success"),
                Status::Done(Conclusion::Success),
            ),
            (
                "completed",
                Some("brand_new"),
                Status::Done(Conclusion::Unknown("brand_new".into())),
            ),
            ("later", None, Status::Unknown("later".into())),
        ];
        for (status, conclusion, want) in table {
            let got = Status::from_api(status, conclusion);
            assert_eq!(got, want, "{status} {conclusion:?}");
            assert_eq!(
                got.api_status(),
                status
                    .replace("requested", "queued")
                    .replace("pending", "queued")
            );
            assert_eq!(got.api_conclusion(), conclusion);
        }
    }

    #[test]
    fn questions_about_a_status() {
        assert!(Status::Waiting.needs_human());
        assert!(Status::Done(Conclusion::ActionRequired).needs_human());
        assert!(!Status::Running.needs_human());
        assert!(Status::Done(Conclusion::TimedOut).failed());
        assert!(!Status::Done(Conclusion::Cancelled).failed());
        assert!(Status::Queued.active() && !Status::Done(Conclusion::Success).active());
    }
}
