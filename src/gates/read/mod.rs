//! Reading a rule's value out of the evidence, source by source. A reading is either values to
//! compare, or why there are none: `Pending` (not there yet) or `Unknown` (cannot be read).

mod environment;
mod github;

use super::condition::Scalar;
use super::evidence::*;
use super::rule::{Rule, Source};
use chrono::{DateTime, Utc};
use environment::*;
use github::*;

/// One value read; `label` says which, when a source gives several (a pod, a series).
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub label: Option<String>,
    pub value: Scalar,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub samples: Vec<Sample>,
    /// False while the evidence can still change by itself (a review not given, a soak under
    /// way): a condition not met yet is then pending, not failed.
    pub settled: bool,
    pub link: Option<String>,
    /// Context for the pane: who approved, which alerts, what is missing.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Read {
    Got(Reading),
    Pending(String),
    Unknown(String),
}

impl Reading {
    fn one(value: Scalar, link: Option<&String>) -> Reading {
        Reading {
            samples: vec![Sample { label: None, value }],
            settled: true,
            link: link.cloned(),
            note: None,
        }
    }

    fn note(mut self, note: Option<String>) -> Reading {
        self.note = note;
        self
    }

    fn unsettled(mut self, unsettled: bool) -> Reading {
        self.settled = !unsettled;
        self
    }
}

fn text(s: &str) -> Scalar {
    Scalar::Text(s.to_string())
}

/// Reads `rule`'s field from `ev`; `now` measures soak time.
pub fn read(rule: &Rule, ev: &Evidence, now: DateTime<Utc>) -> Read {
    match &rule.source {
        Source::CheckRun { check } => {
            let what = format!("check run {check:?}");
            with_piece(ev, ev.check_runs.get(check), &what, |c| {
                check_run(rule, c, &what)
            })
        }
        Source::Status { context } => {
            let what = format!("status {context:?}");
            with_piece(ev, ev.statuses.get(context), &what, |s| {
                status(rule, s, &what)
            })
        }
        Source::CodeScanning { severity } => match &ev.code_scanning {
            Piece::Absent => absent(ev, "a code-scanning analysis of this commit"),
            Piece::Unreadable(why) => unreadable("code-scanning alerts", why),
            Piece::Present(cs) => alerts(cs, severity.as_deref()),
        },
        Source::Step { job, step } => {
            let what = format!("job {job:?}");
            with_piece(ev, ev.jobs.get(job), &what, |j| job_step(j, step))
        }
        Source::Prometheus { query } => match ev.prometheus.get(query) {
            None | Some(Piece::Absent) => {
                Read::Pending("the query has not been answered yet".into())
            }
            Some(Piece::Unreadable(why)) => unreadable("the query", why),
            Some(Piece::Present(r)) => prometheus(r),
        },
        Source::PodMetrics => match &ev.pod_metrics {
            Piece::Absent => Read::Pending("no pod metrics yet".into()),
            Piece::Unreadable(why) => unreadable("pod metrics", why),
            Piece::Present(pods) => pod_metrics(rule.field, pods),
        },
        Source::Review => match &ev.review {
            Piece::Absent => {
                Read::Pending(format!("no deployment review for {} yet", ev.environment))
            }
            Piece::Unreadable(why) => unreadable("the deployment review", why),
            Piece::Present(r) => review(rule.field, r),
        },
        Source::ComplianceRun => match &ev.compliance_run {
            Piece::Absent => Read::Pending("the compliance workflow has not run yet".into()),
            Piece::Unreadable(why) => unreadable("the compliance workflow's runs", why),
            Piece::Present(run) => compliance_run(run),
        },
        Source::AuditTrail => match &ev.audit_trail {
            Piece::Absent => Read::Pending("the audit trail has not been checked yet".into()),
            Piece::Unreadable(why) => unreadable("the audit trail", why),
            Piece::Present(a) => audit_trail(rule.field, a),
        },
        Source::Soak => match &ev.soak {
            Piece::Absent => Read::Pending("soak time not known yet".into()),
            Piece::Unreadable(why) => unreadable("soak time", why),
            Piece::Present(s) => soak(s, now),
        },
    }
}

fn unreadable(what: &str, why: &str) -> Read {
    Read::Unknown(format!("{what} could not be read: {why}"))
}

/// Evidence a workflow run produces: once every run of the SHA has finished, it will not come.
fn absent(ev: &Evidence, what: &str) -> Read {
    if ev.runs_finished {
        Read::Unknown(format!("no {what}, and this commit's runs have finished"))
    } else {
        Read::Pending(format!("waiting for {what}"))
    }
}

fn with_piece<T>(
    ev: &Evidence,
    piece: Option<&Piece<T>>,
    what: &str,
    present: impl FnOnce(&T) -> Read,
) -> Read {
    match piece {
        None | Some(Piece::Absent) => absent(ev, what),
        Some(Piece::Unreadable(why)) => unreadable(what, why),
        Some(Piece::Present(t)) => present(t),
    }
}

fn completed(status: &str, conclusion: Option<&String>, what: &str) -> Result<String, Read> {
    if status != "completed" {
        return Err(Read::Pending(format!(
            "{what} is {}",
            status.replace('_', " ")
        )));
    }
    conclusion
        .cloned()
        .ok_or_else(|| Read::Unknown(format!("{what} completed without a conclusion")))
}
