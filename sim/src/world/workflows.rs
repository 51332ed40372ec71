//! The fixture workflows, embedded and parsed: the world plays their jobs, steps and `needs`, and the
//! contents API serves their text (clients build the job graph from it).

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

/// The product's workflow parser (`src/workflow/file/`, std + serde + serde-saphyr only), compiled
/// into the simulator too: one reading of a workflow file for both, so what the simulator plays is
/// what gantry draws.
#[path = "../../../src/workflow/file/mod.rs"]
#[allow(dead_code, unused_imports)] // the simulator uses part of its surface
pub(crate) mod file;

pub(crate) use file::Step as StepDef;

/// A parsed workflow and its display name.
#[derive(Debug, Clone)]
pub(crate) struct WorkflowDef {
    /// `name:`, else the file's path as GitHub shows it.
    pub(crate) name: String,
    pub(crate) file: file::Workflow,
}

impl WorkflowDef {
    pub(crate) fn has_trigger(&self, t: &str) -> bool {
        self.file.has_trigger(t)
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

pub(crate) fn parse(path: &str, text: &str) -> anyhow::Result<WorkflowDef> {
    let file = file::parse(text).map_err(|e| anyhow::anyhow!("{path}: {e}"))?;
    let name = file
        .name
        .clone()
        .unwrap_or_else(|| format!(".github/workflows/{path}"));
    Ok(WorkflowDef { name, file })
}

/// Each job as the jobs API lists it: matrices expanded into GitHub's names (`Test Suite (3.11)`).
pub(crate) fn instances(w: &WorkflowDef) -> Vec<JobInstance> {
    let mut out = Vec::new();
    for j in &w.file.jobs {
        let runs: Vec<(String, Option<String>)> = match j.instances() {
            file::Instances::Fixed(list) => list
                .into_iter()
                .map(|i| {
                    let values: Vec<String> = i.matrix.iter().map(|(_, v)| v.to_string()).collect();
                    (i.name, (!values.is_empty()).then(|| values.join(", ")))
                })
                .collect(),
            // A matrix from an expression: the fixtures have none; play it as one job.
            file::Instances::Dynamic => vec![(j.display_name().to_string(), None)],
        };
        for (name, matrix) in runs {
            out.push(JobInstance {
                key: j.id.clone(),
                name,
                needs: j.needs.clone(),
                environment: j
                    .environment
                    .as_ref()
                    .map(|e| (e.name.clone(), e.url.clone())),
                services: j.services,
                matrix,
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
        let ci = parse(FILES[0].0, FILES[0].1).unwrap();
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
        let cd = parse(FILES[1].0, FILES[1].1).unwrap();
        let prod = instances(&cd).pop().unwrap();
        assert_eq!(prod.environment.unwrap().0, "production");
        assert_eq!(prod.needs, ["deployment-readiness", "deploy-staging"]);
        assert!(
            parse(FILES[2].0, FILES[2].1)
                .unwrap()
                .has_trigger("workflow_dispatch")
        );
        assert!(!ci.has_trigger("workflow_dispatch"));
    }
}
