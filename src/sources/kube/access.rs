//! What the user may do, asked before it is offered: a SelfSubjectAccessReview (what `kubectl auth
//! can-i` sends) for each request an action needs, so an action RBAC forbids is shown as
//! unavailable, with the reason, instead of failing after the confirmation.

use k8s_openapi::api::authorization::v1::{
    ResourceAttributes, SelfSubjectAccessReview, SelfSubjectAccessReviewSpec,
};
use kube::api::{Api, PostParams};

use crate::model::kube::{Access, Allowed, Kind, Target};

/// One `kubectl auth can-i VERB RESOURCE[/SUB] -n NS`.
pub async fn can_i(
    client: &kube::Client,
    ns: &str,
    verb: &str,
    group: &str,
    resource: &str,
    sub: Option<&str>,
) -> Allowed {
    let review = SelfSubjectAccessReview {
        spec: SelfSubjectAccessReviewSpec {
            resource_attributes: Some(ResourceAttributes {
                namespace: Some(ns.into()),
                verb: Some(verb.into()),
                group: Some(group.into()),
                resource: Some(resource.into()),
                subresource: sub.map(str::to_string),
                ..ResourceAttributes::default()
            }),
            ..SelfSubjectAccessReviewSpec::default()
        },
        ..SelfSubjectAccessReview::default()
    };
    let api: Api<SelfSubjectAccessReview> = Api::all(client.clone());
    match api.create(&PostParams::default(), &review).await {
        Ok(r) => match r.status {
            Some(s) if s.allowed => Allowed::Yes,
            Some(s) => {
                let what = match sub {
                    Some(sub) => format!("{resource}/{sub}"),
                    None => resource.to_string(),
                };
                let qualified = if group.is_empty() {
                    what
                } else {
                    format!("{what}.{group}")
                };
                let reason = s
                    .reason
                    .filter(|r| !r.is_empty())
                    .map(|r| format!(" ({})", crate::sanitize::clean(&r)))
                    .unwrap_or_default();
                Allowed::No(format!(
                    "RBAC: you may not {verb} {qualified} in {ns}{reason}"
                ))
            }
            None => Allowed::Unknown,
        },
        Err(e) => {
            tracing::info!("access review of {verb} {resource} in {ns} failed: {e}");
            Allowed::Unknown
        }
    }
}

/// The first refusal among `checks`, else yes (unknown if any is unknown).
fn all(checks: Vec<Allowed>) -> Allowed {
    if let Some(no) = checks.iter().find(|a| a.denied().is_some()) {
        return no.clone();
    }
    if checks.contains(&Allowed::Unknown) {
        Allowed::Unknown
    } else {
        Allowed::Yes
    }
}

/// The reviews each of `t`'s actions needs.
pub async fn review(client: &kube::Client, ns: &str, t: &Target) -> Access {
    match t.kind {
        Kind::Deployment => Access {
            rollback: all(vec![
                can_i(client, ns, "patch", "apps", "deployments", None).await,
                can_i(client, ns, "list", "apps", "replicasets", None).await,
            ]),
            canary: Allowed::No("a Deployment has no canary".into()),
        },
        Kind::Rollout => Access {
            rollback: all(vec![
                can_i(client, ns, "patch", "argoproj.io", "rollouts", None).await,
                can_i(client, ns, "list", "apps", "replicasets", None).await,
            ]),
            canary: can_i(
                client,
                ns,
                "patch",
                "argoproj.io",
                "rollouts",
                Some("status"),
            )
            .await,
        },
    }
}
