//! What a rule's reading must meet: a [`Condition`] (operator and threshold together, so ordering
//! operators can only hold numbers) over [`Scalar`]s, and how both read on screen.

use serde::Serialize;
use std::fmt;

/// A value read from evidence or written as a threshold.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Scalar {
    Number(f64),
    Text(String),
    Bool(bool),
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // f64's Display already drops a trailing `.0` (200, 92.4).
            Scalar::Number(n) => write!(f, "{n}"),
            Scalar::Text(t) => f.write_str(t),
            Scalar::Bool(b) => write!(f, "{b}"),
        }
    }
}

/// The operator and threshold together, so ordering operators can only hold numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", content = "value")]
pub enum Condition {
    #[serde(rename = "<")]
    Lt(f64),
    #[serde(rename = "<=")]
    Le(f64),
    #[serde(rename = ">")]
    Gt(f64),
    #[serde(rename = ">=")]
    Ge(f64),
    #[serde(rename = "==")]
    Eq(Scalar),
    #[serde(rename = "!=")]
    Ne(Scalar),
    #[serde(rename = "in")]
    In(Vec<Scalar>),
}

/// The operators as written in config files.
pub const OPERATORS: &[&str] = &["<", "<=", ">", ">=", "==", "!=", "in"];

impl Condition {
    pub fn op(&self) -> &'static str {
        match self {
            Condition::Lt(_) => "<",
            Condition::Le(_) => "<=",
            Condition::Gt(_) => ">",
            Condition::Ge(_) => ">=",
            Condition::Eq(_) => "==",
            Condition::Ne(_) => "!=",
            Condition::In(_) => "in",
        }
    }

    /// Whether `observed` meets the condition; a number against text (or the reverse) never does.
    pub fn holds(&self, observed: &Scalar) -> bool {
        let num = match observed {
            Scalar::Number(n) => Some(*n),
            _ => None,
        };
        match self {
            Condition::Lt(t) => num.is_some_and(|n| n < *t),
            Condition::Le(t) => num.is_some_and(|n| n <= *t),
            Condition::Gt(t) => num.is_some_and(|n| n > *t),
            Condition::Ge(t) => num.is_some_and(|n| n >= *t),
            Condition::Eq(t) => t == observed,
            Condition::Ne(t) => t != observed,
            Condition::In(ts) => ts.contains(observed),
        }
    }

    /// The threshold with `unit`: `< 200 ms`, `> 90%`, `in [success, skipped]`.
    pub fn display(&self, unit: Option<&str>) -> String {
        let one = |s: &Scalar| with_unit(s, unit);
        match self {
            Condition::Lt(n) | Condition::Le(n) | Condition::Gt(n) | Condition::Ge(n) => {
                format!("{} {}", self.op(), one(&Scalar::Number(*n)))
            }
            Condition::Eq(s) | Condition::Ne(s) => format!("{} {}", self.op(), one(s)),
            Condition::In(list) => {
                let items: Vec<String> = list.iter().map(one).collect();
                format!("in [{}]", items.join(", "))
            }
        }
    }
}

impl Condition {
    /// Why `observed` does not meet the condition, as the relation that holds instead:
    /// `287 ms > 200 ms`, `90% = 90% (needs > 90%)`, `failure, not success`.
    pub fn unmet(&self, observed: &Scalar, unit: Option<&str>) -> String {
        let o = with_unit(observed, unit);
        let one = |s: &Scalar| with_unit(s, unit);
        match (self, observed) {
            (
                Condition::Lt(t) | Condition::Le(t) | Condition::Gt(t) | Condition::Ge(t),
                Scalar::Number(n),
            ) => {
                let t_shown = one(&Scalar::Number(*t));
                match n.partial_cmp(t) {
                    Some(std::cmp::Ordering::Greater) => format!("{o} > {t_shown}"),
                    Some(std::cmp::Ordering::Less) => format!("{o} < {t_shown}"),
                    _ => format!("{o} = {t_shown} (needs {})", self.display(unit)),
                }
            }
            (Condition::Eq(t), _) => format!("{o}, not {}", one(t)),
            (Condition::Ne(t), _) => format!("{o} (must not be {})", one(t)),
            (Condition::In(list), _) => {
                let items: Vec<String> = list.iter().map(one).collect();
                format!("{o}, not one of {}", items.join(", "))
            }
            _ => format!("{o} (needs {})", self.display(unit)),
        }
    }
}

/// `287 ms`, `92.4%` (a percent sign sits against its number), text as it is.
pub fn with_unit(value: &Scalar, unit: Option<&str>) -> String {
    match (value, unit) {
        (Scalar::Number(_), Some("%")) => format!("{value}%"),
        (Scalar::Number(_), Some(u)) if !u.is_empty() => format!("{value} {u}"),
        _ => value.to_string(),
    }
}
