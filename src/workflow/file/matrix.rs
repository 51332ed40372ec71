//! `strategy.matrix`: axes, `include` and `exclude`, expanded into combinations the way GitHub's
//! docs describe it (exclude first, then include: an include entry extends every original
//! combination it does not contradict, else it becomes a combination of its own).

use super::value::Value;

/// One combination: key/value pairs in the order GitHub lists them in a job's name (the axes in
/// file order, then keys added by `include`).
pub type Combination = Vec<(String, Value)>;

/// GitHub refuses a matrix of more than 256 jobs; so do we, before expanding it.
pub const MAX_JOBS: usize = 256;

#[derive(Debug, Clone, PartialEq)]
pub enum Matrix {
    /// The whole matrix (or its include/exclude) is an expression: known when the run starts.
    Dynamic(String),
    Static {
        axes: Vec<(String, Axis)>,
        include: Vec<Combination>,
        exclude: Vec<Combination>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Axis {
    Values(Vec<Value>),
    /// `os: ${{ fromJSON(needs.setup.outputs.os) }}`.
    Dynamic(String),
}

impl Matrix {
    /// Reads `strategy.matrix`; the error says what is wrong in words.
    pub fn from_value(v: &Value) -> Result<Matrix, String> {
        let entries = match v {
            Value::Str(s) if super::value::is_expression(s) => {
                return Ok(Matrix::Dynamic(s.clone()));
            }
            Value::Map(entries) => entries,
            other => {
                return Err(format!(
                    "matrix must be a map or an expression, not `{other}`"
                ));
            }
        };
        let mut axes = Vec::new();
        let mut include = Vec::new();
        let mut exclude = Vec::new();
        for (key, value) in entries {
            match key.as_str() {
                "include" | "exclude" => {
                    if let Value::Str(s) = value
                        && super::value::is_expression(s)
                    {
                        return Ok(Matrix::Dynamic(s.clone()));
                    }
                    let list = combinations_of(key, value)?;
                    if key == "include" {
                        include = list;
                    } else {
                        exclude = list;
                    }
                }
                _ => axes.push((key.clone(), axis_of(key, value)?)),
            }
        }
        if axes.is_empty() && include.is_empty() {
            return Err("matrix has no axis and no include".into());
        }
        let size = axes.iter().fold(1usize, |n, (_, a)| match a {
            Axis::Values(v) => n.saturating_mul(v.len()),
            Axis::Dynamic(_) => n,
        });
        if size > MAX_JOBS {
            return Err(format!(
                "matrix makes {size} combinations; GitHub allows at most {MAX_JOBS}"
            ));
        }
        Ok(Matrix::Static {
            axes,
            include,
            exclude,
        })
    }

    /// The combinations, or `None` when they are known only at run time.
    pub fn combinations(&self) -> Option<Vec<Combination>> {
        let Matrix::Static {
            axes,
            include,
            exclude,
        } = self
        else {
            return None;
        };
        let mut values = Vec::with_capacity(axes.len());
        for (key, axis) in axes {
            match axis {
                Axis::Values(v) => values.push((key, v)),
                Axis::Dynamic(_) => return None,
            }
        }
        let mut originals = product(&values);
        originals.retain(|c| !exclude.iter().any(|e| contains(c, e)));
        let axis_keys: Vec<&str> = axes.iter().map(|(k, _)| k.as_str()).collect();
        let mut extended = originals.clone();
        let mut extra = Vec::new();
        for inc in include {
            let mut used = false;
            for (orig, ext) in originals.iter().zip(extended.iter_mut()) {
                // An include may add keys and overwrite added ones, never an original value.
                let fits = inc.iter().all(|(k, v)| {
                    !axis_keys.contains(&k.as_str())
                        || orig.iter().any(|(ok, ov)| ok == k && ov == v)
                });
                if fits {
                    used = true;
                    for (k, v) in inc {
                        set(ext, k, v);
                    }
                }
            }
            if !used {
                extra.push(inc.clone());
            }
        }
        extended.extend(extra);
        Some(extended)
    }
}

fn axis_of(key: &str, v: &Value) -> Result<Axis, String> {
    match v {
        Value::Seq(items) if items.is_empty() => Err(format!("matrix axis `{key}` has no values")),
        Value::Seq(items) => Ok(Axis::Values(items.clone())),
        Value::Str(s) if super::value::is_expression(s) => Ok(Axis::Dynamic(s.clone())),
        other => Err(format!("matrix axis `{key}` must be a list, not `{other}`")),
    }
}

fn combinations_of(key: &str, v: &Value) -> Result<Vec<Combination>, String> {
    let Value::Seq(items) = v else {
        return Err(format!("matrix `{key}` must be a list of maps"));
    };
    items
        .iter()
        .map(|item| match item {
            Value::Map(entries) => Ok(entries.clone()),
            other => Err(format!(
                "matrix `{key}` entries must be maps, not `{other}`"
            )),
        })
        .collect()
}

/// The cartesian product, first axis outermost (GitHub's job order). No axes: no combination.
fn product(axes: &[(&String, &Vec<Value>)]) -> Vec<Combination> {
    if axes.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<Combination> = vec![Vec::new()];
    for (key, values) in axes {
        let mut next = Vec::with_capacity(out.len() * values.len());
        for combo in &out {
            for v in values.iter() {
                let mut c = combo.clone();
                c.push(((*key).clone(), v.clone()));
                next.push(c);
            }
        }
        out = next;
    }
    out
}

/// True when every pair of `partial` is in `combo` (an exclude entry may name only some axes).
fn contains(combo: &Combination, partial: &Combination) -> bool {
    partial
        .iter()
        .all(|(k, v)| combo.iter().any(|(ck, cv)| ck == k && cv == v))
}

fn set(combo: &mut Combination, key: &str, value: &Value) {
    match combo.iter_mut().find(|(k, _)| k == key) {
        Some((_, v)) => *v = value.clone(),
        None => combo.push((key.to_owned(), value.clone())),
    }
}
