//! Rule tables for every source and operator, roll-up, and the presets on demo-shaped evidence.

mod compile;
mod demo;
mod operators;
mod rollup;
mod sources;

use super::*;
use chrono::{DateTime, TimeZone, Utc};

/// The simulator's clock at startup plus half an hour.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 3, 30, 0).unwrap()
}

/// A draft from `key = value` pairs (every key but `value`) and a threshold.
pub fn draft(keys: &[(&str, &str)], value: Raw) -> Draft {
    let mut d = Draft {
        value: Some(value),
        ..Draft::default()
    };
    for (k, v) in keys {
        let slot = match *k {
            "name" => &mut d.name,
            "source" => &mut d.source,
            "check" => &mut d.check,
            "context" => &mut d.context,
            "job" => &mut d.job,
            "step" => &mut d.step,
            "query" => &mut d.query,
            "severity" => &mut d.severity,
            "field" => &mut d.field,
            "pattern" => &mut d.pattern,
            "op" => &mut d.op,
            "unit" => &mut d.unit,
            other => panic!("no key {other}"),
        };
        *slot = Some(v.to_string());
    }
    d
}

pub fn rule(keys: &[(&str, &str)], value: Raw) -> Rule {
    compile(&draft(keys, value), None).unwrap_or_else(|e| panic!("{keys:?}: {e:?}"))
}

pub fn num(n: f64) -> Raw {
    Raw::Number(n)
}

pub fn text(s: &str) -> Raw {
    Raw::Text(s.to_string())
}

pub fn check(name: &str, conclusion: &str, title: &str, summary: &str) -> Piece<CheckRun> {
    Piece::Present(CheckRun {
        name: name.into(),
        status: "completed".into(),
        conclusion: Some(conclusion.into()),
        title: Some(title.into()),
        summary: Some(summary.into()),
        text: None,
        html_url: Some(format!("https://github.com/acme/shop/runs/{}", name.len())),
    })
}

/// One row of a rule table: what the rule says of the evidence.
pub struct Row {
    pub what: &'static str,
    pub rule: Rule,
    pub evidence: Evidence,
    pub verdict: Verdict,
    /// The observed value as the pane shows it (`Some("")` when nothing was read), `None` to skip.
    pub observed: Option<&'static str>,
    /// A fragment the detail must contain (`""` to skip).
    pub detail: &'static str,
}

/// Runs a table and reports every row that disagrees, not just the first.
pub fn run_table(rows: Vec<Row>) {
    let mut failures = Vec::new();
    for row in &rows {
        let got = evaluate_rule(&row.rule, &row.evidence, now());
        let line = got.display();
        let detail = got.detail.clone().unwrap_or_default();
        if got.verdict != row.verdict
            || row.observed.is_some_and(|o| o != line.observed)
            || !detail.contains(row.detail)
        {
            failures.push(format!(
                "{}: expected {} {:?} ~{:?}, got {} {:?} {:?}",
                row.what, row.verdict, row.observed, row.detail, got.verdict, line.observed, detail
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
