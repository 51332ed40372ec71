//! A rule as written: a [`Draft`] holds its keys (a preset's defaults, the user's keys merged over
//! them), and [`Key`] names them so a [`DraftError`] can be pointed at its line and column.

use std::fmt;

/// A threshold as written, before it is checked against the field it is compared with.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    Number(f64),
    Text(String),
    Bool(bool),
    List(Vec<Raw>),
    /// Anything else (a date, a table), by the name of its type.
    Other(&'static str),
}

impl Raw {
    pub(crate) fn describe(&self) -> String {
        match self {
            Raw::Number(n) => format!("the number {n}"),
            Raw::Text(t) => format!("the string {t:?}"),
            Raw::Bool(b) => format!("the boolean {b}"),
            Raw::List(_) => "an array".to_string(),
            Raw::Other(what) => (*what).to_string(),
        }
    }
}

/// A rule's keys as written; every one optional so presets and overrides can be merged.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Draft {
    pub name: Option<String>,
    pub source: Option<String>,
    pub check: Option<String>,
    pub context: Option<String>,
    pub job: Option<String>,
    pub step: Option<String>,
    pub query: Option<String>,
    pub severity: Option<String>,
    pub field: Option<String>,
    pub pattern: Option<String>,
    pub op: Option<String>,
    pub value: Option<Raw>,
    pub unit: Option<String>,
}

impl Draft {
    /// `over`'s keys on top of `self`'s. A different source replaces the selector, field and
    /// pattern (they belong to the old source) but keeps the name, condition and unit.
    pub fn merged(&self, over: &Draft) -> Draft {
        let base = if over.source.is_some() && over.source != self.source {
            Draft {
                name: self.name.clone(),
                op: self.op.clone(),
                value: self.value.clone(),
                unit: self.unit.clone(),
                ..Draft::default()
            }
        } else {
            self.clone()
        };
        let pick = |o: &Option<String>, b: &Option<String>| o.clone().or_else(|| b.clone());
        Draft {
            name: pick(&over.name, &base.name),
            source: pick(&over.source, &base.source),
            check: pick(&over.check, &base.check),
            context: pick(&over.context, &base.context),
            job: pick(&over.job, &base.job),
            step: pick(&over.step, &base.step),
            query: pick(&over.query, &base.query),
            severity: pick(&over.severity, &base.severity),
            field: pick(&over.field, &base.field),
            pattern: pick(&over.pattern, &base.pattern),
            op: pick(&over.op, &base.op),
            value: over.value.clone().or(base.value),
            unit: pick(&over.unit, &base.unit),
        }
    }
}

/// The keys of a rule, for locating errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    Name,
    Source,
    Check,
    Context,
    Job,
    Step,
    Query,
    Severity,
    Field,
    Pattern,
    Op,
    Value,
    Unit,
}

impl Key {
    pub fn name(self) -> &'static str {
        match self {
            Key::Name => "name",
            Key::Source => "source",
            Key::Check => "check",
            Key::Context => "context",
            Key::Job => "job",
            Key::Step => "step",
            Key::Query => "query",
            Key::Severity => "severity",
            Key::Field => "field",
            Key::Pattern => "pattern",
            Key::Op => "op",
            Key::Value => "value",
            Key::Unit => "unit",
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftError {
    pub key: Key,
    pub message: String,
}
