//! Who may do what: the bearer token names a user, each user has a role, and the role answers
//! both `SelfSubjectAccessReview` (what `kubectl auth can-i` posts) and every write, so a review
//! that says "no" and the 403 a write then gets always agree.

use std::collections::BTreeMap;

use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use super::KubeDeps;
use super::http::{Req, json_response, lock, status_error};

/// What a user may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Role {
    /// Everything, everywhere.
    Admin,
    /// Reads everywhere; writes everywhere except in these namespaces.
    ReadOnlyIn(Vec<String>),
}

/// The users the cluster knows, by token. With none registered (unit tests), every request is
/// an administrator's.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rbac {
    users: BTreeMap<String, (String, Role)>,
}

/// One request's attributes, as a review names them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Attrs {
    pub(crate) verb: String,
    pub(crate) group: String,
    pub(crate) resource: String,
    pub(crate) subresource: String,
    pub(crate) namespace: String,
}

const READS: &[&str] = &["get", "list", "watch"];

impl Rbac {
    pub(crate) fn add(&mut self, token: &str, user: &str, role: Role) {
        self.users
            .insert(token.to_string(), (user.to_string(), role));
    }

    /// The user a bearer token names; `None` for an unknown token when users are registered. A
    /// request without a token is an administrator's, as on the apiserver's old insecure port:
    /// kubectl sends no token over plain HTTP, so per-user RBAC needs `--tls`.
    pub(crate) fn user(&self, bearer: Option<&str>) -> Option<(String, Role)> {
        let Some(token) = bearer.filter(|_| !self.users.is_empty()) else {
            return Some(("system:admin".into(), Role::Admin));
        };
        self.users.get(token).cloned()
    }

    /// Whether `role` allows `a`, and why (the reason a review reports).
    pub(crate) fn decide(user: &str, role: &Role, a: &Attrs) -> (bool, String) {
        match role {
            Role::Admin => (
                true,
                format!(
                    "RBAC: allowed by ClusterRoleBinding \"cluster-admin\" of ClusterRole \"cluster-admin\" to User \"{user}\""
                ),
            ),
            Role::ReadOnlyIn(nss) => {
                let read = READS.contains(&a.verb.as_str());
                if read || !nss.contains(&a.namespace) {
                    (
                        true,
                        format!("RBAC: allowed by RoleBinding \"edit\" to User \"{user}\""),
                    )
                } else {
                    (
                        false,
                        format!(
                            "user \"{user}\" may only read in namespace \"{}\"",
                            a.namespace
                        ),
                    )
                }
            }
        }
    }
}

/// The apiserver's words for a refused request.
pub(crate) fn forbidden(user: &str, a: &Attrs, name: &str) -> Response {
    let what = if a.subresource.is_empty() {
        a.resource.clone()
    } else {
        format!("{}/{}", a.resource, a.subresource)
    };
    let qualified = if a.group.is_empty() {
        a.resource.clone()
    } else {
        format!("{}.{}", a.resource, a.group)
    };
    let message = format!(
        "{qualified} \"{name}\" is forbidden: User \"{user}\" cannot {} resource \"{what}\" in API group \"{}\" in the namespace \"{}\"",
        a.verb, a.group, a.namespace
    );
    status_error(
        403,
        "Forbidden",
        &message,
        json!({"name": name, "group": a.group, "kind": a.resource}),
    )
}

fn unauthorized() -> Response {
    status_error(401, "Unauthorized", "Unauthorized", Value::Null)
}

/// The verb a write is, as RBAC names it.
pub(crate) fn verb_of(method: &Method) -> &'static str {
    match *method {
        Method::PATCH => "patch",
        Method::PUT => "update",
        Method::DELETE => "delete",
        Method::POST => "create",
        _ => "get",
    }
}

/// Checks the request's user before it is routed: an unknown token is 401, a write the user's role
/// forbids is 403; a SelfSubjectAccessReview is answered here. `None`: go on.
pub(crate) fn gate(deps: &KubeDeps, req: &Req) -> Option<Response> {
    let rbac = lock(deps).rbac.clone();
    let Some((user, role)) = rbac.user(req.bearer.as_deref()) else {
        return Some(unauthorized());
    };
    if req.method == Method::POST
        && req.path.trim_end_matches('/')
            == "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"
    {
        return Some(review(&user, &role, req));
    }
    if matches!(req.method, Method::GET | Method::HEAD) {
        return None;
    }
    let t = super::http::parse_target(&req.path)?;
    let a = Attrs {
        verb: verb_of(&req.method).into(),
        group: t.kind.group().into(),
        resource: t.kind.plural().into(),
        subresource: t.sub.clone().unwrap_or_default(),
        namespace: t.ns.clone().unwrap_or_default(),
    };
    match Rbac::decide(&user, &role, &a) {
        (true, _) => None,
        (false, _) => Some(forbidden(&user, &a, t.name.as_deref().unwrap_or(""))),
    }
}

/// `POST .../selfsubjectaccessreviews`: the review with its status filled in, as the apiserver
/// answers (201). Non-resource requests (`/healthz`, `/version`) are allowed to everyone.
fn review(user: &str, role: &Role, req: &Req) -> Response {
    let parsed = if req
        .content_type
        .starts_with("application/vnd.kubernetes.protobuf")
    {
        super::proto::access_review(&req.body)
    } else {
        serde_json::from_slice::<Value>(&req.body).ok()
    };
    let Some(mut body) = parsed else {
        return status_error(
            400,
            "BadRequest",
            "the body is not a SelfSubjectAccessReview",
            Value::Null,
        );
    };
    let attrs = &body["spec"]["resourceAttributes"];
    let s = |k: &str| attrs[k].as_str().unwrap_or("").to_string();
    let (allowed, reason) = if attrs.is_object() {
        let a = Attrs {
            verb: s("verb"),
            group: s("group"),
            resource: s("resource"),
            subresource: s("subresource"),
            namespace: s("namespace"),
        };
        Rbac::decide(user, role, &a)
    } else {
        let verb = body["spec"]["nonResourceAttributes"]["verb"]
            .as_str()
            .unwrap_or("");
        (verb == "get", String::new())
    };
    body["kind"] = json!("SelfSubjectAccessReview");
    body["apiVersion"] = json!("authorization.k8s.io/v1");
    if body["metadata"].is_null() {
        body["metadata"] = json!({});
    }
    body["status"] = if allowed {
        json!({"allowed": true, "reason": reason})
    } else {
        json!({"allowed": false, "reason": reason})
    };
    json_response(StatusCode::CREATED, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(verb: &str, ns: &str) -> Attrs {
        Attrs {
            verb: verb.into(),
            group: "apps".into(),
            resource: "deployments".into(),
            namespace: ns.into(),
            ..Attrs::default()
        }
    }

    #[test]
    fn a_read_only_user_writes_outside_production_only() {
        let role = Role::ReadOnlyIn(vec!["production".into()]);
        assert!(Rbac::decide("intern", &role, &a("get", "production")).0);
        assert!(!Rbac::decide("intern", &role, &a("patch", "production")).0);
        assert!(Rbac::decide("intern", &role, &a("patch", "staging")).0);
        assert!(Rbac::decide("oncall", &Role::Admin, &a("patch", "production")).0);
        let mut rbac = Rbac::default();
        assert!(
            rbac.user(Some("any")).is_some(),
            "no users registered: all admin"
        );
        rbac.add("t1", "intern", role);
        assert!(rbac.user(Some("other")).is_none());
        assert_eq!(
            rbac.user(None).map(|u| u.1),
            Some(Role::Admin),
            "no token: insecure port"
        );
        assert_eq!(
            rbac.user(Some("t1")).map(|u| u.0).as_deref(),
            Some("intern")
        );
    }
}
