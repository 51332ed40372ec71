//! The gates of the candidate commit, evaluated per environment: what the evidence source hands the
//! app, and the questions the panes, the CLI and the approval dialog ask of it.

use serde::Serialize;

use crate::gates::{Evidence, Gate, GateReport, Source, Verdict};

/// The verdicts of every gate guarding one environment, for one commit, with the evidence behind them
/// (text in it was sanitised on arrival, line by line).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdicts {
    pub sha: String,
    pub environment: String,
    /// In config order; only the gates that guard `environment`.
    pub reports: Vec<GateReport>,
    /// Each report's rules' sources, in the same order: where the drill-down finds the raw evidence.
    #[serde(skip)]
    pub sources: Vec<Vec<Source>>,
    pub evidence: Evidence,
}

impl Verdicts {
    /// Evaluates every gate of `gates` that guards `evidence.environment` at `now`.
    pub fn evaluate(
        gates: &[Gate],
        evidence: Evidence,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Verdicts {
        let guarding: Vec<&Gate> = gates
            .iter()
            .filter(|g| g.applies_to(&evidence.environment))
            .collect();
        Verdicts {
            sha: evidence.sha.clone(),
            environment: evidence.environment.clone(),
            reports: guarding
                .iter()
                .map(|g| g.evaluate(&evidence, now))
                .collect(),
            sources: guarding
                .iter()
                .map(|g| g.rules.iter().map(|r| r.source.clone()).collect())
                .collect(),
            evidence,
        }
    }

    /// Whether a blocking gate has not passed (pending and unknown hold too).
    pub fn holds(&self) -> bool {
        crate::gates::holds(&self.reports)
    }

    /// The blocking gates that failed outright, for the problems banner.
    pub fn failed_blocking(&self) -> impl Iterator<Item = &GateReport> {
        self.reports
            .iter()
            .filter(|r| r.blocking && r.verdict == Verdict::Fail)
    }

    /// The worst verdict of all gates; `None` when no gate guards the environment.
    pub fn worst(&self) -> Option<Verdict> {
        self.reports.iter().map(|r| r.verdict).max()
    }
}

/// The candidate commit's gates for every configured environment.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct GateBoard {
    /// The candidate: the head commit of the newest CI run; `None` before any run.
    pub sha: Option<String>,
    /// One entry per configured environment, in config order.
    pub verdicts: Vec<Verdicts>,
    /// Environments whose deployment of the candidate waits for a reviewer now.
    pub waiting: Vec<String>,
}

impl GateBoard {
    /// The verdicts for `sha` in `environment`, when that is the commit evaluated.
    pub fn get(&self, sha: &str, environment: &str) -> Option<&Verdicts> {
        self.verdicts
            .iter()
            .find(|v| v.sha == sha && v.environment == environment)
    }

    /// The environment the candidate goes to next: the first one waiting for a review, else the
    /// first whose gates do not all pass, else the last one.
    pub fn next_environment(&self) -> Option<&Verdicts> {
        let waiting = self
            .verdicts
            .iter()
            .find(|v| self.waiting.contains(&v.environment));
        waiting
            .or_else(|| {
                self.verdicts
                    .iter()
                    .find(|v| v.worst().is_some_and(|w| w != Verdict::Pass))
            })
            .or(self.verdicts.last())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gates::{GateKind, Piece, Review};
    use chrono::{TimeZone, Utc};

    fn verdicts(env: &str, reviewed: bool) -> Verdicts {
        let gates = [Gate::preset(
            "Business",
            GateKind::Approval,
            &["production"],
        )];
        let mut ev = Evidence {
            sha: "abc".into(),
            environment: env.into(),
            ..Evidence::default()
        };
        if reviewed {
            ev.review = Piece::Present(Review {
                decisions: vec![crate::gates::Decision {
                    user: "oncall".into(),
                    approved: true,
                    at: None,
                    comment: None,
                }],
                html_url: None,
            });
        }
        let now = Utc.with_ymd_and_hms(2026, 11, 27, 3, 0, 0).unwrap();
        Verdicts::evaluate(&gates, ev, now)
    }

    #[test]
    fn the_next_environment_is_the_waiting_one_else_the_first_not_passing() {
        let mut board = GateBoard {
            sha: Some("abc".into()),
            verdicts: vec![verdicts("staging", false), verdicts("production", false)],
            waiting: vec![],
        };
        // Staging has no gate (Business guards production only); production's waits.
        assert!(board.verdicts[0].reports.is_empty());
        assert_eq!(board.verdicts[1].worst(), Some(Verdict::Pending));
        assert_eq!(board.next_environment().unwrap().environment, "production");
        board.waiting = vec!["staging".into()];
        assert_eq!(board.next_environment().unwrap().environment, "staging");
        board.waiting.clear();
        board.verdicts[1] = verdicts("production", true);
        assert!(!board.verdicts[1].holds());
        assert_eq!(board.next_environment().unwrap().environment, "production");
        assert!(board.get("abc", "production").is_some());
        assert!(board.get("def", "production").is_none());
        assert_eq!(board.verdicts[1].sources, [[crate::gates::Source::Review]]);
    }
}
