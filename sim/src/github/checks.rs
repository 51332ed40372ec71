//! Check runs (one per job, as Actions does) and their annotations, the combined commit status, and
//! code-scanning alerts.

use axum::extract::Path;
use axum::response::Response;
use serde_json::{Value, json};

use super::http::{json_response, not_found, paged};
use super::render::{self, REPO, ts};
use super::{Q, St};
use crate::driver::lock;
use crate::world::model::Job;

pub(crate) async fn for_ref(
    st: St,
    Path((_, _, git_ref)): Path<(String, String, String)>,
    q: Q,
    uri: axum::http::Uri,
) -> Response {
    let w = lock(&st.sim.world);
    let Some(c) = w.resolve(&git_ref) else {
        return json_response(
            422,
            &json!({"message": format!("No commit found for SHA: {git_ref}"), "documentation_url": super::http::DOCS, "status": "422"}),
        );
    };
    let all = q.get("filter").is_some_and(|f| f == "all");
    let mut jobs: Vec<&Job> = w
        .jobs
        .iter()
        .filter(|j| {
            w.run(j.run_id)
                .is_some_and(|r| r.head_sha == c.sha && (all || r.run_attempt == j.run_attempt))
        })
        .filter(|j| q.get("check_name").is_none_or(|n| &j.name == n))
        .filter(|j| q.get("status").is_none_or(|s| j.status.as_str() == s))
        .collect();
    jobs.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    if !all {
        // Latest check run per name, as `filter=latest` does.
        let mut seen = std::collections::HashSet::new();
        jobs.retain(|j| seen.insert(j.name.clone()));
    }
    let items = jobs
        .into_iter()
        .map(|j| render::check_run(&st.base, &w, j))
        .collect();
    paged(&st, uri.path(), &q, items, Some("check_runs"))
}

pub(crate) async fn annotations(
    st: St,
    Path((_, _, id)): Path<(String, String, u64)>,
    q: Q,
    uri: axum::http::Uri,
) -> Response {
    let w = lock(&st.sim.world);
    let Some(j) = w.job(id) else {
        return not_found();
    };
    let sha = w
        .run(j.run_id)
        .map(|r| r.head_sha.clone())
        .unwrap_or_default();
    let items = j
        .annotations
        .iter()
        .map(|a| {
            json!({"path": a.path, "blob_href": format!("https://github.com/{REPO}/blob/{sha}/{}", a.path),
                   "start_line": a.line, "end_line": a.line, "start_column": null, "end_column": null,
                   "annotation_level": a.level, "title": a.title, "message": a.message, "raw_details": null})
        })
        .collect();
    paged(&st, uri.path(), &q, items, None)
}

pub(crate) async fn combined_status(
    st: St,
    Path((_, _, git_ref)): Path<(String, String, String)>,
) -> Response {
    let w = lock(&st.sim.world);
    let Some(c) = w.resolve(&git_ref) else {
        return not_found();
    };
    let statuses: Vec<_> = w
        .commit_statuses
        .iter()
        .filter(|s| s.sha == c.sha)
        .collect();
    let state = if statuses
        .iter()
        .any(|s| s.state == "failure" || s.state == "error")
    {
        "failure"
    } else if statuses.is_empty() || statuses.iter().any(|s| s.state == "pending") {
        "pending"
    } else {
        "success"
    };
    let items: Vec<Value> = statuses
        .iter()
        .map(|s| {
            json!({"url": format!("{}/repos/{REPO}/statuses/{}", st.base, s.sha), "avatar_url": "https://avatars.githubusercontent.com/in/254?v=4",
                   "id": s.id, "node_id": render::node("SC", s.id), "state": s.state, "description": s.description,
                   "target_url": s.target_url, "context": s.context, "created_at": ts(s.created_at), "updated_at": ts(s.created_at)})
        })
        .collect();
    json_response(
        200,
        &json!({
            "state": state, "statuses": items, "sha": c.sha, "total_count": statuses.len(),
            "repository": render::repository(&st.base, &w),
            "commit_url": format!("{}/repos/{REPO}/commits/{}", st.base, c.sha),
            "url": format!("{}/repos/{REPO}/commits/{}/status", st.base, c.sha),
        }),
    )
}

pub(crate) async fn alerts(
    st: St,
    Path((_, _)): Path<(String, String)>,
    q: Q,
    uri: axum::http::Uri,
) -> Response {
    let w = lock(&st.sim.world);
    let mut list: Vec<_> = w
        .alerts
        .iter()
        .filter(|a| q.get("state").is_none_or(|s| a.state == s))
        .filter(|a| {
            q.get("severity")
                .is_none_or(|s| a.security_severity == s || a.severity == s)
        })
        .filter(|_| {
            q.get("tool_name")
                .is_none_or(|t| t.eq_ignore_ascii_case("trivy"))
        })
        .collect();
    list.sort_by_key(|a| std::cmp::Reverse(a.number));
    let items = list
        .into_iter()
        .map(|a| {
            let u = format!("{}/repos/{REPO}/code-scanning/alerts/{}", st.base, a.number);
            json!({
                "number": a.number, "created_at": ts(a.created_at), "updated_at": ts(a.fixed_at.unwrap_or(a.created_at)),
                "url": u, "html_url": format!("https://github.com/{REPO}/security/code-scanning/{}", a.number),
                "instances_url": format!("{u}/instances"), "state": a.state, "fixed_at": a.fixed_at.map(ts),
                "dismissed_by": null, "dismissed_at": null, "dismissed_reason": null, "dismissed_comment": null,
                "rule": {"id": a.rule_id, "name": a.rule_name, "severity": a.severity, "security_severity_level": a.security_severity,
                         "description": a.description, "full_description": a.description, "tags": ["security", "vulnerability"],
                         "help": null, "help_uri": format!("https://avd.aquasec.com/nvd/{}", a.rule_id.to_lowercase())},
                "tool": {"name": "Trivy", "guid": null, "version": "0.57.1"},
                "most_recent_instance": {
                    "ref": "refs/heads/main", "analysis_key": ".github/workflows/enterprise-ci.yml:security-analysis",
                    "environment": "{}", "category": ".github/workflows/enterprise-ci.yml:security-analysis",
                    "state": a.state, "commit_sha": a.sha,
                    "message": {"text": format!("Package: {}\nSeverity: {}", a.description.split(':').next().unwrap_or(""), a.security_severity.to_uppercase())},
                    "location": {"path": a.path, "start_line": a.line, "end_line": a.line, "start_column": 1, "end_column": 1},
                    "classifications": []
                }
            })
        })
        .collect();
    paged(&st, uri.path(), &q, items, None)
}
