//! Each gate kind is a preset: rules whose defaults match the demo's workflows (check names, the
//! coverage status context, the performance job's output), so the guide's five gates work on the
//! demo with nothing but `kind`. Every rule here can be overridden by its id in `[[gates.rules]]`.

use super::draft::{Draft, Raw};
use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GateKind {
    Coverage,
    Security,
    Performance,
    Compliance,
    Approval,
}

impl GateKind {
    pub const NAMES: &'static str = "coverage, security, performance, compliance, approval";

    pub fn parse(s: &str) -> Option<GateKind> {
        Some(match s {
            "coverage" => GateKind::Coverage,
            "security" => GateKind::Security,
            "performance" => GateKind::Performance,
            "compliance" => GateKind::Compliance,
            "approval" => GateKind::Approval,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            GateKind::Coverage => "coverage",
            GateKind::Security => "security",
            GateKind::Performance => "performance",
            GateKind::Compliance => "compliance",
            GateKind::Approval => "approval",
        }
    }
}

impl fmt::Display for GateKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A rule of a preset, by id.
#[derive(Debug, Clone, PartialEq)]
pub struct PresetRule {
    pub id: &'static str,
    /// Off until enabled (e.g. the error rate needs a Prometheus server).
    pub enabled: bool,
    pub draft: Draft,
}

/// The demo's check-run names (the jobs of `enterprise-ci.yml`).
pub const CODE_QUALITY_CHECK: &str = "Code Quality Analysis";
pub const PERFORMANCE_CHECK: &str = "Performance Testing";
pub const COMPLIANCE_CHECK: &str = "Compliance Validation";
pub const SECURITY_JOB: &str = "Security Analysis";
/// Trivy scans for secrets in the same step as for vulnerabilities.
pub const SECRETS_STEP: &str = "Run Trivy vulnerability scanner";
/// Codecov's commit status; its description reads `92.4% (+0.3%)`.
pub const COVERAGE_CONTEXT: &str = "codecov/project";
/// The error rate of the last five minutes, in percent, by Prometheus's naming conventions.
pub const ERROR_RATE_QUERY: &str =
    "100 * sum(rate(http_requests_total{code=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m]))";

struct D<'a> {
    name: &'a str,
    source: &'a str,
    field: Option<&'a str>,
    pattern: Option<&'a str>,
    op: &'a str,
    value: Raw,
    unit: Option<&'a str>,
}

fn rule(id: &'static str, d: D<'_>, select: impl FnOnce(&mut Draft)) -> PresetRule {
    let s = |v: Option<&str>| v.map(str::to_string);
    let mut draft = Draft {
        name: Some(d.name.to_string()),
        source: Some(d.source.to_string()),
        field: s(d.field),
        pattern: s(d.pattern),
        op: Some(d.op.to_string()),
        value: Some(d.value),
        unit: s(d.unit),
        ..Draft::default()
    };
    select(&mut draft);
    PresetRule {
        id,
        enabled: true,
        draft,
    }
}

fn check(name: &str) -> impl FnOnce(&mut Draft) {
    let name = name.to_string();
    move |d| d.check = Some(name)
}

const SUCCESS: fn() -> Raw = || Raw::Text("success".into());

/// The rules of `kind`'s preset, in the order the pane shows them.
pub fn rules(kind: GateKind) -> Vec<PresetRule> {
    let none = |_: &mut Draft| {};
    match kind {
        GateKind::Coverage => vec![
            rule(
                "coverage",
                D {
                    name: "Coverage",
                    source: "status",
                    field: Some("description"),
                    pattern: Some(r"(?P<value>[0-9]+(?:\.[0-9]+)?)\s*%"),
                    op: ">",
                    value: Raw::Number(90.0),
                    unit: Some("%"),
                },
                |d| d.context = Some(COVERAGE_CONTEXT.into()),
            ),
            // The job's title: `ruff, mypy, bandit: 0 errors, 2 warnings`.
            rule(
                "critical_issues",
                D {
                    name: "Critical issues",
                    source: "check_run",
                    field: Some("title"),
                    pattern: Some(r"(?P<value>[0-9]+) errors?\b"),
                    op: "<=",
                    value: Raw::Number(0.0),
                    unit: None,
                },
                check(CODE_QUALITY_CHECK),
            ),
        ],
        GateKind::Security => {
            let alerts = |id, name, level: &'static str| {
                rule(
                    id,
                    D {
                        name,
                        source: "code_scanning",
                        field: None,
                        pattern: None,
                        op: "<=",
                        value: Raw::Number(0.0),
                        unit: None,
                    },
                    move |d| d.severity = Some(level.into()),
                )
            };
            vec![
                alerts("critical_alerts", "Critical alerts", "critical"),
                alerts("high_alerts", "High alerts", "high"),
                rule(
                    "secrets_scan",
                    D {
                        name: "Secrets scan",
                        source: "step",
                        field: None,
                        pattern: None,
                        op: "==",
                        value: SUCCESS(),
                        unit: None,
                    },
                    |d| {
                        d.job = Some(SECURITY_JOB.into());
                        d.step = Some(SECRETS_STEP.into());
                    },
                ),
            ]
        }
        GateKind::Performance => {
            // The job's summary: `p95 latency: 143 ms (threshold 200 ms)\nPeak memory: 380 MB ...`.
            let perf = |id, name, pattern, value, unit| {
                rule(
                    id,
                    D {
                        name,
                        source: "check_run",
                        field: Some("summary"),
                        pattern: Some(pattern),
                        op: "<",
                        value: Raw::Number(value),
                        unit: Some(unit),
                    },
                    check(PERFORMANCE_CHECK),
                )
            };
            let mut error_rate = rule(
                "error_rate",
                D {
                    name: "Error rate",
                    source: "prometheus",
                    field: None,
                    pattern: None,
                    op: "<",
                    value: Raw::Number(1.0),
                    unit: Some("%"),
                },
                |d| d.query = Some(ERROR_RATE_QUERY.into()),
            );
            error_rate.enabled = false;
            vec![
                perf(
                    "p95",
                    "p95 latency",
                    r"(?i)p95 latency:\s*(?P<value>[0-9]+(?:\.[0-9]+)?)\s*ms",
                    200.0,
                    "ms",
                ),
                perf(
                    "memory",
                    "Peak memory",
                    r"(?i)peak memory:\s*(?P<value>[0-9]+(?:\.[0-9]+)?)\s*MB",
                    512.0,
                    "MB",
                ),
                error_rate,
            ]
        }
        GateKind::Compliance => vec![
            rule(
                "controls",
                D {
                    name: "Required controls",
                    source: "check_run",
                    field: None,
                    pattern: None,
                    op: "==",
                    value: SUCCESS(),
                    unit: None,
                },
                check(COMPLIANCE_CHECK),
            ),
            rule(
                "assessment",
                D {
                    name: "Compliance assessment",
                    source: "compliance_run",
                    field: None,
                    pattern: None,
                    op: "==",
                    value: SUCCESS(),
                    unit: None,
                },
                none,
            ),
            rule(
                "audit_trail",
                D {
                    name: "Audit trail",
                    source: "audit_trail",
                    field: None,
                    pattern: None,
                    op: "==",
                    value: Raw::Bool(true),
                    unit: None,
                },
                none,
            ),
        ],
        GateKind::Approval => vec![rule(
            "approval",
            D {
                name: "Required reviewer",
                source: "review",
                field: None,
                pattern: None,
                op: ">=",
                value: Raw::Number(1.0),
                unit: None,
            },
            none,
        )],
    }
}

/// The ids of `kind`'s preset rules, for error messages.
pub fn ids(kind: GateKind) -> Vec<&'static str> {
    rules(kind).iter().map(|r| r.id).collect()
}
