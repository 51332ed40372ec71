//! Evidence about the target environment and its people: Prometheus queries, pod metrics, the
//! deployment review, gantry's audit trail and soak time.

use super::{Read, Reading, Sample, text};
use crate::gates::condition::Scalar;
use crate::gates::evidence::*;
use crate::gates::rule::Field;
use chrono::{DateTime, Utc};

pub(super) fn prometheus(r: &PromResult) -> Read {
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

pub(super) fn pod_metrics(field: Field, pods: &[PodUsage]) -> Read {
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

pub(super) fn review(field: Field, r: &Review) -> Read {
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

pub(super) fn audit_trail(field: Field, a: &AuditTrail) -> Read {
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

pub(super) fn soak(s: &Soak, now: DateTime<Utc>) -> Read {
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
