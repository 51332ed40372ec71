//! The workflow as read from its file: the parts a pipeline graph and the simulator need, with
//! job order kept (GitHub lists jobs in file order).

use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::matrix::Matrix;
use super::value::{Scalar, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct Workflow {
    /// `name:`; GitHub shows the file's path when it is missing.
    pub name: Option<String>,
    /// Trigger names (`push`, `workflow_run`, ...), in file order.
    pub on: Vec<String>,
    pub jobs: Vec<Job>,
}

impl Workflow {
    pub fn has_trigger(&self, trigger: &str) -> bool {
        self.on.iter().any(|t| t == trigger)
    }

    pub fn job(&self, id: &str) -> Option<&Job> {
        self.jobs.iter().find(|j| j.id == id)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    /// The key under `jobs:`.
    pub id: String,
    /// `name:`, possibly holding expressions such as `${{ matrix.os }}`.
    pub name: Option<String>,
    /// Ids of the jobs this one waits for.
    pub needs: Vec<String>,
    /// `if:`: the job may be skipped.
    pub condition: Option<String>,
    /// `uses:`: a reusable workflow; its jobs run as `caller / callee`.
    pub uses: Option<String>,
    pub environment: Option<Environment>,
    pub matrix: Option<Matrix>,
    pub services: bool,
    pub steps: Vec<Step>,
}

impl Job {
    /// What GitHub calls the job before any expression is evaluated: `name:` or the id.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    pub name: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Step {
    #[serde(default)]
    pub name: Option<Scalar>,
    #[serde(default)]
    pub uses: Option<String>,
    #[serde(default)]
    pub run: Option<String>,
}

impl Step {
    /// The step's name as the runner shows it: `name:`, else `Run <action>` or the script's
    /// first line.
    pub fn display(&self) -> String {
        if let Some(Scalar(n)) = &self.name {
            return n.clone();
        }
        if let Some(u) = &self.uses {
            return format!("Run {u}");
        }
        let first = self
            .run
            .as_deref()
            .unwrap_or("")
            .lines()
            .next()
            .unwrap_or("");
        format!("Run {first}")
    }
}

/// The file's shape as serde reads it; `super::parse` turns it into a `Workflow` and checks it.
#[derive(Debug, Deserialize)]
pub(super) struct RawWorkflow {
    #[serde(default)]
    pub name: Option<Scalar>,
    /// Read through a string key, so YAML 1.1's `on` = `true` cannot happen.
    #[serde(default, rename = "on")]
    pub on: Triggers,
    pub jobs: RawJobs,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct RawJob {
    #[serde(default)]
    pub name: Option<Scalar>,
    #[serde(default)]
    pub needs: Option<Spanned<Needs>>,
    #[serde(default, rename = "if")]
    pub condition: Option<Scalar>,
    #[serde(default)]
    pub uses: Option<String>,
    #[serde(default)]
    pub environment: Option<Spanned<Value>>,
    #[serde(default)]
    pub strategy: Option<RawStrategy>,
    #[serde(default)]
    pub services: Option<IgnoredAny>,
    #[serde(default)]
    pub steps: Vec<Step>,
}

#[derive(Debug, Deserialize)]
pub(super) struct RawStrategy {
    #[serde(default)]
    pub matrix: Option<Spanned<Value>>,
}

/// Jobs in file order, each with where its body starts (for errors found after parsing).
#[derive(Debug)]
pub(super) struct RawJobs(pub Vec<(String, Spanned<RawJob>)>);

impl<'de> Deserialize<'de> for RawJobs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawJobs;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of jobs")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<RawJobs, A::Error> {
                let mut jobs = Vec::new();
                while let Some((Scalar(id), job)) = m.next_entry()? {
                    jobs.push((id, job));
                }
                Ok(RawJobs(jobs))
            }
        }
        d.deserialize_map(V)
    }
}

/// `needs: build` or `needs: [lint, test]`.
#[derive(Debug, Default)]
pub(super) struct Needs(pub Vec<String>);

impl<'de> Deserialize<'de> for Needs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Needs;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a job id or a list of job ids")
            }
            fn visit_str<E>(self, v: &str) -> Result<Needs, E> {
                Ok(Needs(vec![v.to_owned()]))
            }
            fn visit_unit<E>(self) -> Result<Needs, E> {
                Ok(Needs::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Needs, A::Error> {
                let mut ids = Vec::new();
                while let Some(Scalar(id)) = s.next_element()? {
                    ids.push(id);
                }
                Ok(Needs(ids))
            }
        }
        d.deserialize_any(V)
    }
}

/// `on: push`, `on: [push, pull_request]` or a map of triggers to their filters.
#[derive(Debug, Default)]
pub(super) struct Triggers(pub Vec<String>);

impl<'de> Deserialize<'de> for Triggers {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Triggers;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a trigger, a list of triggers or a map of triggers")
            }
            fn visit_str<E>(self, v: &str) -> Result<Triggers, E> {
                Ok(Triggers(vec![v.to_owned()]))
            }
            fn visit_unit<E>(self) -> Result<Triggers, E> {
                Ok(Triggers::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Triggers, A::Error> {
                let mut names = Vec::new();
                while let Some(Scalar(n)) = s.next_element()? {
                    names.push(n);
                }
                Ok(Triggers(names))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Triggers, A::Error> {
                let mut names = Vec::new();
                while let Some((Scalar(n), IgnoredAny)) = m.next_entry()? {
                    names.push(n);
                }
                Ok(Triggers(names))
            }
        }
        d.deserialize_any(V)
    }
}

/// `environment: staging` or `environment: {name: staging, url: ...}`.
pub(super) fn environment(v: &Value) -> Result<Environment, String> {
    match v {
        Value::Str(name) => Ok(Environment {
            name: name.clone(),
            url: None,
        }),
        Value::Map(_) => match v.get("name") {
            Some(name @ (Value::Str(_) | Value::Int(_) | Value::Float(_))) => Ok(Environment {
                name: name.to_string(),
                url: v.get("url").map(Value::to_string),
            }),
            _ => Err("environment needs a `name`".into()),
        },
        other => Err(format!(
            "environment must be a name or a map, not `{other}`"
        )),
    }
}
