//! Evidence a commit's workflow runs leave: check runs, commit statuses, code-scanning alerts, job
//! steps, and the compliance workflow's latest run.

use super::{Read, Reading, completed, text};
use crate::gates::condition::{Condition, Scalar};
use crate::gates::evidence::*;
use crate::gates::rule::{Field, Rule};

pub(super) fn check_run(rule: &Rule, c: &CheckRun, what: &str) -> Read {
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

pub(super) fn status(rule: &Rule, s: &CommitStatus, what: &str) -> Read {
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

pub(super) fn alerts(cs: &CodeScanning, severity: Option<&str>) -> Read {
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

pub(super) fn job_step(j: &Job, step: &str) -> Read {
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

pub(super) fn compliance_run(run: &WorkflowRun) -> Read {
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
