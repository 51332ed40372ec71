//! Quality gates: rules over evidence, presets per gate kind, and their evaluation.
//!
//! A leaf: plain data in (`Evidence`, gathered by a source for one SHA and one target environment),
//! verdicts out (`GateReport`). Config builds the [`Gate`]s (presets with the user's overrides, see
//! `draft::Draft`); nothing here does I/O or keeps state, so the same evidence always gives the
//! same verdicts and the pane, `gantry gates` and the approval dialog agree.

pub mod compile;
pub mod condition;
pub mod draft;
pub mod evidence;
pub mod preset;
mod read;
pub mod report;
pub mod rule;

pub use compile::compile;
pub use condition::{Condition, Scalar};
pub use draft::{Draft, DraftError, Key, Raw};
pub use evidence::*;
pub use preset::{GateKind, PresetRule};
pub use report::{GateReport, RuleLine, RuleReport, Verdict, evaluate_rule};
pub use rule::{Field, Pattern, Rule, Source, SourceKind};

use chrono::{DateTime, Utc};
use serde::Serialize;

/// A quality gate as gantry runs it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gate {
    pub name: String,
    pub kind: GateKind,
    /// The environments it guards; empty means every one.
    pub environments: Vec<String>,
    /// A failing non-blocking gate is shown but does not hold a promotion.
    pub blocking: bool,
    /// The enabled rules, preset ones first in the preset's order, then custom ones.
    pub rules: Vec<Rule>,
}

impl Gate {
    /// A blocking gate with `kind`'s preset rules at their defaults.
    pub fn preset(name: &str, kind: GateKind, environments: &[&str]) -> Gate {
        let rules = preset::rules(kind)
            .into_iter()
            .filter(|p| p.enabled)
            // The presets compile (a test holds them to it); a broken one would show as a missing rule.
            .filter_map(|p| compile(&p.draft, Some(p.id)).ok())
            .collect();
        Gate {
            name: name.to_string(),
            kind,
            environments: environments.iter().map(|e| e.to_string()).collect(),
            blocking: true,
            rules,
        }
    }

    pub fn applies_to(&self, environment: &str) -> bool {
        self.environments.is_empty() || self.environments.iter().any(|e| e == environment)
    }

    /// Every rule against `ev`, rolled up; `now` measures soak time.
    pub fn evaluate(&self, ev: &Evidence, now: DateTime<Utc>) -> GateReport {
        let rules = self
            .rules
            .iter()
            .map(|r| evaluate_rule(r, ev, now))
            .collect();
        report::roll_up(&self.name, self.kind, self.blocking, rules)
    }
}

/// The gates that guard `ev.environment`, each evaluated, in config order.
pub fn evaluate(gates: &[Gate], ev: &Evidence, now: DateTime<Utc>) -> Vec<GateReport> {
    gates
        .iter()
        .filter(|g| g.applies_to(&ev.environment))
        .map(|g| g.evaluate(ev, now))
        .collect()
}

/// Whether any report holds the promotion (a blocking gate not passed).
pub fn holds(reports: &[GateReport]) -> bool {
    reports.iter().any(GateReport::holds)
}

#[cfg(test)]
mod tests;
