//! The fixture workflows, embedded and parsed: the world plays their jobs, steps and `needs`, and the
//! contents API serves their text (clients build the job graph from it).

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// (file name, text) of each workflow, in the order GitHub lists them.
pub(crate) const FILES: &[(&str, &str)] = &[
    (
        "enterprise-ci.yml",
        include_str!("../../fixtures/workflows/enterprise-ci.yml"),
    ),
    (
        "enterprise-cd.yml",
        include_str!("../../fixtures/workflows/enterprise-cd.yml"),
    ),
    (
        "compliance-automation.yml",
        include_str!("../../fixtures/workflows/compliance-automation.yml"),
    ),
];

/// The `regions` scenario's own workflow: one run that waits on three environments at once.
pub(crate) const REGIONAL: (&str, &str) = (
    "regional-release.yml",
    include_str!("../../fixtures/workflows/regional-release.yml"),
);

/// The workflow files of a scenario, in the order GitHub lists them.
pub(crate) fn files(scenario: super::Scenario) -> Vec<(&'static str, &'static str)> {
    let mut files = FILES.to_vec();
    if scenario == super::Scenario::Regions {
        files.push(REGIONAL);
    }
    files
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct StepDef {
    pub(crate) name: Option<String>,
    pub(crate) uses: Option<String>,
    pub(crate) run: Option<String>,
}

impl StepDef {
    /// The step's display name as the runner shows it.
    pub(crate) fn display(&self) -> String {
        if let Some(n) = &self.name {
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

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum EnvDef {
    Name(String),
    Full { name: String, url: Option<String> },
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Strategy {
    pub(crate) matrix: std::collections::BTreeMap<String, Vec<serde_json::Value>>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct JobDef {
    pub(crate) name: Option<String>,
    pub(crate) needs: Option<OneOrMany>,
    pub(crate) environment: Option<EnvDef>,
    pub(crate) strategy: Option<Strategy>,
    pub(crate) services: Option<serde_json::Value>,
    #[serde(default)]
    pub(crate) steps: Vec<StepDef>,
}

impl JobDef {
    pub(crate) fn needs(&self) -> Vec<String> {
        match &self.needs {
            None => vec![],
            Some(OneOrMany::One(s)) => vec![s.clone()],
            Some(OneOrMany::Many(v)) => v.clone(),
        }
    }

    pub(crate) fn environment(&self) -> Option<(String, Option<String>)> {
        match &self.environment {
            None => None,
            Some(EnvDef::Name(n)) => Some((n.clone(), None)),
            Some(EnvDef::Full { name, url }) => Some((name.clone(), url.clone())),
        }
    }
}

/// Jobs in file order (a map would lose it, and the order is how GitHub lists them).
#[derive(Debug, Clone)]
pub(crate) struct Jobs(pub Vec<(String, JobDef)>);

impl<'de> Deserialize<'de> for Jobs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Jobs;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of jobs")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Jobs, A::Error> {
                let mut v = Vec::new();
                while let Some((k, j)) = m.next_entry::<String, JobDef>()? {
                    v.push((k, j));
                }
                Ok(Jobs(v))
            }
        }
        d.deserialize_map(V)
    }
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct WorkflowDef {
    pub(crate) name: String,
    pub(crate) jobs: Jobs,
    /// Trigger keys, read as strings (`on` must not become a boolean); only the fixture tests ask.
    #[cfg(test)]
    #[serde(default, rename = "on")]
    pub(crate) on: Option<serde_json::Value>,
}

#[cfg(test)]
impl WorkflowDef {
    pub(crate) fn has_trigger(&self, t: &str) -> bool {
        match &self.on {
            Some(serde_json::Value::Object(m)) => m.contains_key(t),
            Some(serde_json::Value::String(s)) => s == t,
            Some(serde_json::Value::Array(a)) => a.iter().any(|x| x == t),
            _ => false,
        }
    }
}

/// A job as it runs: one per matrix combination, with the API's display name.
#[derive(Debug, Clone)]
pub(crate) struct JobInstance {
    pub(crate) key: String,
    pub(crate) name: String,
    pub(crate) needs: Vec<String>,
    pub(crate) environment: Option<(String, Option<String>)>,
    pub(crate) services: bool,
    pub(crate) matrix: Option<String>,
    pub(crate) steps: Vec<StepDef>,
}

pub(crate) fn parse(text: &str) -> anyhow::Result<WorkflowDef> {
    Ok(serde_saphyr::from_str(text)?)
}

/// Expands matrices: a job named `Test Suite` over python-version 3.11/3.12 becomes
/// `Test Suite (3.11)` and `Test Suite (3.12)`, as the API names them.
pub(crate) fn instances(w: &WorkflowDef) -> Vec<JobInstance> {
    let mut out = Vec::new();
    for (key, j) in &w.jobs.0 {
        let base = j.name.clone().unwrap_or_else(|| key.clone());
        let values: Vec<Option<String>> = match &j.strategy {
            Some(s) => {
                // Single-axis matrices are all the fixtures use.
                let axis = s.matrix.values().next().cloned().unwrap_or_default();
                axis.iter()
                    .map(|v| {
                        Some(
                            v.as_str()
                                .map(str::to_string)
                                .unwrap_or_else(|| v.to_string()),
                        )
                    })
                    .collect()
            }
            None => vec![None],
        };
        for m in values {
            out.push(JobInstance {
                key: key.clone(),
                name: match &m {
                    Some(m) => format!("{base} ({m})"),
                    None => base.clone(),
                },
                needs: j.needs(),
                environment: j.environment(),
                services: j.services.is_some(),
                matrix: m,
                steps: j.steps.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixtures_parse_with_matrix_names_and_needs() {
        let ci = parse(FILES[0].1).unwrap();
        assert_eq!(ci.name, "Enterprise CI Pipeline");
        assert!(ci.has_trigger("push"));
        let names: Vec<String> = instances(&ci).into_iter().map(|j| j.name).collect();
        assert_eq!(
            names,
            [
                "Security Analysis",
                "Code Quality Analysis",
                "Test Suite (3.11)",
                "Test Suite (3.12)",
                "Build Container",
                "Compliance Validation",
                "Performance Testing"
            ]
        );
        let cd = parse(FILES[1].1).unwrap();
        let prod = instances(&cd).pop().unwrap();
        assert_eq!(prod.environment.unwrap().0, "production");
        assert_eq!(prod.needs, ["deployment-readiness", "deploy-staging"]);
        assert!(parse(FILES[2].1).unwrap().has_trigger("workflow_dispatch"));
    }
}
