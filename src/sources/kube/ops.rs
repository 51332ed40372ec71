//! Writes to the cluster, for the action task and the CLI: the rollback `kubectl rollout undo` (or
//! Argo's `undo`) sends, re-planned from what the cluster holds at that moment, and the status
//! patches the `kubectl argo rollouts` plugin sends to promote, abort and retry a canary. Never
//! retried by themselves; the answer is mapped to what the audit trail records.

use k8s_openapi::api::apps::v1::ReplicaSet;
use kube::api::{Api, ListParams};
use serde_json::{Value, json};

use super::convert;
use super::{Clusters, Trouble};
use crate::audit::ActionResult;
use crate::model::kube::canary::CanaryOp;
use crate::model::kube::history::{Undo, plan_undo};
use crate::model::kube::{Kind, Link, Revision, Target, Workload};

/// The workload and its revisions, read now.
pub struct Fetched {
    pub client: kube::Client,
    pub namespace: String,
    pub workload: Workload,
    pub revisions: Vec<Revision>,
    pub raw: Value,
}

fn base(kind: Kind, ns: &str, name: &str) -> String {
    match kind {
        Kind::Deployment => format!("/apis/apps/v1/namespaces/{ns}/deployments/{name}"),
        Kind::Rollout => format!("/apis/argoproj.io/v1alpha1/namespaces/{ns}/rollouts/{name}"),
    }
}

/// Reads the workload and its ReplicaSets, as `kubectl rollout undo` does before patching; a
/// failure says what it means for the link (forbidden, unreachable, not found).
pub async fn fetch(clusters: &Clusters, t: &Target) -> Result<Fetched, Trouble> {
    let client = clusters
        .client(t.context.as_deref())
        .await
        .map_err(|e| Trouble {
            link: Link::Misconfigured,
            message: e.to_string(),
        })?;
    let ns = if t.namespace.is_empty() {
        client.default_namespace().to_string()
    } else {
        t.namespace.clone()
    };
    let req = http::Request::get(base(t.kind, &ns, &t.name))
        .body(Vec::new())
        .map_err(|e| Trouble {
            link: Link::Misconfigured,
            message: e.to_string(),
        })?;
    let raw: Value = client
        .request(req)
        .await
        .map_err(|e| super::classify::client_error(&e))?;
    let workload = convert::workload(t.kind, &raw);
    let uid = raw
        .pointer("/metadata/uid")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let rss = Api::<ReplicaSet>::namespaced(client.clone(), &ns)
        .list(&ListParams::default())
        .await
        .map_err(|e| super::classify::client_error(&e))?;
    let mut revisions: Vec<Revision> = rss
        .items
        .iter()
        .filter(|rs| convert::controlled_by(rs.metadata.owner_references.as_ref(), &uid))
        .map(|rs| convert::revision(t.kind, rs, &workload.template))
        .collect();
    revisions.sort_by_key(|r| std::cmp::Reverse(r.number));
    Ok(Fetched {
        client,
        namespace: ns,
        workload,
        revisions,
        raw,
    })
}

/// Sends `body` as a PATCH of `content_type` to `path`; the server's answer, or the result to record.
async fn patch(
    client: &kube::Client,
    path: &str,
    content_type: &str,
    body: &Value,
    dry_run: bool,
) -> Result<Value, ActionResult> {
    let url = if dry_run {
        format!("{path}?dryRun=All")
    } else {
        path.to_string()
    };
    let req = http::Request::patch(url)
        .header(http::header::CONTENT_TYPE, content_type)
        .body(serde_json::to_vec(body).unwrap_or_default())
        .map_err(|e| ActionResult::refused_unsent(e.to_string()))?;
    match client.request::<Value>(req).await {
        Ok(v) => Ok(v),
        Err(kube::Error::Api(s)) if (400..500).contains(&s.code) => Err(ActionResult::refused(
            s.code,
            crate::sanitize::clean(&s.message),
        )),
        Err(kube::Error::Api(s)) => Err(ActionResult::failed(
            true,
            Some(s.code),
            crate::sanitize::clean(&s.message),
        )),
        Err(e) => {
            let connect = matches!(e, kube::Error::HyperError(_) | kube::Error::Service(_));
            Err(ActionResult::failed(
                !connect,
                None,
                crate::sanitize::clean(&e.to_string()),
            ))
        }
    }
}

/// Plans the rollback of `t` to `revision` (0: the previous) from the cluster as it is now.
pub async fn plan(
    clusters: &Clusters,
    t: &Target,
    revision: u64,
) -> Result<(Fetched, Undo), String> {
    let f = fetch(clusters, t).await.map_err(|t| t.message)?;
    let undo = plan_undo(&f.workload, &f.revisions, revision).map_err(|e| e.to_string())?;
    Ok((f, undo))
}

/// Rolls `t` back to `revision`. With `expect_uid`, refuses unless that revision is still the
/// ReplicaSet the user confirmed: a revision that vanished or was reused is not guessed at.
pub async fn rollback(
    clusters: &Clusters,
    t: &Target,
    revision: u64,
    expect_uid: Option<&str>,
    dry_run: bool,
) -> ActionResult {
    let (f, undo) = match plan(clusters, t, revision).await {
        Ok(p) => p,
        Err(e) => return ActionResult::refused_unsent(e),
    };
    if let Some(uid) = expect_uid
        && uid != undo.uid
    {
        return ActionResult::refused_unsent(format!(
            "revision {revision} is no longer the one you confirmed (its ReplicaSet changed); nothing was sent"
        ));
    }
    let path = base(t.kind, &f.namespace, &t.name);
    match patch(
        &f.client,
        &path,
        "application/json-patch+json",
        &undo.patch,
        dry_run,
    )
    .await
    {
        Ok(_) if dry_run => ActionResult::ok(
            Some(200),
            format!(
                "dry run: the server accepted the rollback of {} to revision {}; nothing changed",
                t.workload(),
                undo.revision
            ),
        ),
        Ok(_) => ActionResult::ok(
            Some(200),
            format!("{} rolled back to revision {}", t.workload(), undo.revision),
        ),
        Err(r) => r,
    }
}

/// The `kubectl argo rollouts` plugin's promote, promote --full, abort and retry.
pub async fn canary(clusters: &Clusters, t: &Target, op: CanaryOp) -> ActionResult {
    let f = match fetch(clusters, t).await {
        Ok(f) => f,
        Err(e) => return ActionResult::refused_unsent(e.message),
    };
    let Some(c) = f.workload.canary.as_ref() else {
        return ActionResult::refused_unsent(format!("{} has no canary", t.workload()));
    };
    let path = base(t.kind, &f.namespace, &t.name);
    let status = format!("{path}/status");
    let merge = "application/merge-patch+json";
    let result = match op {
        CanaryOp::Abort => {
            patch(
                &f.client,
                &status,
                merge,
                &json!({"status": {"abort": true}}),
                false,
            )
            .await
        }
        CanaryOp::Retry => {
            if !c.aborted {
                return ActionResult::refused_unsent(
                    "the rollout is not aborted: nothing to retry",
                );
            }
            patch(
                &f.client,
                &status,
                merge,
                &json!({"status": {"abort": false}}),
                false,
            )
            .await
        }
        CanaryOp::PromoteFull => {
            if !c.in_progress() {
                return ActionResult::refused_unsent("the rollout is already fully promoted");
            }
            patch(
                &f.client,
                &status,
                merge,
                &json!({"status": {"promoteFull": true}}),
                false,
            )
            .await
        }
        CanaryOp::Promote => {
            if f.workload.paused {
                let r = patch(
                    &f.client,
                    &path,
                    merge,
                    &json!({"spec": {"paused": false}}),
                    false,
                )
                .await;
                if let Err(e) = r {
                    return e;
                }
            }
            let body = if c.pause_reasons.is_empty() && c.current_step < c.steps.len() {
                // Not paused at a step: skip the current one, as the plugin does.
                json!({"status": {"pauseConditions": null, "currentStepIndex": c.current_step + 1}})
            } else {
                json!({"status": {"pauseConditions": null}})
            };
            patch(&f.client, &status, merge, &body, false).await
        }
    };
    match result {
        Ok(_) => ActionResult::ok(Some(200), format!("{}: {}", t.workload(), op.done())),
        Err(r) => r,
    }
}
