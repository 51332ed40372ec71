//! What the cluster told us about each environment's workload, as plain typed data, and the
//! questions the rollout pane, the dialogs and the CLI ask of it: the sentence `kubectl rollout
//! status` would print (`status`), which revision a rollback goes to and the patch it sends
//! (`history`), what a pod uses (`quantity`), and whether the image running is what CI built
//! (`provenance`). Text in here was sanitised when the cluster source converted the API's objects.

pub mod canary;
pub mod explain;
pub mod history;
pub mod provenance;
pub mod quantity;
pub mod status;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

pub use canary::{Canary, Step};
pub use history::Revision;

/// A Deployment or an Argo Rollouts `Rollout`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Deployment,
    Rollout,
}

impl Kind {
    /// As kubectl names it: `deployment`, `rollout`.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Deployment => "deployment",
            Kind::Rollout => "rollout",
        }
    }

    /// The ReplicaSet annotation that numbers revisions.
    pub fn revision_key(self) -> &'static str {
        match self {
            Kind::Deployment => "deployment.kubernetes.io/revision",
            Kind::Rollout => "rollout.argoproj.io/revision",
        }
    }

    /// The label the controller adds to a ReplicaSet's template.
    pub fn hash_label(self) -> &'static str {
        match self {
            Kind::Deployment => "pod-template-hash",
            Kind::Rollout => "rollouts-pod-template-hash",
        }
    }
}

/// Where an environment's workload lives.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Target {
    /// The kubeconfig context; `None` is its current context.
    pub context: Option<String>,
    pub namespace: String,
    pub kind: Kind,
    pub name: String,
}

impl Target {
    /// `deployment/shop`.
    pub fn workload(&self) -> String {
        format!("{}/{}", self.kind.word(), self.name)
    }

    /// `gantry-demo/production deployment/shop`.
    pub fn describe(&self) -> String {
        format!(
            "{}/{} {}",
            self.context.as_deref().unwrap_or("(current context)"),
            self.namespace,
            self.workload()
        )
    }
}

/// How gantry's link to an environment's cluster stands. The last state received stays on screen
/// whatever this says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Link {
    #[default]
    Connecting,
    Connected,
    /// A watch dropped or failed; it is being re-established.
    Reconnecting,
    /// RBAC refuses to let this user read the workload.
    Forbidden,
    /// The API server cannot be reached (network, TLS, down).
    Unreachable,
    /// The config names something that does not exist: a context, a namespace not allowed, a
    /// workload, a CRD not installed. Retried, but it will not fix itself.
    Misconfigured,
}

impl Link {
    pub fn word(self) -> &'static str {
        match self {
            Link::Connecting => "connecting",
            Link::Connected => "connected",
            Link::Reconnecting => "reconnecting",
            Link::Forbidden => "forbidden",
            Link::Unreachable => "unreachable",
            Link::Misconfigured => "not found",
        }
    }
}

/// Everything known about one environment's workload: the pane's data.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rollout {
    /// `None` until the workload has been read.
    pub workload: Option<Workload>,
    /// Its ReplicaSets, newest revision first.
    pub revisions: Vec<Revision>,
    /// Its pods, by revision (newest first), then name.
    pub pods: Vec<Pod>,
    /// Events about it, its ReplicaSets and pods: warnings first, then newest first.
    pub events: Vec<Event>,
    /// What the user may do here, as `kubectl auth can-i` answered.
    pub access: Access,
    /// Why pod metrics are missing, when they are (`metrics.k8s.io` not served, forbidden).
    pub metrics_note: Option<String>,
}

/// The workload object's state.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Workload {
    pub kind: Option<Kind>,
    pub name: String,
    pub generation: i64,
    pub observed_generation: i64,
    /// `spec.replicas` (defaults to 1, as the API server does).
    pub desired: i32,
    /// `status.replicas`: every pod of every revision.
    pub total: i32,
    pub updated: i32,
    pub ready: i32,
    pub available: i32,
    /// `spec.paused`.
    pub paused: bool,
    /// The Progressing condition's reason (`ProgressDeadlineExceeded`, `NewReplicaSetAvailable`).
    pub progressing_reason: Option<String>,
    /// Annotations, for the rollback patch (kubectl keeps some of them).
    pub annotations: BTreeMap<String, String>,
    /// The pod template as the API holds it, for the diff and to compare with revisions.
    pub template: serde_json::Value,
    /// Images of the template's containers, in order.
    pub images: Vec<String>,
    /// An Argo Rollout's canary.
    pub canary: Option<Canary>,
}

impl Workload {
    /// The revision the workload runs now (the highest number among its ReplicaSets that match
    /// its template), from `revisions`.
    pub fn current_revision(&self, revisions: &[Revision]) -> Option<u64> {
        revisions
            .iter()
            .filter(|r| r.current)
            .map(|r| r.number)
            .max()
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pod {
    pub name: String,
    /// Pending, Running, Succeeded, Failed, Unknown; `Terminating` while being deleted.
    pub phase: String,
    pub ready_containers: u32,
    pub containers: u32,
    pub restarts: u32,
    pub created: Option<DateTime<Utc>>,
    pub node: Option<String>,
    /// The template hash label, to group pods by revision.
    pub hash: Option<String>,
    /// The revision of the ReplicaSet that owns it.
    pub revision: Option<u64>,
    /// `containerStatuses[0].imageID`: the digest actually running.
    pub image_id: Option<String>,
    pub image: Option<String>,
    /// CPU and memory from `metrics.k8s.io`, when served.
    pub usage: Option<Usage>,
}

impl Pod {
    pub fn is_ready(&self) -> bool {
        self.containers > 0 && self.ready_containers == self.containers
    }
}

/// A pod's usage summed over its containers.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Usage {
    pub cpu_millicores: f64,
    pub memory_bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Event {
    pub warning: bool,
    pub reason: String,
    pub message: String,
    /// `Pod/shop-abc12`.
    pub object: String,
    pub count: u32,
    pub last: Option<DateTime<Utc>>,
}

/// Whether an action is allowed, as a SelfSubjectAccessReview answered.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Allowed {
    /// Not asked yet (or the cluster could not answer).
    #[default]
    Unknown,
    Yes,
    /// No, and why, in words ("RBAC: cannot patch deployments.apps in production").
    No(String),
}

impl Allowed {
    pub fn denied(&self) -> Option<&str> {
        match self {
            Allowed::No(why) => Some(why),
            _ => None,
        }
    }
}

/// What the user may do to this workload.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Access {
    /// `kubectl rollout undo` / `kubectl argo rollouts undo`: patch the workload.
    pub rollback: Allowed,
    /// Argo's promote, abort and retry: patch the rollout's status.
    pub canary: Allowed,
}

/// Pods in the order the pane lists them: newest revision first, then by name.
pub fn sort_pods(pods: &mut [Pod]) {
    pods.sort_by(|a, b| {
        b.revision
            .cmp(&a.revision)
            .then_with(|| a.name.cmp(&b.name))
    });
}

/// Events in the order the pane lists them: warnings first, then newest first.
pub fn sort_events(events: &mut [Event]) {
    events.sort_by(|a, b| b.warning.cmp(&a.warning).then_with(|| b.last.cmp(&a.last)));
}
