//! A gate's evidence, opened with Enter: each rule with its verdict, observed value, threshold,
//! source and link, then what the source said (text sanitised when it arrived).

use ratatui::text::{Line, Span};

use super::verdict_look;
use crate::gates::{Evidence, Piece, Source};
use crate::model::gates::Verdicts;
use crate::theme::{Symbols, Theme};

/// At most this many lines of a check run's output per rule, and alerts listed.
const MAX_TEXT: usize = 12;

pub fn lines(shown: &Verdicts, at: usize, sym: &Symbols, theme: &Theme) -> Vec<Line<'static>> {
    let gate = &shown.reports[at];
    let (mark, style) = verdict_look(gate.verdict, sym, theme);
    let mut out = vec![Line::from(vec![
        Span::styled(format!("{mark} {}: {}", gate.name, gate.verdict), style),
        Span::styled(
            if gate.blocking {
                "  blocking  (Esc back)"
            } else {
                "  advisory: shown, does not hold  (Esc back)"
            },
            theme.muted,
        ),
    ])];
    let sources = shown.sources.get(at);
    for (i, rule) in gate.rules.iter().enumerate() {
        let d = rule.display();
        let (mark, style) = verdict_look(d.verdict, sym, theme);
        let observed = if d.observed.is_empty() {
            "nothing read".to_string()
        } else {
            d.observed.clone()
        };
        out.push(Line::default());
        out.push(Line::from(vec![
            Span::styled(format!("{mark} {}", d.name), style),
            Span::styled(
                format!("  {observed}  threshold {}", d.threshold),
                theme.text,
            ),
        ]));
        out.push(Line::styled(format!("    from {}", d.source), theme.muted));
        if let Some(detail) = d.detail {
            out.push(Line::styled(format!("    {detail}"), style));
        }
        if let Some(link) = d.link {
            out.push(Line::styled(format!("    {link}"), theme.info));
        }
        if let Some(source) = sources.and_then(|s| s.get(i)) {
            out.extend(
                raw(source, &shown.evidence)
                    .into_iter()
                    .map(|l| Line::styled(format!("    | {l}"), theme.muted)),
            );
        }
    }
    out
}

/// What the source gave for `source`, as lines of plain text.
fn raw(source: &Source, ev: &Evidence) -> Vec<String> {
    match source {
        Source::CheckRun { check } => piece(ev.check_runs.get(check), |c| {
            let mut v = vec![format!(
                "{} {}",
                c.status,
                c.conclusion.as_deref().unwrap_or("")
            )];
            for text in [&c.title, &c.summary, &c.text].into_iter().flatten() {
                v.extend(text.lines().take(MAX_TEXT).map(str::to_string));
            }
            v
        }),
        Source::Status { context } => piece(ev.statuses.get(context), |s| {
            vec![format!(
                "{} {}",
                s.state,
                s.description.as_deref().unwrap_or("")
            )]
        }),
        Source::CodeScanning { severity } => piece(Some(&ev.code_scanning), |cs| {
            let level = |a: &&crate::gates::Alert| {
                severity
                    .as_deref()
                    .is_none_or(|s| a.security_severity_level.as_deref() == Some(s))
            };
            let open: Vec<_> = cs
                .alerts
                .iter()
                .filter(|a| a.state == "open")
                .filter(level)
                .collect();
            let which = severity
                .as_deref()
                .map(|s| format!("{s} "))
                .unwrap_or_default();
            let mut v = vec![format!("{} open {which}alerts", open.len())];
            v.extend(open.iter().take(MAX_TEXT).map(|a| {
                let place = match (&a.file, a.line) {
                    (Some(f), Some(l)) => format!("{f}:{l}"),
                    (Some(f), None) => f.clone(),
                    _ => String::new(),
                };
                format!(
                    "#{} {} {} {place} {}",
                    a.number,
                    a.security_severity_level
                        .as_deref()
                        .or(a.severity.as_deref())
                        .unwrap_or("-"),
                    a.rule_id,
                    a.description.as_deref().unwrap_or("")
                )
            }));
            v
        }),
        Source::Step { job, step } => piece(ev.jobs.get(job), |j| {
            j.steps
                .iter()
                .filter(|s| s.name == *step)
                .map(|s| {
                    format!(
                        "{}: {} {}",
                        s.name,
                        s.status,
                        s.conclusion.as_deref().unwrap_or("")
                    )
                })
                .collect()
        }),
        Source::Prometheus { query } => piece(ev.prometheus.get(query), |r| {
            let mut v = vec![format!("query {query}")];
            v.extend(r.samples.iter().take(MAX_TEXT).map(|s| {
                let labels: Vec<String> =
                    s.labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
                format!("{{{}}} {}", labels.join(", "), s.value)
            }));
            v
        }),
        Source::Review => piece(Some(&ev.review), |r| {
            if r.decisions.is_empty() {
                return vec!["no decision yet".into()];
            }
            r.decisions
                .iter()
                .map(|d| {
                    let verb = if d.approved { "approved" } else { "rejected" };
                    format!("{} {verb}: {}", d.user, d.comment.as_deref().unwrap_or(""))
                })
                .collect()
        }),
        Source::ComplianceRun => piece(Some(&ev.compliance_run), |r| {
            vec![format!(
                "{} {} {}",
                r.name,
                r.status,
                r.conclusion.as_deref().unwrap_or("")
            )]
        }),
        Source::AuditTrail => piece(Some(&ev.audit_trail), |a| {
            let mut v = vec![format!("{} decisions checked", a.deployments)];
            v.extend(a.missing.iter().map(|m| format!("no record of {m}")));
            v
        }),
        Source::PodMetrics => vec!["pod metrics come with the cluster source (not yet)".into()],
        Source::Soak => vec!["soak time comes with the environments source (not yet)".into()],
    }
}

fn piece<T>(p: Option<&Piece<T>>, show: impl FnOnce(&T) -> Vec<String>) -> Vec<String> {
    match p {
        None | Some(Piece::Absent) => vec!["(not there yet)".into()],
        Some(Piece::Unreadable(why)) => vec![format!("(cannot be read: {why})")],
        Some(Piece::Present(t)) => show(t),
    }
}
