//! The cluster side of set-up: which environments map to a workload, the rollout state the panes
//! start from, and the cluster source that watches them.

use crate::app::rollouts::{EnvRollout, Rollouts};
use crate::config::{Config, Confirm, Environment, WorkloadKind};
use crate::gates::{Condition, GateKind};
use crate::model::kube::{Kind, Target};
use crate::sources::{Starter, kube};

/// An environment's workload as the model names it.
pub fn target(e: &Environment) -> Option<Target> {
    let w = e.workload.as_ref()?;
    Some(Target {
        context: e.context.clone(),
        namespace: e.namespace.clone().unwrap_or_default(),
        kind: match w.kind {
            WorkloadKind::Deployment => Kind::Deployment,
            WorkloadKind::Rollout => Kind::Rollout,
        },
        name: w.name.clone(),
    })
}

/// The performance gate's memory budget (its `memory` rule's `<` or `<=` threshold), in MB.
pub fn memory_budget_mb(config: &Config) -> Option<u64> {
    config
        .gates
        .iter()
        .filter(|g| g.kind == GateKind::Performance)
        .flat_map(|g| &g.rules)
        .filter(|r| r.preset.as_deref() == Some("memory"))
        .find_map(|r| match r.condition {
            Condition::Lt(v) | Condition::Le(v) if v.is_finite() && v > 0.0 => Some(v as u64),
            _ => None,
        })
}

/// The rollout pane's starting state: every environment with a workload, in promotion order.
pub fn rollouts(config: &Config, read_only: bool) -> Rollouts {
    let envs = config
        .environments
        .iter()
        .filter_map(|e| {
            Some(EnvRollout::new(
                &e.name,
                target(e)?,
                e.confirm == Confirm::TypeName,
                e.read_only || read_only || config.read_only,
            ))
        })
        .collect();
    Rollouts::new(envs, memory_budget_mb(config))
}

/// The clusters' clients, shared by the source, the action task and the CLI.
pub fn clusters(config: &Config) -> kube::Clusters {
    kube::Clusters::new(config.kubernetes.kubeconfig.clone())
}

/// The cluster source, when some environment maps to a workload.
pub fn source(config: &Config, clusters: &kube::Clusters) -> Option<Starter> {
    let envs: Vec<kube::EnvSpec> = config
        .environments
        .iter()
        .filter_map(|e| {
            Some(kube::EnvSpec {
                env: e.name.clone(),
                target: target(e)?,
                allowed_namespaces: config.kubernetes.namespaces.clone(),
            })
        })
        .collect();
    if envs.is_empty() {
        return None;
    }
    let clusters = clusters.clone();
    Some(Starter::Kube(Box::new(move |link| {
        kube::task(clusters, envs, link)
    })))
}
