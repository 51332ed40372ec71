//! The records of the trail, as written: one JSON object per line. Callers build an [`Intent`]
//! before a request and an [`Outcome`] after it; the writer adds the chain fields, the time and
//! the actor.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The format version written in every record's `"v"`.
pub const FORMAT_VERSION: u32 = 1;

/// One line of the trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Always [`FORMAT_VERSION`] for records this build writes.
    pub v: u32,
    /// 1 for the first record, then one more for each record.
    pub seq: u64,
    /// SHA-256 (lowercase hex) of the previous record's line, without its newline;
    /// [`super::GENESIS`] for the first record.
    pub prev: String,
    /// Lines between the previous record and this one that were not records (a writer killed
    /// mid-write), acknowledged by the writer that found them. Verify checks them against the file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<Skipped>,
    /// When the writer held the lock, UTC, to the millisecond.
    pub time: DateTime<Utc>,
    pub actor: Actor,
    #[serde(flatten)]
    pub entry: Entry,
}

/// A non-record line acknowledged by the record after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// Its length in bytes, without the newline the recovering writer added.
    pub bytes: u64,
    /// SHA-256 (hex) of those bytes.
    pub sha256: String,
}

/// Who acted: the GitHub login when known, the OS user and the host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login: Option<String>,
    pub user: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<u32>,
    pub host: String,
}

/// What a record says: an action about to be requested, or how it ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Entry {
    Intent(Intent),
    Outcome(Outcome),
}

/// Every action that changes something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Approve,
    Reject,
    Rerun,
    Cancel,
    Dispatch,
    Rollback,
    Promote,
    Abort,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Approve => "approve",
            Action::Reject => "reject",
            Action::Rerun => "rerun",
            Action::Cancel => "cancel",
            Action::Dispatch => "dispatch",
            Action::Rollback => "rollback",
            Action::Promote => "promote",
            Action::Abort => "abort",
        }
    }
}

/// Where the action was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Tui,
    Cli,
}

/// What the action is about; fill what applies.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// `owner/name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workflow: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<u64>,
    /// GitHub environments, by name (their ids go in the parameters the request carries).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub environments: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha: Option<String>,
    /// A Kubernetes revision (rollback) or a version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<Workload>,
}

/// A Kubernetes workload, as the kubeconfig context names its cluster.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workload {
    pub context: String,
    pub namespace: String,
    /// `kind/name`, e.g. `deployment/shop`.
    pub workload: String,
}

/// A gate verdict as the user saw it when deciding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub gate: String,
    /// pass, fail, pending, unknown... as the gates pane words it.
    pub verdict: String,
    /// The figures with their thresholds, e.g. "coverage 92.4% > 90%".
    pub summary: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A commit the action would ship, as listed in the dialog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commit {
    pub sha: String,
    pub author: String,
    /// First line of the message.
    pub message: String,
}

/// An action about to be requested. Written, and synced to disk, before the request goes out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Intent {
    pub action: Action,
    pub origin: Origin,
    pub target: Target,
    /// What the request carries beyond the target (environment_ids, state, inputs, step...).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commits: Vec<Commit>,
}

impl Intent {
    pub fn new(action: Action, origin: Origin, target: Target) -> Intent {
        Intent {
            action,
            origin,
            target,
            params: BTreeMap::new(),
            comment: None,
            evidence: Vec::new(),
            commits: Vec::new(),
        }
    }

    /// Adds a parameter; a value that does not serialise is recorded as null.
    pub fn param(mut self, name: &str, value: impl Serialize) -> Intent {
        let value = serde_json::to_value(value).unwrap_or(serde_json::Value::Null);
        self.params.insert(name.to_owned(), value);
        self
    }

    /// The outcome of this intent, once written as `receipt`.
    pub fn outcome(&self, receipt: &super::Receipt, result: ActionResult) -> Outcome {
        Outcome {
            intent: receipt.seq,
            intent_hash: receipt.hash.clone(),
            action: self.action,
            target: self.target.clone(),
            result,
        }
    }
}

/// How an action ended. Names its intent by sequence number and hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub intent: u64,
    pub intent_hash: String,
    /// Repeated from the intent so each line reads on its own.
    pub action: Action,
    pub target: Target,
    pub result: ActionResult,
}

/// The result of an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionResult {
    pub status: Status,
    /// Whether the request left gantry. A refusal before sending (read-only, no longer pending,
    /// not a reviewer) is `false`; a timeout after sending is `true`.
    pub sent: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http: Option<u16>,
    pub message: String,
}

/// ok: done. refused: gantry or the server said no for a reason of the user's (read-only, not a
/// reviewer, no longer pending, 4xx). failed: it could not be done (network, timeout, 5xx).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    Refused,
    Failed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Refused => "refused",
            Status::Failed => "failed",
        }
    }
}

impl Entry {
    pub fn action(&self) -> Action {
        match self {
            Entry::Intent(i) => i.action,
            Entry::Outcome(o) => o.action,
        }
    }

    pub fn target(&self) -> &Target {
        match self {
            Entry::Intent(i) => &i.target,
            Entry::Outcome(o) => &o.target,
        }
    }
}

impl ActionResult {
    /// Done; `http` is the status GitHub or the cluster answered.
    pub fn ok(http: Option<u16>, message: impl Into<String>) -> ActionResult {
        ActionResult {
            status: Status::Ok,
            sent: true,
            http,
            message: message.into(),
        }
    }

    /// Refused before anything was sent (read-only, no longer pending, not a reviewer...).
    pub fn refused_unsent(message: impl Into<String>) -> ActionResult {
        ActionResult {
            status: Status::Refused,
            sent: false,
            http: None,
            message: message.into(),
        }
    }

    /// Sent, and the server refused it (a 4xx such as 422).
    pub fn refused(http: u16, message: impl Into<String>) -> ActionResult {
        ActionResult {
            status: Status::Refused,
            sent: true,
            http: Some(http),
            message: message.into(),
        }
    }

    /// Could not be done: `sent` says whether the request may have reached the server.
    pub fn failed(sent: bool, http: Option<u16>, message: impl Into<String>) -> ActionResult {
        ActionResult {
            status: Status::Failed,
            sent,
            http,
            message: message.into(),
        }
    }
}
