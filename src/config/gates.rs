//! `[[gates]]`: each gate's preset, its threshold shorthands (`min_coverage`, ...) and
//! `[[gates.rules]]`, resolved into [`Gate`]s. What makes a rule valid is decided by
//! `crate::gates::compile`; this file maps the file onto drafts and points its errors at the keys.

use super::file::{GateFile, RuleFile};
use super::resolved::Environment;
use super::validate::Ctx;
use crate::gates::{self, Draft, Gate, GateKind, Key, Raw};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use toml::Spanned;

/// Where a key was written: its span and its dotted path.
type Place = (Range<usize>, String);

/// A rule on its way to being compiled: a preset's (by id) or a custom one.
struct Entry {
    id: Option<&'static str>,
    enabled: bool,
    draft: Draft,
    /// The keys the user wrote, to point errors at.
    written: BTreeMap<Key, Place>,
    /// Where errors about keys not written go: the override's `preset`, or the gate's `kind`.
    anchor: Place,
}

pub(super) fn gates(cx: &mut Ctx<'_>, list: Vec<GateFile>, envs: &[Environment]) -> Vec<Gate> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, g) in list.into_iter().enumerate() {
        let at = |key: &str| format!("gates[{i}].{key}");
        let name = g.name.get_ref().trim().to_string();
        if name.is_empty() {
            cx.report(&g.name, &at("name"), "the name is empty");
        } else if !seen.insert(name.clone()) {
            cx.report(
                &g.name,
                &at("name"),
                format!("gate {name:?} is defined twice"),
            );
        }
        let kind = GateKind::parse(g.kind.get_ref());
        if kind.is_none() {
            cx.report(
                &g.kind,
                &at("kind"),
                format!("{:?} is not one of: {}", g.kind.get_ref(), GateKind::NAMES),
            );
        }
        for (j, e) in g.environments.iter().flatten().enumerate() {
            if !envs.iter().any(|env| env.name == *e.get_ref()) {
                let known: Vec<&str> = envs.iter().map(|e| e.name.as_str()).collect();
                let why = format!(
                    "{:?} is not a configured environment ({})",
                    e.get_ref(),
                    known.join(", ")
                );
                cx.report(e, &format!("gates[{i}].environments[{j}]"), why);
            }
        }
        let Some(kind) = kind else { continue };
        let mut entries: Vec<Entry> = gates::preset::rules(kind)
            .into_iter()
            .map(|p| Entry {
                id: Some(p.id),
                enabled: p.enabled,
                draft: p.draft,
                written: BTreeMap::new(),
                anchor: (g.kind.span(), at("kind")),
            })
            .collect();
        shorthands(cx, &g, i, kind, &mut entries);
        for (j, r) in g.rules.into_iter().flatten().enumerate() {
            rule_entry(cx, &format!("gates[{i}].rules[{j}]"), r, kind, &mut entries);
        }
        let mut rules = Vec::new();
        for e in entries.iter().filter(|e| e.enabled) {
            match gates::compile(&e.draft, e.id) {
                Ok(rule) => rules.push(rule),
                Err(errors) => {
                    for err in errors {
                        let (span, path) = e.written.get(&err.key).unwrap_or(&e.anchor);
                        cx.report_span(span.clone(), path, err.message);
                    }
                }
            }
        }
        out.push(Gate {
            name,
            kind,
            environments: g
                .environments
                .into_iter()
                .flatten()
                .map(Spanned::into_inner)
                .collect(),
            blocking: g.blocking.unwrap_or(true),
            rules,
        });
    }
    out
}

/// What a threshold shorthand does to its preset rules.
enum Short {
    /// Sets the threshold (and enables the rule: `max_error_rate` turns the error rate on).
    Value(f64),
    /// `true` keeps the rules, `false` turns them off.
    On(bool),
}

/// A threshold key of `[[gates]]`: the kind of gate it belongs to, the preset rules it sets, and
/// its largest sensible value.
struct Shorthand {
    key: &'static str,
    kind: GateKind,
    ids: &'static [&'static str],
    max: f64,
}

const SHORTHANDS: &[Shorthand] = {
    use GateKind::*;
    const fn s(
        key: &'static str,
        kind: GateKind,
        ids: &'static [&'static str],
        max: f64,
    ) -> Shorthand {
        Shorthand {
            key,
            kind,
            ids,
            max,
        }
    }
    &[
        s("min_coverage", Coverage, &["coverage"], 100.0),
        s(
            "max_critical_issues",
            Coverage,
            &["critical_issues"],
            f64::MAX,
        ),
        s(
            "max_high_vulnerabilities",
            Security,
            &["high_alerts"],
            f64::MAX,
        ),
        s(
            "max_critical_vulnerabilities",
            Security,
            &["critical_alerts"],
            f64::MAX,
        ),
        s("secrets_scan", Security, &["secrets_scan"], 0.0),
        s("max_p95_ms", Performance, &["p95"], f64::MAX),
        s("max_memory_mb", Performance, &["memory"], f64::MAX),
        s("max_error_rate", Performance, &["error_rate"], 100.0),
        s("all_controls", Compliance, &["controls", "assessment"], 0.0),
        s("audit_trail", Compliance, &["audit_trail"], 0.0),
        s("min_approvals", Approval, &["approval"], f64::MAX),
    ]
};

/// The shorthand `key` as written on `g`, with where it was written.
fn written(g: &GateFile, key: &str) -> Option<(Range<usize>, Short)> {
    let num = |v: &Option<Spanned<f64>>| v.as_ref().map(|s| (s.span(), Short::Value(*s.get_ref())));
    let int = |v: &Option<Spanned<u64>>| {
        v.as_ref()
            .map(|s| (s.span(), Short::Value(*s.get_ref() as f64)))
    };
    let on = |v: &Option<Spanned<bool>>| v.as_ref().map(|s| (s.span(), Short::On(*s.get_ref())));
    match key {
        "min_coverage" => num(&g.min_coverage),
        "max_critical_issues" => int(&g.max_critical_issues),
        "max_high_vulnerabilities" => int(&g.max_high_vulnerabilities),
        "max_critical_vulnerabilities" => int(&g.max_critical_vulnerabilities),
        "secrets_scan" => on(&g.secrets_scan),
        "max_p95_ms" => num(&g.max_p95_ms),
        "max_memory_mb" => num(&g.max_memory_mb),
        "max_error_rate" => num(&g.max_error_rate),
        "all_controls" => on(&g.all_controls),
        "audit_trail" => on(&g.audit_trail),
        "min_approvals" => int(&g.min_approvals),
        _ => None,
    }
}

/// Applies the threshold keys written on the gate to the preset's rules, checking that each one
/// belongs to the gate's kind and lies in range.
fn shorthands(cx: &mut Ctx<'_>, g: &GateFile, i: usize, kind: GateKind, entries: &mut [Entry]) {
    for sh in SHORTHANDS {
        let Some((span, short)) = written(g, sh.key) else {
            continue;
        };
        let path = format!("gates[{i}].{}", sh.key);
        if sh.kind != kind {
            let why = format!(
                "{} belongs to {} gates, and this one is {kind}",
                sh.key, sh.kind
            );
            cx.report_span(span, &path, why);
            continue;
        }
        if let Short::Value(x) = short
            && (x.is_nan() || !(0.0..=sh.max).contains(&x))
        {
            cx.report_span(span, &path, format!("{x} is outside 0 to {}", sh.max));
            continue;
        }
        for e in entries
            .iter_mut()
            .filter(|e| e.id.is_some_and(|id| sh.ids.contains(&id)))
        {
            match short {
                Short::Value(x) => {
                    e.enabled = true;
                    e.draft.value = Some(Raw::Number(x));
                    e.written.insert(Key::Value, (span.clone(), path.clone()));
                }
                Short::On(on) => e.enabled = on,
            }
        }
    }
}

/// One `[[gates.rules]]` table: an override of a preset rule, or a custom rule.
fn rule_entry(
    cx: &mut Ctx<'_>,
    base: &str,
    table: Spanned<RuleFile>,
    kind: GateKind,
    entries: &mut Vec<Entry>,
) {
    let span = table.span();
    let r = table.into_inner();
    let mut written = BTreeMap::new();
    let mut text = |key: Key, v: &Option<Spanned<String>>| {
        v.as_ref().map(|s| {
            written.insert(key, (s.span(), format!("{base}.{key}")));
            s.get_ref().clone()
        })
    };
    let mut draft = Draft {
        name: text(Key::Name, &r.name),
        source: text(Key::Source, &r.source),
        check: text(Key::Check, &r.check),
        context: text(Key::Context, &r.context),
        job: text(Key::Job, &r.job),
        step: text(Key::Step, &r.step),
        query: text(Key::Query, &r.query),
        severity: text(Key::Severity, &r.severity),
        field: text(Key::Field, &r.field),
        pattern: text(Key::Pattern, &r.pattern),
        op: text(Key::Op, &r.op),
        unit: text(Key::Unit, &r.unit),
        value: None,
    };
    if let Some(v) = &r.value {
        written.insert(Key::Value, (v.span(), format!("{base}.value")));
        draft.value = Some(raw(v.get_ref()));
    }
    let Some(preset) = &r.preset else {
        entries.push(Entry {
            id: None,
            enabled: r.enabled.unwrap_or(true),
            draft,
            written,
            anchor: (span, base.to_string()),
        });
        return;
    };
    let path = format!("{base}.preset");
    let Some(e) = entries
        .iter_mut()
        .find(|e| e.id == Some(preset.get_ref().as_str()))
    else {
        let why = format!(
            "{:?} is not a rule of the {kind} preset; its rules: {}",
            preset.get_ref(),
            gates::preset::ids(kind).join(", ")
        );
        cx.report(preset, &path, why);
        return;
    };
    if e.anchor.1.ends_with(".preset") {
        let why = format!("preset rule {:?} is overridden twice", preset.get_ref());
        cx.report(preset, &path, why);
        return;
    }
    e.draft = e.draft.merged(&draft);
    e.written.extend(written);
    e.anchor = (preset.span(), path);
    // Overriding a rule is wanting it (the error rate is off by default), unless it says otherwise.
    e.enabled = r.enabled.unwrap_or(true);
}

fn raw(v: &toml::Value) -> Raw {
    match v {
        toml::Value::Integer(i) => Raw::Number(*i as f64),
        toml::Value::Float(f) => Raw::Number(*f),
        toml::Value::String(s) => Raw::Text(s.clone()),
        toml::Value::Boolean(b) => Raw::Bool(*b),
        toml::Value::Array(items) => Raw::List(items.iter().map(raw).collect()),
        toml::Value::Datetime(_) => Raw::Other("a date"),
        toml::Value::Table(_) => Raw::Other("a table"),
    }
}
