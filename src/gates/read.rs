//! Reading a rule's value out of the evidence, source by source. A reading is either values to
//! compare, or why there are none: `Pending` (not there yet) or `Unknown` (cannot be read).

use super::evidence::*;
use super::rule::{Condition, Field, Rule, Scalar, Source};
use chrono::{DateTime, Utc};

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

fn check_run(rule: &Rule, c: &CheckRun, what: &str) -> Read {
    let conclusion = match completed(&c.status, c.conclusion.as_ref(), what) {
        Ok(c) => c,
        Err(read) => return read,
    };
    let texts: Vec<(&str, Option<&String>)> = match rule.field {
        Field::Conclusion => {
            return Read::Got(Reading::one(text(&conclusion), c.html_url.as_ref()));
        }
        Field::Title => vec![("title", c.title.as_ref())],
        Field::Summary => vec![("summary", c.summary.as_ref())],
        Field::Text => vec![("text", c.text.as_ref())],
        _ => vec![
            ("title", c.title.as_ref()),
            ("summary", c.summary.as_ref()),
            ("text", c.text.as_ref()),
        ],
    };
    let found = pattern_read(rule, &texts, what);
    match found {
        // A failed run may never have written its numbers; say so.
        Read::Unknown(why) if conclusion != "success" => {
            Read::Unknown(format!("{why} (the check run concluded {conclusion})"))
        }
        Read::Got(r) => Read::Got(Reading {
            link: c.html_url.clone(),
            ..r
        }),
        other => other,
    }
}

fn status(rule: &Rule, s: &CommitStatus, what: &str) -> Read {
    let pending = s.state == "pending";
    if rule.field == Field::State {
        return Read::Got(Reading::one(text(&s.state), s.target_url.as_ref()).unsettled(pending));
    }
    if pending {
        return Read::Pending(format!("{what} is pending"));
    }
    match pattern_read(rule, &[("description", s.description.as_ref())], what) {
        Read::Got(r) => Read::Got(Reading {
            link: s.target_url.clone(),
            ..r
        }),
        other => other,
    }
}

/// The pattern's `value` capture from the first of `texts` it matches, typed as the condition
/// wants it: a number for numeric thresholds, else the text.
fn pattern_read(rule: &Rule, texts: &[(&str, Option<&String>)], what: &str) -> Read {
    let Some(pattern) = &rule.pattern else {
        return Read::Unknown("the rule has no pattern to read text with".into());
    };
    let captured = texts
        .iter()
        .find_map(|(_, t)| t.and_then(|t| pattern.read(t)));
    let Some(raw) = captured else {
        let names: Vec<&str> = texts.iter().map(|(n, _)| *n).collect();
        return Read::Unknown(format!(
            "pattern {:?} found nothing in the {what}'s {}",
            pattern.as_str(),
            names.join(", ")
        ));
    };
    if !wants_number(&rule.condition) {
        return Read::Got(Reading::one(text(raw.trim()), None));
    }
    match parse_number(raw) {
        Some(n) => Read::Got(Reading::one(Scalar::Number(n), None)),
        None => Read::Unknown(format!("the pattern read {raw:?}, which is not a number")),
    }
}

fn wants_number(c: &Condition) -> bool {
    match c {
        Condition::Eq(s) | Condition::Ne(s) => matches!(s, Scalar::Number(_)),
        Condition::In(list) => list.iter().all(|s| matches!(s, Scalar::Number(_))),
        _ => true,
    }
}

/// `92.4`, `2,481`, ` 287 `: digit-group commas are dropped.
fn parse_number(raw: &str) -> Option<f64> {
    let cleaned: String = raw.trim().chars().filter(|c| *c != ',').collect();
    cleaned.parse::<f64>().ok().filter(|n| n.is_finite())
}

fn alerts(cs: &CodeScanning, severity: Option<&str>) -> Read {
    let open: Vec<&Alert> = cs
        .alerts
        .iter()
        .filter(|a| a.state == "open")
        .filter(|a| severity.is_none_or(|s| a.security_severity_level.as_deref() == Some(s)))
        .collect();
    let note = (!open.is_empty()).then(|| {
        let listed: Vec<String> = open
            .iter()
            .take(3)
            .map(|a| match (&a.file, a.line) {
                (Some(f), Some(l)) => format!("{} in {f}:{l}", a.rule_id),
                (Some(f), None) => format!("{} in {f}", a.rule_id),
                _ => a.rule_id.clone(),
            })
            .collect();
        let more = open.len().saturating_sub(listed.len());
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!("{}{tail}", listed.join(", "))
    });
    let link = cs
        .html_url
        .as_ref()
        .or_else(|| open.first().and_then(|a| a.html_url.as_ref()));
    Read::Got(Reading::one(Scalar::Number(open.len() as f64), link).note(note))
}

fn job_step(j: &Job, step: &str) -> Read {
    let what = format!("step {step:?} of job {:?}", j.name);
    let Some(s) = j.steps.iter().find(|s| s.name == step) else {
        return if j.status == "completed" {
            Read::Unknown(format!("job {:?} has no step named {step:?}", j.name))
        } else {
            Read::Pending(format!("{what} has not started"))
        };
    };
    match completed(&s.status, s.conclusion.as_ref(), &what) {
        Ok(c) => Read::Got(Reading::one(text(&c), j.html_url.as_ref())),
        Err(read) => read,
    }
}

fn prometheus(r: &PromResult) -> Read {
    if r.samples.is_empty() {
        return Read::Unknown("the query returned no samples".into());
    }
    if r.samples.iter().any(|s| !s.value.is_finite()) {
        return Read::Unknown("the query returned a value that is not a number".into());
    }
    let samples = r
        .samples
        .iter()
        .map(|s| {
            let labels: Vec<String> = s.labels.iter().map(|(k, v)| format!("{k}={v:?}")).collect();
            Sample {
                label: (!labels.is_empty()).then(|| format!("{{{}}}", labels.join(", "))),
                value: Scalar::Number(s.value),
            }
        })
        .collect();
    Read::Got(Reading {
        samples,
        settled: true,
        link: r.link.clone(),
        note: None,
    })
}

fn pod_metrics(field: Field, pods: &[PodUsage]) -> Read {
    if pods.is_empty() {
        return Read::Pending("no pod has reported metrics yet".into());
    }
    let samples = pods
        .iter()
        .map(|p| {
            let value = if field == Field::CpuMillicores {
                p.cpu_millicores
            } else {
                // MiB to one decimal, as the pane shows it.
                (p.memory_bytes as f64 / 1_048_576.0 * 10.0).round() / 10.0
            };
            Sample {
                label: Some(format!("pod {}", p.pod)),
                value: Scalar::Number(value),
            }
        })
        .collect();
    Read::Got(Reading {
        samples,
        settled: true,
        link: None,
        note: None,
    })
}

fn review(field: Field, r: &Review) -> Read {
    let approvals = r.decisions.iter().filter(|d| d.approved).count();
    // GitHub acts on the first decision; the latest one is the state to show.
    let last = r.decisions.last();
    let state = match last {
        None => "waiting",
        Some(d) if d.approved => "approved",
        Some(_) => "rejected",
    };
    let note = match last {
        None => "waiting for a required reviewer".to_string(),
        Some(d) => {
            let mut s = format!("{state} by {}", d.user);
            if let Some(at) = d.at {
                s.push_str(&at.format(" at %Y-%m-%d %H:%M UTC").to_string());
            }
            if let Some(c) = d.comment.as_deref().filter(|c| !c.trim().is_empty()) {
                s.push_str(&format!(": {c}"));
            }
            s
        }
    };
    let value = match field {
        Field::State => text(state),
        _ => Scalar::Number(approvals as f64),
    };
    Read::Got(
        Reading::one(value, r.html_url.as_ref())
            .note(Some(note))
            .unsettled(last.is_none()),
    )
}

fn compliance_run(run: &WorkflowRun) -> Read {
    let what = format!("compliance run {:?}", run.name);
    match completed(&run.status, run.conclusion.as_ref(), &what) {
        Ok(c) => {
            let note = run
                .created_at
                .map(|t| t.format("run of %Y-%m-%d %H:%M UTC").to_string());
            Read::Got(Reading::one(text(&c), run.html_url.as_ref()).note(note))
        }
        Err(read) => read,
    }
}

fn audit_trail(field: Field, a: &AuditTrail) -> Read {
    let value = match field {
        Field::Missing => Scalar::Number(a.missing.len() as f64),
        _ => Scalar::Bool(a.missing.is_empty()),
    };
    let note = if a.missing.is_empty() {
        format!("{} deployments recorded", a.deployments)
    } else {
        format!("no record of {}", a.missing.join(", "))
    };
    Read::Got(Reading::one(value, None).note(Some(note)))
}

fn soak(s: &Soak, now: DateTime<Utc>) -> Read {
    let Some(since) = s.healthy_since else {
        return Read::Pending(format!("not healthy in {} yet", s.environment));
    };
    let minutes = ((now - since).num_seconds().max(0) / 60) as f64;
    let note = format!(
        "healthy in {} since {}",
        s.environment,
        since.format("%H:%M UTC")
    );
    // Waiting is all a soak needs, so it is never settled.
    Read::Got(
        Reading::one(Scalar::Number(minutes), s.link.as_ref())
            .note(Some(note))
            .unsettled(true),
    )
}
