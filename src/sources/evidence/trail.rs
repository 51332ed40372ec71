//! Compliance's "audit trail complete": every review decision on the deployments that brought the
//! commit this far has its record in gantry's own trail (a decision taken elsewhere, on the web
//! or by another tool, has none, and the gate says so by name).

use std::path::Path;

use crate::audit::{Action, Content, Entry, Reader};
use crate::gates::{AuditTrail, Piece};

/// A reviewer's decision on one environment of a CD run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reviewed {
    pub run: u64,
    pub environment: String,
    pub user: String,
    pub approved: bool,
}

/// Checks `decisions` against the trail at `path` (`None`: the trail is off). A missing file is an
/// empty trail.
pub fn check(path: Option<&Path>, decisions: &[Reviewed]) -> Piece<AuditTrail> {
    let Some(path) = path else {
        return Piece::Unreadable("gantry's audit trail is off ([audit] enabled = false)".into());
    };
    let reader = match Reader::load(path) {
        Ok(r) => r,
        Err(e) => return Piece::Unreadable(format!("{}: {e}", path.display())),
    };
    let recorded = |d: &Reviewed| {
        let want = if d.approved {
            Action::Approve
        } else {
            Action::Reject
        };
        reader.lines().iter().any(|line| match &line.content {
            Content::Record(r) => match &r.entry {
                Entry::Intent(i) => {
                    i.action == want
                        && i.target.run == Some(d.run)
                        && i.target.environments.contains(&d.environment)
                }
                _ => false,
            },
            _ => false,
        })
    };
    let missing = decisions
        .iter()
        .filter(|d| !recorded(d))
        .map(|d| {
            let verb = if d.approved { "approval" } else { "rejection" };
            format!("{}'s {verb} of {} (run {})", d.user, d.environment, d.run)
        })
        .collect();
    Piece::Present(AuditTrail {
        deployments: u32::try_from(decisions.len()).unwrap_or(u32::MAX),
        missing,
    })
}
