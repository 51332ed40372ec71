//! Turns `toml`'s parse and deserialize errors into [`Problem`]s that name the key path.
//!
//! `toml` reports a span and serde's message but not which key the span belongs to, so the
//! document is parsed a second time into its spanned tree (`DeTable`) and the key or value at the
//! span is looked up there. This handles dotted keys, inline tables and arrays of tables alike.

use super::error::Problem;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// One step of a key path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// Renders `github.repos[1]`, quoting keys that are not bare (`keys.normal."g g"`).
pub fn render_path(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                let bare = !k.is_empty()
                    && k.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
                if bare {
                    out.push_str(k)
                } else {
                    out.push_str(&format!("{k:?}"))
                }
            }
        }
    }
    out
}

/// Converts a `toml` error on `text` into a located, explained problem.
pub fn toml_problem(text: &str, err: &toml::de::Error) -> Problem {
    let span = err.span().unwrap_or(0..0);
    let raw = err.message().trim();
    let tree = DeTable::parse(text).ok();
    let path = tree
        .as_ref()
        .and_then(|t| path_at(t, span.start))
        .unwrap_or_default();
    let shown = render_path(&path);
    let message = if let Some(field) = backticked(raw)
        .first()
        .filter(|_| raw.starts_with("unknown field"))
    {
        let parent = &path[..path.len().saturating_sub(1)];
        let valid = backticked(raw.split_once("expected").map_or("", |(_, rest)| rest)).join(", ");
        if parent.is_empty() {
            let is_table = tree.as_ref().is_some_and(|t| {
                t.get_ref()
                    .get(field.as_str())
                    .is_some_and(|v| matches!(v.get_ref(), DeValue::Table(_)))
            });
            let what = if is_table {
                format!("section [{field}]")
            } else {
                format!("top-level key `{field}`")
            };
            format!("unknown {what}; valid top-level keys: {valid}")
        } else {
            let place = match parent.last() {
                Some(Seg::Index(_)) => render_path(parent),
                _ => format!("[{}]", render_path(parent)),
            };
            format!("unknown key `{field}` in {place}; valid keys: {valid}")
        }
    } else if let Some(field) = backticked(raw)
        .first()
        .filter(|_| raw.starts_with("missing field"))
    {
        with_path(&shown, &format!("missing required key `{field}`"))
    } else if raw.starts_with("duplicate key") {
        let key = text.get(span.clone()).unwrap_or("").trim();
        format!("duplicate key `{key}`")
    } else if raw.starts_with("invalid type") || raw.starts_with("invalid value") {
        with_path(&shown, &friendly_types(raw))
    } else if tree.is_none() {
        format!("syntax error: {raw}")
    } else {
        with_path(&shown, raw)
    };
    Problem::at(text, span, shown, message)
}

fn with_path(path: &str, message: &str) -> String {
    if path.is_empty() {
        message.to_string()
    } else {
        format!("{path}: {message}")
    }
}

/// Serde speaks Rust; the engineer reads TOML.
fn friendly_types(msg: &str) -> String {
    [
        ("expected u64", "expected a whole number (0 or more)"),
        ("expected f64", "expected a number"),
        ("expected a sequence", "expected an array"),
        ("expected a map", "expected a table"),
        ("expected struct ", "expected a table like "),
        ("sequence", "array"),
        ("map", "table"),
    ]
    .iter()
    .fold(msg.to_string(), |m, (from, to)| m.replace(from, to))
}

/// The words between backticks, in order.
fn backticked(s: &str) -> Vec<String> {
    s.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// Names the gate in problems under `gates[N]` (`gates[2].rules[0].op: gate "Performance": ...`),
/// so an error in the fifth `[[gates]]` table is found by name, not by counting.
pub fn name_gates(text: &str, problems: &mut [Problem]) {
    let Ok(tree) = DeTable::parse(text) else {
        return;
    };
    let gates = match tree.get_ref().get("gates").map(|v| v.get_ref()) {
        Some(DeValue::Array(items)) => items,
        _ => return,
    };
    for p in problems.iter_mut() {
        let Some(rest) = p.path.strip_prefix("gates[") else {
            continue;
        };
        let Some((index, key)) = rest.split_once(']') else {
            continue;
        };
        let name = index
            .parse::<usize>()
            .ok()
            .and_then(|i| gates.get(i))
            .and_then(|g| match g.get_ref() {
                DeValue::Table(t) => t.get("name"),
                _ => None,
            })
            .and_then(|n| match n.get_ref() {
                DeValue::String(s) if !s.trim().is_empty() => Some(s.to_string()),
                _ => None,
            });
        // A problem with the name itself already quotes it.
        let Some(name) = name.filter(|_| key != ".name") else {
            continue;
        };
        let label = format!("gate {name:?}: ");
        p.message = match p.message.strip_prefix(&format!("{}: ", p.path)) {
            Some(why) => format!("{}: {label}{why}", p.path),
            None => format!("{label}{}", p.message),
        };
    }
}

/// The key path of the key or value that contains byte `offset`, preferring the tightest span.
pub fn path_at(root: &Spanned<DeTable<'_>>, offset: usize) -> Option<Vec<Seg>> {
    let mut best: Option<(usize, Vec<Seg>)> = None;
    let mut path = Vec::new();
    walk_table(root.get_ref(), offset, &mut path, &mut best);
    best.map(|(_, p)| p)
}

fn consider(span: Range<usize>, offset: usize, path: &[Seg], best: &mut Option<(usize, Vec<Seg>)>) {
    let hit = span.start <= offset && (offset < span.end || offset == span.start);
    let len = span.end - span.start;
    if hit && best.as_ref().is_none_or(|(b, _)| len <= *b) {
        *best = Some((len, path.to_vec()));
    }
}

fn walk_table(
    table: &DeTable<'_>,
    offset: usize,
    path: &mut Vec<Seg>,
    best: &mut Option<(usize, Vec<Seg>)>,
) {
    for (key, value) in table.iter() {
        path.push(Seg::Key(key.get_ref().to_string()));
        consider(key.span(), offset, path, best);
        walk_value(value, offset, path, best);
        path.pop();
    }
}

fn walk_value(
    value: &Spanned<DeValue<'_>>,
    offset: usize,
    path: &mut Vec<Seg>,
    best: &mut Option<(usize, Vec<Seg>)>,
) {
    consider(value.span(), offset, path, best);
    match value.get_ref() {
        DeValue::Table(t) => walk_table(t, offset, path, best),
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                walk_value(item, offset, path, best);
                path.pop();
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_of(text: &str, needle: &str) -> String {
        let tree = DeTable::parse(text).unwrap();
        let off = text.find(needle).unwrap();
        render_path(&path_at(&tree, off).unwrap())
    }

    #[test]
    fn finds_paths() {
        let text = "[github]\nrepos = [\"a/b\", \"acme\"]\n[[environments]]\nname = \"x\"\n\
                    [[environments]]\nname = \"y\"\n[keys.normal]\n\"g g\" = \"top\"\nui.theme = 1\n";
        assert_eq!(path_of(text, "\"acme\""), "github.repos[1]");
        assert_eq!(path_of(text, "\"y\""), "environments[1].name");
        assert_eq!(path_of(text, "\"top\""), "keys.normal.\"g g\"");
        assert_eq!(path_of(text, "theme"), "keys.normal.ui.theme");
    }

    #[test]
    fn backticks() {
        assert_eq!(
            backticked("unknown field `a`, expected `b` or `c`"),
            ["a", "b", "c"]
        );
        assert!(backticked("there are no fields").is_empty());
    }
}
