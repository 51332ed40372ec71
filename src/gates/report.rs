//! Verdicts: a rule's, with the evidence behind it, and a gate's, the worst of its rules. Text in
//! reports is raw (it may hold what a check run wrote); `display` gives the pane sanitised lines.

use super::condition::{Condition, Scalar, with_unit};
use super::evidence::Evidence;
use super::read::{Read, Reading, Sample, read};
use super::rule::Rule;
use crate::sanitize::clean;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::fmt;

/// Ordered from best to worst, so a gate's verdict is the maximum of its rules'.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Pass,
    /// The evidence is not there yet (or a review, a soak, is still to come).
    Pending,
    /// The evidence cannot be read; a human must look.
    Unknown,
    Fail,
}

impl Verdict {
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Pending => "pending",
            Verdict::Unknown => "unknown",
            Verdict::Fail => "fail",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One rule's verdict and its evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleReport {
    /// The preset rule's id, `None` for a custom rule.
    pub preset: Option<String>,
    pub name: String,
    pub verdict: Verdict,
    /// The value read (for several samples, the one nearest to failing or failing).
    pub observed: Option<Scalar>,
    /// Which sample `observed` is, when the source gives several (`pod shop-7d9f`).
    pub observed_of: Option<String>,
    /// `< 200 ms`.
    pub threshold: String,
    pub unit: Option<String>,
    /// `check run "Performance Testing"`.
    pub source: String,
    pub link: Option<String>,
    /// Why it is not a pass; for a pass, context such as who approved.
    pub detail: Option<String>,
}

/// A rule's report with every string sanitised, for the pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleLine {
    pub name: String,
    pub verdict: Verdict,
    /// `287 ms`, or empty when nothing was read.
    pub observed: String,
    pub threshold: String,
    pub source: String,
    pub link: Option<String>,
    pub detail: Option<String>,
}

impl RuleReport {
    /// The observed value with its unit and sample: `287 ms`, `412.5 MB (pod shop-1)`.
    pub fn observed_text(&self) -> Option<String> {
        let value = with_unit(self.observed.as_ref()?, self.unit.as_deref());
        Some(match &self.observed_of {
            Some(of) => format!("{value} ({of})"),
            None => value,
        })
    }

    pub fn display(&self) -> RuleLine {
        RuleLine {
            name: clean(&self.name),
            verdict: self.verdict,
            observed: self.observed_text().map(|o| clean(&o)).unwrap_or_default(),
            threshold: clean(&self.threshold),
            source: clean(&self.source),
            link: self.link.as_deref().map(clean),
            detail: self.detail.as_deref().map(clean),
        }
    }
}

/// Evaluates one rule against the evidence; never a pass without a value that meets the condition.
pub fn evaluate_rule(rule: &Rule, ev: &Evidence, now: DateTime<Utc>) -> RuleReport {
    let mut report = RuleReport {
        preset: rule.preset.clone(),
        name: rule.name.clone(),
        verdict: Verdict::Unknown,
        observed: None,
        observed_of: None,
        threshold: rule.condition.display(rule.unit.as_deref()),
        unit: rule.unit.clone(),
        source: rule.source.to_string(),
        link: None,
        detail: None,
    };
    match read(rule, ev, now) {
        Read::Pending(why) => {
            report.verdict = Verdict::Pending;
            report.detail = Some(why);
        }
        Read::Unknown(why) => report.detail = Some(why),
        Read::Got(reading) => judge(rule, reading, &mut report),
    }
    report
}

fn judge(rule: &Rule, reading: Reading, report: &mut RuleReport) {
    report.link = reading.link;
    let Some((sample, holds)) = decisive(&reading.samples, &rule.condition) else {
        report.detail = Some("the source gave no value".into());
        return;
    };
    let of = sample
        .label
        .as_ref()
        .map(|l| format!("{l}: "))
        .unwrap_or_default();
    let short = format!(
        "{of}{}",
        rule.condition.unmet(&sample.value, rule.unit.as_deref())
    );
    report.observed = Some(sample.value.clone());
    report.observed_of = sample.label.clone();
    (report.verdict, report.detail) = match (holds, reading.settled) {
        (true, _) => (Verdict::Pass, reading.note),
        (false, true) => (Verdict::Fail, Some(joined(short, reading.note))),
        (false, false) => (
            Verdict::Pending,
            Some(reading.note.unwrap_or(format!("{short} so far"))),
        ),
    };
}

fn joined(first: String, note: Option<String>) -> String {
    match note {
        Some(n) => format!("{first}: {n}"),
        None => first,
    }
}

/// The sample that decides: every sample must meet the condition, so the first that does not; when
/// all do, the one nearest to the threshold (the highest under `<`, the lowest over `>`).
fn decisive<'a>(samples: &'a [Sample], c: &Condition) -> Option<(&'a Sample, bool)> {
    let nearest = match c {
        Condition::Lt(_) | Condition::Le(_) => extreme(samples, true),
        Condition::Gt(_) | Condition::Ge(_) => extreme(samples, false),
        _ => None,
    };
    match samples.iter().find(|s| !c.holds(&s.value)) {
        Some(bad) => Some((nearest.unwrap_or(bad), false)),
        None => nearest.or(samples.first()).map(|s| (s, true)),
    }
}

fn extreme(samples: &[Sample], highest: bool) -> Option<&Sample> {
    let num = |s: &&Sample| match s.value {
        Scalar::Number(n) => n,
        _ => f64::NAN,
    };
    let cmp = |a: &&Sample, b: &&Sample| num(a).total_cmp(&num(b));
    if highest {
        samples.iter().max_by(cmp)
    } else {
        samples.iter().min_by(cmp)
    }
}

/// A gate's verdict: the worst of its rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GateReport {
    pub name: String,
    pub kind: super::GateKind,
    pub blocking: bool,
    pub verdict: Verdict,
    pub rules: Vec<RuleReport>,
}

impl GateReport {
    /// Whether the gate holds a promotion: blocking and not passed (pending and unknown hold too).
    pub fn holds(&self) -> bool {
        self.blocking && self.verdict != Verdict::Pass
    }

    /// The rules that decide the verdict (all of the worst verdict).
    pub fn deciding(&self) -> impl Iterator<Item = &RuleReport> {
        self.rules.iter().filter(move |r| r.verdict == self.verdict)
    }

    /// One sanitised line for a banner: `Performance: fail (p95 latency: 287 ms is not < 200 ms)`.
    pub fn headline(&self) -> String {
        let first = self
            .deciding()
            .next()
            .filter(|_| self.verdict != Verdict::Pass);
        let line = match first.and_then(|r| r.detail.as_deref().map(|d| (r, d))) {
            Some((r, d)) => format!("{}: {} ({}: {d})", self.name, self.verdict, r.name),
            None if self.rules.is_empty() => format!("{}: {} (no rules)", self.name, self.verdict),
            None => format!("{}: {}", self.name, self.verdict),
        };
        clean(&line)
    }
}

/// Rolls rule reports up into the gate's verdict. A gate without rules is `unknown`: nothing
/// passes by default.
pub fn roll_up(
    name: &str,
    kind: super::GateKind,
    blocking: bool,
    rules: Vec<RuleReport>,
) -> GateReport {
    let verdict = rules
        .iter()
        .map(|r| r.verdict)
        .max()
        .unwrap_or(Verdict::Unknown);
    GateReport {
        name: name.to_string(),
        kind,
        blocking,
        verdict,
        rules,
    }
}
