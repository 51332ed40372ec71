//! What a rollback will do, in lines: the same words in the TUI's dialog and in `gantry rollback`,
//! so what the user confirms reads the same wherever it is asked.

use super::history::Undo;
use super::{Kind, Revision, Target, Workload};
use crate::audit;

/// The rollback of `target` (environment `env`) to `undo.revision`: from, to, the change-cause,
/// the pod-template changes, and the kubectl command it is equivalent to.
pub fn rollback_lines(
    env: &str,
    target: &Target,
    w: &Workload,
    revisions: &[Revision],
    undo: &Undo,
) -> Vec<String> {
    let current = w.current_revision(revisions);
    let to = revisions.iter().find(|r| r.number == undo.revision);
    let mut body = vec![
        format!("Environment  {env} ({})", target.describe()),
        format!(
            "From         revision {}  {}",
            current.map_or("?".into(), |c| c.to_string()),
            w.images.join(", ")
        ),
        format!(
            "To           revision {}  {}",
            undo.revision,
            to.map(|r| r.images.join(", ")).unwrap_or_default()
        ),
    ];
    if let Some(cause) = to.and_then(|r| r.change_cause.as_deref()) {
        body.push(format!("             {cause}"));
    }
    body.push(String::new());
    body.push("Pod template changes:".into());
    if undo.diff.is_empty() {
        body.push("  (none outside the hash label)".into());
    }
    body.extend(undo.diff.iter().map(|c| format!("  {}", c.line())));
    body.push(String::new());
    // Two short lines: a dialog sizes itself by lines, so one that wraps would push its
    // outcome line out of the box.
    body.push(format!(
        "Sends what `{}` sends:",
        undo_command(target, undo.revision)
    ));
    body.push("one JSON patch of the pod template and annotations.".into());
    body
}

/// The kubectl command a rollback is equivalent to.
pub fn undo_command(target: &Target, revision: u64) -> String {
    match target.kind {
        Kind::Deployment => format!(
            "kubectl rollout undo {} --to-revision={revision}",
            target.workload()
        ),
        Kind::Rollout => format!(
            "kubectl argo rollouts undo {} --to-revision={revision}",
            target.name
        ),
    }
}

/// What the audit trail names as the target of an action on `target` in environment `env`.
pub fn audit_target(env: &str, target: &Target, revision: Option<u64>) -> audit::Target {
    audit::Target {
        environments: vec![env.to_string()],
        revision: revision.map(|r| r.to_string()),
        cluster: Some(audit::Workload {
            context: target.context.clone().unwrap_or_default(),
            namespace: target.namespace.clone(),
            workload: target.workload(),
        }),
        ..audit::Target::default()
    }
}
