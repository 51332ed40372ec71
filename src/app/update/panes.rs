//! Questions `update` asks of the panes' data.

use crate::model::github::{Snapshot, Status};

/// A job of the pipeline is running, so its elapsed time changes every second.
pub(super) fn something_runs(snap: &Snapshot) -> bool {
    let (ci, cd) = snap.pipeline();
    ci.into_iter()
        .chain(cd)
        .flat_map(|r| snap.jobs_of(r))
        .any(|j| j.status == Status::Running)
}
