//! The authenticated user and the rate-limit overview (which costs no budget, as on GitHub).

use axum::extract::Extension;
use axum::response::Response;
use serde_json::json;

use super::http::{LIMIT, Who, json_response};
use super::{St, render};
use crate::driver::lock;

pub(crate) async fn get_user(st: St, Extension(who): Extension<Who>) -> Response {
    let w = lock(&st.sim.world);
    let mut v = render::user(&st.base, &w, &who.0);
    let name = w.user(&who.0).map(|u| u.name.clone());
    if let Some(o) = v.as_object_mut() {
        for (k, val) in [
            ("name", json!(name)),
            ("company", json!("@acme")),
            ("blog", json!("")),
            ("location", json!(null)),
            ("email", json!(null)),
            ("hireable", json!(null)),
            ("bio", json!(null)),
            ("twitter_username", json!(null)),
            ("public_repos", json!(3)),
            ("public_gists", json!(0)),
            ("followers", json!(4)),
            ("following", json!(2)),
            ("created_at", json!("2019-05-14T08:21:09Z")),
            ("updated_at", json!("2026-10-30T12:00:00Z")),
            ("private_gists", json!(0)),
            ("total_private_repos", json!(5)),
            ("owned_private_repos", json!(1)),
            ("disk_usage", json!(20_480)),
            ("collaborators", json!(0)),
            ("two_factor_authentication", json!(true)),
        ] {
            o.insert(k.into(), val);
        }
    }
    json_response(200, &v)
}

pub(crate) async fn rate_limit(st: St, Extension(who): Extension<Who>) -> Response {
    let now = lock(&st.sim.world).now.timestamp();
    let (used, reset) = {
        let rate = lock(&st.rate);
        rate.get(&who.0)
            .copied()
            .filter(|(_, r)| now < *r)
            .unwrap_or((0, now + 3600))
    };
    let core = json!({"limit": LIMIT, "used": used, "remaining": LIMIT.saturating_sub(used), "reset": reset, "resource": "core"});
    let other = |limit: u64, res: &str| json!({"limit": limit, "used": 0, "remaining": limit, "reset": now + 60, "resource": res});
    json_response(
        200,
        &json!({
            "resources": {"core": core, "search": other(30, "search"), "graphql": other(5000, "graphql"),
                          "code_search": other(10, "code_search"), "integration_manifest": other(5000, "integration_manifest")},
            "rate": core,
        }),
    )
}
