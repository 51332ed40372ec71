//! Approving or rejecting pending deployments: read the run's pending deployments again just
//! before sending (another reviewer may have acted, the user may not be allowed), then one POST
//! carrying exactly `{environment_ids, state, comment}`. Called only from the audited path.

use serde_json::json;

use super::fetch::{pending_run, user};
use crate::audit::{ActionResult, Status};
use crate::sources::github::{Client, Etags};

/// Words in a refusal that say the run or environment no longer waits (the CLI's exit status 3).
pub const NOT_PENDING: &str = "no longer";

/// Reviews the chosen environments of `run`; the result says, in words, what happened.
pub async fn review(
    client: &Client,
    repo: &str,
    run: u64,
    chosen: &[(u64, String)],
    approve: bool,
    comment: &str,
) -> ActionResult {
    if chosen.is_empty() {
        return ActionResult::refused_unsent("no environment was chosen: nothing was sent");
    }
    // Fresh ETags: a cached answer must not vouch for "still pending".
    let mut etags = Etags::default();
    let unsent = |why: String| {
        ActionResult::failed(
            false,
            None,
            format!("could not re-read the pending deployments ({why}): nothing was sent"),
        )
    };
    let login = match user(client, &mut etags).await {
        Ok(l) => l,
        Err(e) => return unsent(e.message),
    };
    let now = match pending_run(client, repo, run, Some(&login), &mut etags).await {
        Ok(p) => p,
        Err(e) => return unsent(e.message),
    };
    let Some(now) = now else {
        return ActionResult::refused_unsent(format!(
            "run {run} no longer waits for review (approved or rejected elsewhere?): nothing was sent"
        ));
    };
    for (id, name) in chosen {
        match now.envs.iter().find(|e| e.id == *id) {
            None => {
                return ActionResult::refused_unsent(format!(
                    "{name} is no longer pending (reviewed elsewhere?): nothing was sent"
                ));
            }
            Some(e) => {
                if let Err(why) = &e.may_review {
                    return ActionResult::refused_unsent(format!(
                        "you may not review {name}: {why}; nothing was sent"
                    ));
                }
            }
        }
    }
    let ids: Vec<u64> = chosen.iter().map(|(id, _)| *id).collect();
    let state = if approve { "approved" } else { "rejected" };
    let body = json!({ "environment_ids": ids, "state": state, "comment": comment });
    let mut result = client
        .post(
            &format!("repos/{repo}/actions/runs/{run}/pending_deployments"),
            &body,
        )
        .await;
    if result.status == Status::Ok {
        let names: Vec<&str> = chosen.iter().map(|(_, n)| n.as_str()).collect();
        result.message = if approve {
            format!("approved {}: the run proceeds", names.join(", "))
        } else {
            format!("rejected {}: the run will fail", names.join(", "))
        };
    }
    result
}
