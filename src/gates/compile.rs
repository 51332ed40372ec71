//! From a rule as written (a [`Draft`]: the preset's defaults with the user's keys over them) to a
//! [`Rule`], checking that source, selector, field, pattern, operator and threshold fit together.
//! Errors name the key at fault so config can point at its line and column.

use super::condition::{Condition, OPERATORS, Scalar};
use super::draft::{Draft, DraftError, Key, Raw};
use super::rule::*;

/// Patterns come from config but run over untrusted text: the regex crate matches in linear time,
/// and this bounds the compiled size.
const PATTERN_SIZE_LIMIT: usize = 1 << 20;

/// Checks `draft` and builds the rule; `preset` is recorded on it. Reports every problem found.
pub fn compile(draft: &Draft, preset: Option<&str>) -> Result<Rule, Vec<DraftError>> {
    let mut errors = Vec::new();
    let mut err = |key, message: String| errors.push(DraftError { key, message });

    let kind = match draft.source.as_deref() {
        None => {
            err(
                Key::Source,
                format!("a rule needs a source: one of {}", source_names()),
            );
            return Err(errors);
        }
        Some(s) => match SourceKind::parse(s) {
            Some(k) => k,
            None => {
                err(
                    Key::Source,
                    format!("unknown source {s:?}; use one of {}", source_names()),
                );
                return Err(errors);
            }
        },
    };
    let source = selector(kind, draft, &mut err);
    let pattern = draft.pattern.as_deref().and_then(|p| match pattern(p) {
        Ok(p) => Some(p),
        Err(why) => {
            err(Key::Pattern, why);
            None
        }
    });
    let spec = field(kind, draft, &mut err);
    if draft.op.is_none() {
        err(
            Key::Op,
            format!("a rule needs op: one of {}", OPERATORS.join(", ")),
        );
    }
    if draft.value.is_none() {
        err(
            Key::Value,
            "a rule needs a value to compare with".to_string(),
        );
    }
    let condition = match (&spec, &draft.op, &draft.value) {
        (Some(spec), Some(op), Some(value)) => condition(spec, op, value, &mut err),
        _ => None,
    };
    match (source, spec, condition) {
        (Some(source), Some(spec), Some(condition)) if errors.is_empty() => Ok(Rule {
            preset: preset.map(str::to_string),
            name: draft
                .name
                .clone()
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| format!("{source} {}", spec.name)),
            source,
            field: spec.field,
            pattern,
            condition,
            unit: draft.unit.clone().filter(|u| !u.is_empty()),
        }),
        _ => Err(errors),
    }
}

fn source_names() -> String {
    let names: Vec<&str> = SourceKind::ALL.iter().map(|k| k.name()).collect();
    names.join(", ")
}

/// The source with its selector; reports selectors it does not take and ones it lacks.
fn selector(kind: SourceKind, d: &Draft, err: &mut impl FnMut(Key, String)) -> Option<Source> {
    let takes: &[Key] = match kind {
        SourceKind::CheckRun => &[Key::Check],
        SourceKind::Status => &[Key::Context],
        SourceKind::CodeScanning => &[Key::Severity],
        SourceKind::Step => &[Key::Job, Key::Step],
        SourceKind::Prometheus => &[Key::Query],
        _ => &[],
    };
    let given = [
        (Key::Check, &d.check),
        (Key::Context, &d.context),
        (Key::Job, &d.job),
        (Key::Step, &d.step),
        (Key::Query, &d.query),
        (Key::Severity, &d.severity),
    ];
    let mut ok = true;
    for (key, value) in given {
        match value {
            Some(_) if !takes.contains(&key) => {
                let wanted = if takes.is_empty() {
                    "no selector".to_string()
                } else {
                    let names: Vec<&str> = takes.iter().map(|k| k.name()).collect();
                    names.join(" and ")
                };
                err(
                    key,
                    format!("source {kind} does not use {key} (it takes {wanted})"),
                );
                ok = false;
            }
            Some(v) if v.trim().is_empty() => {
                err(key, format!("{key} is empty"));
                ok = false;
            }
            None if takes.contains(&key) && key != Key::Severity => {
                err(Key::Source, format!("source {kind} needs {key} = \"...\""));
                ok = false;
            }
            _ => {}
        }
    }
    if let Some(s) = d.severity.as_deref().filter(|s| !SEVERITIES.contains(s)) {
        err(
            Key::Severity,
            format!(
                "{s:?} is not a severity; use one of {}",
                SEVERITIES.join(", ")
            ),
        );
        ok = false;
    }
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    ok.then(|| match kind {
        SourceKind::CheckRun => Source::CheckRun {
            check: text(&d.check),
        },
        SourceKind::Status => Source::Status {
            context: text(&d.context),
        },
        SourceKind::CodeScanning => Source::CodeScanning {
            severity: d.severity.clone(),
        },
        SourceKind::Step => Source::Step {
            job: text(&d.job),
            step: text(&d.step),
        },
        SourceKind::Prometheus => Source::Prometheus {
            query: text(&d.query),
        },
        SourceKind::PodMetrics => Source::PodMetrics,
        SourceKind::Review => Source::Review,
        SourceKind::ComplianceRun => Source::ComplianceRun,
        SourceKind::AuditTrail => Source::AuditTrail,
        SourceKind::Soak => Source::Soak,
    })
}

fn pattern(p: &str) -> Result<Pattern, String> {
    let re = regex::RegexBuilder::new(p)
        .size_limit(PATTERN_SIZE_LIMIT)
        .build()
        .map_err(|e| {
            // regex's message draws a caret under the pattern over several lines; keep the verdict.
            let text = e.to_string();
            let why = text
                .lines()
                .rev()
                .find_map(|l| l.trim().strip_prefix("error: "))
                .unwrap_or(text.trim())
                .to_string();
            format!("{p:?} is not a valid regex: {why}")
        })?;
    if !re.capture_names().any(|n| n == Some("value")) {
        return Err(format!(
            "{p:?} has no group named value; write the part to read as (?P<value>...)"
        ));
    }
    Ok(Pattern(re))
}

/// The field read: the one named, or the source's default (its first text field with a pattern).
fn field(kind: SourceKind, d: &Draft, err: &mut impl FnMut(Key, String)) -> Option<FieldSpec> {
    let fields = kind.fields();
    let names = || fields.iter().map(|f| f.name).collect::<Vec<_>>().join(", ");
    let text_names = || {
        let t: Vec<&str> = fields
            .iter()
            .filter(|f| f.ty == FieldType::Text)
            .map(|f| f.name)
            .collect();
        t.join(", ")
    };
    let spec = match d.field.as_deref() {
        Some(name) => match fields.iter().find(|f| f.name == name) {
            Some(f) => *f,
            None => {
                err(
                    Key::Field,
                    format!(
                        "source {kind} has no field {name:?}; its fields: {}",
                        names()
                    ),
                );
                return None;
            }
        },
        None if d.pattern.is_some() => match fields.iter().find(|f| f.ty == FieldType::Text) {
            Some(f) => *f,
            None => {
                err(
                    Key::Pattern,
                    format!(
                        "source {kind} has no text for a pattern to read; its fields: {}",
                        names()
                    ),
                );
                return None;
            }
        },
        None => fields[0],
    };
    match (spec.ty, d.pattern.is_some()) {
        (FieldType::Text, false) => {
            err(
                Key::Field,
                format!(
                    "field {} is text: add a pattern with a (?P<value>...) group to read from it",
                    spec.name
                ),
            );
            None
        }
        (FieldType::Text, true) => Some(spec),
        (_, true) => {
            err(
                Key::Pattern,
                format!(
                    "a pattern reads text ({}), not field {}",
                    text_names(),
                    spec.name
                ),
            );
            None
        }
        (_, false) => Some(spec),
    }
}

/// The operator with its threshold, typed by what the field holds.
fn condition(
    spec: &FieldSpec,
    op: &str,
    value: &Raw,
    err: &mut impl FnMut(Key, String),
) -> Option<Condition> {
    let ordering = matches!(op, "<" | "<=" | ">" | ">=");
    if !OPERATORS.contains(&op) {
        err(
            Key::Op,
            format!(
                "unknown operator {op:?}; use one of {}",
                OPERATORS.join(", ")
            ),
        );
        return None;
    }
    if ordering && matches!(spec.ty, FieldType::Bool | FieldType::Choice(_)) {
        err(
            Key::Op,
            format!("{op} compares numbers, and field {} is not one", spec.name),
        );
        return None;
    }
    if op == "in" {
        let Raw::List(items) = value else {
            err(
                Key::Value,
                format!("in needs an array, found {}", value.describe()),
            );
            return None;
        };
        if items.is_empty() {
            err(Key::Value, "in needs at least one value".to_string());
            return None;
        }
        let scalars: Option<Vec<Scalar>> = items.iter().map(|v| scalar(spec, v, err)).collect();
        return scalars.map(Condition::In);
    }
    if ordering {
        let Raw::Number(n) = value else {
            err(
                Key::Value,
                format!("{op} needs a number, found {}", value.describe()),
            );
            return None;
        };
        if n.is_nan() {
            err(
                Key::Value,
                "the threshold is not a number (nan)".to_string(),
            );
            return None;
        }
        return Some(match op {
            "<" => Condition::Lt(*n),
            "<=" => Condition::Le(*n),
            ">" => Condition::Gt(*n),
            _ => Condition::Ge(*n),
        });
    }
    let s = scalar(spec, value, err)?;
    Some(if op == "==" {
        Condition::Eq(s)
    } else {
        Condition::Ne(s)
    })
}

/// One threshold value checked against the field's type.
fn scalar(spec: &FieldSpec, value: &Raw, err: &mut impl FnMut(Key, String)) -> Option<Scalar> {
    let name = spec.name;
    match (spec.ty, value) {
        (FieldType::Number | FieldType::Text, Raw::Number(n)) => Some(Scalar::Number(*n)),
        // A pattern's capture may be compared as text (e.g. `Audit trail: (?P<value>\w+)` == "complete").
        (FieldType::Text, Raw::Text(t)) => Some(Scalar::Text(t.clone())),
        (FieldType::Bool, Raw::Bool(b)) => Some(Scalar::Bool(*b)),
        (FieldType::Choice(words), Raw::Text(t)) if words.contains(&t.as_str()) => {
            Some(Scalar::Text(t.clone()))
        }
        (FieldType::Choice(words), Raw::Text(t)) => {
            err(
                Key::Value,
                format!(
                    "{t:?} is not a value of {name}; use one of {}",
                    words.join(", ")
                ),
            );
            None
        }
        (ty, other) => {
            let wanted = match ty {
                FieldType::Number => "a number".to_string(),
                FieldType::Bool => "true or false".to_string(),
                FieldType::Choice(words) => format!("one of {}", words.join(", ")),
                FieldType::Text => "a number or a string".to_string(),
            };
            err(
                Key::Value,
                format!("field {name} takes {wanted}, found {}", other.describe()),
            );
            None
        }
    }
}
