//! A rule as gantry runs it: where its evidence comes from (`Source` with its selector), what it
//! reads (`Field`, optionally through a `Pattern`), and the `Condition` the reading must meet.
//! Rules are built only by `compile`, which checks that these fit together.

use super::condition::Condition;
use serde::{Serialize, Serializer};
use std::fmt;

/// Where a rule's evidence comes from, without its selector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    CheckRun,
    Status,
    CodeScanning,
    Step,
    Prometheus,
    PodMetrics,
    Review,
    ComplianceRun,
    AuditTrail,
    Soak,
}

impl SourceKind {
    pub const ALL: [SourceKind; 10] = [
        SourceKind::CheckRun,
        SourceKind::Status,
        SourceKind::CodeScanning,
        SourceKind::Step,
        SourceKind::Prometheus,
        SourceKind::PodMetrics,
        SourceKind::Review,
        SourceKind::ComplianceRun,
        SourceKind::AuditTrail,
        SourceKind::Soak,
    ];

    /// The name written in config files.
    pub fn name(self) -> &'static str {
        match self {
            SourceKind::CheckRun => "check_run",
            SourceKind::Status => "status",
            SourceKind::CodeScanning => "code_scanning",
            SourceKind::Step => "step",
            SourceKind::Prometheus => "prometheus",
            SourceKind::PodMetrics => "pod_metrics",
            SourceKind::Review => "review",
            SourceKind::ComplianceRun => "compliance_run",
            SourceKind::AuditTrail => "audit_trail",
            SourceKind::Soak => "soak",
        }
    }

    pub fn parse(s: &str) -> Option<SourceKind> {
        Self::ALL.into_iter().find(|k| k.name() == s)
    }

    /// What this source can read; the first entry is the default without a pattern, the first
    /// text entry the default with one.
    pub fn fields(self) -> &'static [FieldSpec] {
        use FieldType::{Bool, Choice, Number, Text};
        const fn f(field: Field, name: &'static str, ty: FieldType) -> FieldSpec {
            FieldSpec { field, name, ty }
        }
        const CHECK_RUN: &[FieldSpec] = &[
            f(Field::Conclusion, "conclusion", Choice(CONCLUSIONS)),
            f(Field::Output, "output", Text),
            f(Field::Title, "title", Text),
            f(Field::Summary, "summary", Text),
            f(Field::Text, "text", Text),
        ];
        const STATUS: &[FieldSpec] = &[
            f(Field::State, "state", Choice(STATUS_STATES)),
            f(Field::Description, "description", Text),
        ];
        const CONCLUSION: &[FieldSpec] = &[f(Field::Conclusion, "conclusion", Choice(CONCLUSIONS))];
        const POD_METRICS: &[FieldSpec] = &[
            f(Field::MemoryMb, "memory_mb", Number),
            f(Field::CpuMillicores, "cpu_millicores", Number),
        ];
        const REVIEW: &[FieldSpec] = &[
            f(Field::Approvals, "approvals", Number),
            f(Field::State, "state", Choice(REVIEW_STATES)),
        ];
        const AUDIT_TRAIL: &[FieldSpec] = &[
            f(Field::Complete, "complete", Bool),
            f(Field::Missing, "missing", Number),
        ];
        const COUNT: &[FieldSpec] = &[f(Field::Count, "count", Number)];
        const VALUE: &[FieldSpec] = &[f(Field::Value, "value", Number)];
        const MINUTES: &[FieldSpec] = &[f(Field::Minutes, "minutes", Number)];
        match self {
            SourceKind::CheckRun => CHECK_RUN,
            SourceKind::Status => STATUS,
            SourceKind::CodeScanning => COUNT,
            SourceKind::Step | SourceKind::ComplianceRun => CONCLUSION,
            SourceKind::Prometheus => VALUE,
            SourceKind::PodMetrics => POD_METRICS,
            SourceKind::Review => REVIEW,
            SourceKind::AuditTrail => AUDIT_TRAIL,
            SourceKind::Soak => MINUTES,
        }
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Check-run and job conclusions as GitHub spells them.
pub const CONCLUSIONS: &[&str] = &[
    "success",
    "failure",
    "neutral",
    "cancelled",
    "skipped",
    "timed_out",
    "action_required",
    "stale",
];
pub const STATUS_STATES: &[&str] = &["error", "failure", "pending", "success"];
/// `waiting` until a required reviewer decides.
pub const REVIEW_STATES: &[&str] = &["approved", "rejected", "waiting"];
/// `security_severity_level` values a code-scanning rule can select.
pub const SEVERITIES: &[&str] = &["low", "medium", "high", "critical"];

/// What a source's field holds, which decides the operators and thresholds that fit it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Number,
    Bool,
    /// One of these words.
    Choice(&'static [&'static str]),
    /// Free text: only readable through a pattern.
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    pub field: Field,
    pub name: &'static str,
    pub ty: FieldType,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Conclusion,
    /// A check run's title, summary and text, searched in that order.
    Output,
    Title,
    Summary,
    Text,
    State,
    Description,
    Count,
    Value,
    /// Mebibytes, as Kubernetes' `Mi`.
    MemoryMb,
    CpuMillicores,
    Approvals,
    Complete,
    Missing,
    Minutes,
}

/// A rule's source with its selector.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Source {
    CheckRun {
        check: String,
    },
    Status {
        context: String,
    },
    /// Open alerts, of one `security_severity_level` or all.
    CodeScanning {
        severity: Option<String>,
    },
    Step {
        job: String,
        step: String,
    },
    Prometheus {
        query: String,
    },
    PodMetrics,
    Review,
    ComplianceRun,
    AuditTrail,
    Soak,
}

impl Source {
    pub fn kind(&self) -> SourceKind {
        match self {
            Source::CheckRun { .. } => SourceKind::CheckRun,
            Source::Status { .. } => SourceKind::Status,
            Source::CodeScanning { .. } => SourceKind::CodeScanning,
            Source::Step { .. } => SourceKind::Step,
            Source::Prometheus { .. } => SourceKind::Prometheus,
            Source::PodMetrics => SourceKind::PodMetrics,
            Source::Review => SourceKind::Review,
            Source::ComplianceRun => SourceKind::ComplianceRun,
            Source::AuditTrail => SourceKind::AuditTrail,
            Source::Soak => SourceKind::Soak,
        }
    }
}

impl fmt::Display for Source {
    /// How the pane names the evidence: `check run "Performance Testing"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::CheckRun { check } => write!(f, "check run {check:?}"),
            Source::Status { context } => write!(f, "status {context:?}"),
            Source::CodeScanning { severity: Some(s) } => write!(f, "code scanning ({s}, open)"),
            Source::CodeScanning { severity: None } => f.write_str("code scanning (open)"),
            Source::Step { job, step } => write!(f, "step {step:?} of job {job:?}"),
            Source::Prometheus { query } => write!(f, "prometheus {query:?}"),
            Source::PodMetrics => f.write_str("pod metrics"),
            Source::Review => f.write_str("deployment review"),
            Source::ComplianceRun => f.write_str("compliance workflow"),
            Source::AuditTrail => f.write_str("audit trail"),
            Source::Soak => f.write_str("soak time"),
        }
    }
}

/// A compiled regex with a `value` group; equal when written the same.
#[derive(Debug, Clone)]
pub struct Pattern(pub(crate) regex::Regex);

impl Pattern {
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The `value` capture of the first match in `text`.
    pub fn read<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.0
            .captures(text)
            .and_then(|c| c.name("value"))
            .map(|m| m.as_str())
    }
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Serialize for Pattern {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One rule of a gate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rule {
    /// The preset rule this is (e.g. `p95`), `None` for a custom rule.
    pub preset: Option<String>,
    /// What the pane calls it.
    pub name: String,
    pub source: Source,
    pub field: Field,
    /// Reads a value out of a text field.
    pub pattern: Option<Pattern>,
    pub condition: Condition,
    /// Shown after numbers: `ms`, `MB`, `%`.
    pub unit: Option<String>,
}
