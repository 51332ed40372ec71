//! The names GitHub gives a job's runs in the jobs API: `name (a, b)` for each matrix
//! combination, or `name:` with its `${{ matrix.* }}` expressions replaced.

use super::matrix::Combination;
use super::model::Job;
use super::value::Value;

/// One job as the jobs API lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub name: String,
    /// The matrix combination (empty for a job without a matrix).
    pub matrix: Combination,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Instances {
    Fixed(Vec<Instance>),
    /// The matrix comes from an expression: the names are known once the run lists its jobs.
    Dynamic,
}

impl Job {
    /// The jobs this one becomes in a run, in GitHub's order.
    pub fn instances(&self) -> Instances {
        let base = self.display_name();
        let Some(matrix) = &self.matrix else {
            return Instances::Fixed(vec![Instance {
                name: base.to_owned(),
                matrix: Vec::new(),
            }]);
        };
        let Some(combinations) = matrix.combinations() else {
            return Instances::Dynamic;
        };
        let templated = refers_to_matrix(base);
        Instances::Fixed(
            combinations
                .into_iter()
                .map(|matrix| Instance {
                    name: if templated {
                        substitute(base, &matrix)
                    } else {
                        suffixed(base, &matrix)
                    },
                    matrix,
                })
                .collect(),
        )
    }
}

/// `base (v1, v2)`: GitHub's default name for a matrix job.
pub fn suffixed(base: &str, combo: &Combination) -> String {
    let values: Vec<String> = combo.iter().map(|(_, v)| v.to_string()).collect();
    format!("{base} ({})", values.join(", "))
}

/// True when a `${{ }}` expression in `text` reads the matrix; GitHub then adds no suffix.
pub fn refers_to_matrix(text: &str) -> bool {
    expressions(text).any(|(_, inner)| inner.contains("matrix"))
}

/// `text` with each `${{ matrix.key }}` (or `matrix.key.sub`, `matrix['key']`) replaced by its
/// value; any other expression is left as written.
pub fn substitute(text: &str, combo: &Combination) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    for (range, inner) in expressions(text) {
        out.push_str(&text[rest..range.start]);
        match lookup(inner.trim(), combo) {
            Some(v) => out.push_str(&v.to_string()),
            None => out.push_str(&text[range.clone()]),
        }
        rest = range.end;
    }
    out.push_str(&text[rest..]);
    out
}

/// Each `${{ ... }}` in `text`: its byte range and what is inside the braces.
pub fn expressions(text: &str) -> impl Iterator<Item = (std::ops::Range<usize>, &str)> {
    let mut from = 0;
    std::iter::from_fn(move || {
        let start = from + text.get(from..)?.find("${{")?;
        let inner_start = start + 3;
        let end = inner_start + text.get(inner_start..)?.find("}}")?;
        from = end + 2;
        Some((start..end + 2, &text[inner_start..end]))
    })
}

fn lookup<'a>(expr: &str, combo: &'a Combination) -> Option<&'a Value> {
    let path = expr.strip_prefix("matrix")?;
    let mut keys = path_keys(path)?.into_iter();
    let first = keys.next()?;
    let mut value = combo.iter().find(|(k, _)| *k == first).map(|(_, v)| v)?;
    for key in keys {
        value = value.get(&key)?;
    }
    Some(value)
}

/// `.a.b['c']` -> ["a", "b", "c"]; `None` for anything else (a function call, an operator).
fn path_keys(mut path: &str) -> Option<Vec<String>> {
    let mut keys = Vec::new();
    while !path.is_empty() {
        if let Some(rest) = path.strip_prefix('.') {
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(rest.len());
            if end == 0 {
                return None;
            }
            keys.push(rest[..end].to_owned());
            path = &rest[end..];
        } else if let Some(rest) = path.strip_prefix('[') {
            let quote = rest.chars().next().filter(|c| *c == '\'' || *c == '"')?;
            let inner = &rest[1..];
            let close = inner.find(quote)?;
            keys.push(inner[..close].to_owned());
            path = inner[close + 1..].strip_prefix(']')?;
        } else {
            return None;
        }
    }
    (!keys.is_empty()).then_some(keys)
}
