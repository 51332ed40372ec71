//! GitHub's JSON shapes for the world's objects (as in github-rest-subset.json). URLs point at the
//! simulator so a client following them stays on it.

use serde_json::{Value, json};

use crate::commits::Commit;
use crate::world::model::*;
use crate::world::{World, hex40};

pub(crate) const REPO: &str = "acme/shop";
pub(crate) const REPO_ID: u64 = 812_345_678;

pub(crate) fn ts(t: Time) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn ots(t: Option<Time>) -> Value {
    t.map(|t| Value::String(ts(t))).unwrap_or(Value::Null)
}

pub(crate) fn node(kind: &str, id: u64) -> String {
    format!("{kind}_kwDO{}", &hex40(&format!("{kind}{id}"))[..16])
}

pub(crate) fn user(base: &str, w: &World, login: &str) -> Value {
    let id = w.user(login).map(|u| u.id).unwrap_or(1);
    let bot = login.ends_with("[bot]");
    // GitHub percent-encodes bot logins in URLs (`github-actions%5Bbot%5D`).
    let esc = login.replace('[', "%5B").replace(']', "%5D");
    let u = format!("{base}/users/{esc}");
    json!({
        "login": login, "id": id, "node_id": node("U", id),
        "avatar_url": format!("https://avatars.githubusercontent.com/u/{id}?v=4"), "gravatar_id": "",
        "url": u, "html_url": if bot { format!("https://github.com/apps/{}", login.trim_end_matches("[bot]")) } else { format!("https://github.com/{login}") },
        "followers_url": format!("{u}/followers"), "following_url": format!("{u}/following{{/other_user}}"),
        "gists_url": format!("{u}/gists{{/gist_id}}"), "starred_url": format!("{u}/starred{{/owner}}{{/repo}}"),
        "subscriptions_url": format!("{u}/subscriptions"), "organizations_url": format!("{u}/orgs"),
        "repos_url": format!("{u}/repos"), "events_url": format!("{u}/events{{/privacy}}"),
        "received_events_url": format!("{u}/received_events"), "type": if bot { "Bot" } else { "User" },
        "user_view_type": "public", "site_admin": false
    })
}

pub(crate) fn repository(base: &str, w: &World) -> Value {
    let r = format!("{base}/repos/{REPO}");
    let mut v = json!({
        "id": REPO_ID, "node_id": node("R", REPO_ID), "name": "shop", "full_name": REPO, "private": true,
        "owner": user(base, w, "acme"), "html_url": format!("https://github.com/{REPO}"),
        "description": "Acme online shop", "fork": false, "url": r,
    });
    let links = [
        ("archive_url", "/{archive_format}{/ref}"),
        ("assignees_url", "/assignees{/user}"),
        ("blobs_url", "/git/blobs{/sha}"),
        ("branches_url", "/branches{/branch}"),
        ("collaborators_url", "/collaborators{/collaborator}"),
        ("comments_url", "/comments{/number}"),
        ("commits_url", "/commits{/sha}"),
        ("compare_url", "/compare/{base}...{head}"),
        ("contents_url", "/contents/{+path}"),
        ("contributors_url", "/contributors"),
        ("deployments_url", "/deployments"),
        ("downloads_url", "/downloads"),
        ("events_url", "/events"),
        ("forks_url", "/forks"),
        ("git_commits_url", "/git/commits{/sha}"),
        ("git_refs_url", "/git/refs{/sha}"),
        ("git_tags_url", "/git/tags{/sha}"),
        ("hooks_url", "/hooks"),
        ("issue_comment_url", "/issues/comments{/number}"),
        ("issue_events_url", "/issues/events{/number}"),
        ("issues_url", "/issues{/number}"),
        ("keys_url", "/keys{/key_id}"),
        ("labels_url", "/labels{/name}"),
        ("languages_url", "/languages"),
        ("merges_url", "/merges"),
        ("milestones_url", "/milestones{/number}"),
        (
            "notifications_url",
            "/notifications{?since,all,participating}",
        ),
        ("pulls_url", "/pulls{/number}"),
        ("releases_url", "/releases{/id}"),
        ("stargazers_url", "/stargazers"),
        ("statuses_url", "/statuses/{sha}"),
        ("subscribers_url", "/subscribers"),
        ("subscription_url", "/subscription"),
        ("tags_url", "/tags"),
        ("teams_url", "/teams"),
        ("trees_url", "/git/trees{/sha}"),
    ];
    if let Some(o) = v.as_object_mut() {
        for (k, suffix) in links {
            o.insert(k.into(), Value::String(format!("{r}{suffix}")));
        }
    }
    v
}

fn git_user(w: &World, c: &Commit) -> Value {
    let at = w
        .pushed_at(c.sha)
        .map(|t| t - chrono::Duration::minutes(20));
    json!({"name": c.author, "email": format!("{}@acme.example", c.author), "date": ots(at)})
}

pub(crate) fn run(base: &str, w: &World, r: &Run) -> Value {
    let (wid, file, _, _) = &w.workflows[r.workflow];
    let u = format!("{base}/repos/{REPO}/actions/runs/{}", r.id);
    let commit = w.commits().into_iter().find(|c| c.sha == r.head_sha);
    let head_commit = commit.map(|c| {
        json!({"id": c.sha, "tree_id": hex40(&format!("tree{}", c.sha)), "message": c.message,
               "timestamp": ots(w.pushed_at(c.sha)), "author": git_user(w, &c), "committer": git_user(w, &c)})
    });
    json!({
        "id": r.id, "name": w.workflow_name(r.workflow), "node_id": node("WFR", r.id),
        "head_branch": r.head_branch, "head_sha": r.head_sha, "path": format!(".github/workflows/{file}"),
        "display_title": r.display_title, "run_number": r.run_number, "event": r.event,
        "status": r.status.as_str(), "conclusion": r.conclusion.map(|c| c.as_str()),
        "workflow_id": wid, "check_suite_id": r.id + 7, "check_suite_node_id": node("CS", r.id + 7),
        "url": u, "html_url": format!("https://github.com/{REPO}/actions/runs/{}", r.id),
        "pull_requests": [], "created_at": ts(r.created_at), "updated_at": ts(r.updated_at),
        "actor": user(base, w, &r.actor), "triggering_actor": user(base, w, &r.triggering_actor),
        "run_attempt": r.run_attempt, "referenced_workflows": [], "run_started_at": ts(r.run_started_at),
        "jobs_url": format!("{u}/jobs"), "logs_url": format!("{u}/logs"),
        "check_suite_url": format!("{base}/repos/{REPO}/check-suites/{}", r.id + 7),
        "artifacts_url": format!("{u}/artifacts"), "cancel_url": format!("{u}/cancel"),
        "rerun_url": format!("{u}/rerun"), "previous_attempt_url": if r.run_attempt > 1 { Value::String(format!("{u}/attempts/{}", r.run_attempt - 1)) } else { Value::Null },
        "workflow_url": format!("{base}/repos/{REPO}/actions/workflows/{wid}"),
        "head_commit": head_commit, "repository": repository(base, w), "head_repository": repository(base, w),
    })
}

pub(crate) fn job(base: &str, w: &World, j: &Job) -> Value {
    let run = w.run(j.run_id);
    let steps: Vec<Value> = j
        .steps
        .iter()
        .map(|s| {
            json!({"name": s.name, "status": s.status.as_str(), "conclusion": s.conclusion.map(|c| c.as_str()),
                   "number": s.number, "started_at": ots(s.started_at), "completed_at": ots(s.completed_at)})
        })
        .collect();
    let started = j.started_at.unwrap_or(j.created_at);
    json!({
        "id": j.id, "run_id": j.run_id, "run_url": format!("{base}/repos/{REPO}/actions/runs/{}", j.run_id),
        "run_attempt": j.run_attempt, "node_id": node("CR", j.id), "head_sha": run.map(|r| r.head_sha.clone()),
        "url": format!("{base}/repos/{REPO}/actions/jobs/{}", j.id),
        "html_url": format!("https://github.com/{REPO}/actions/runs/{}/job/{}", j.run_id, j.id),
        "status": j.status.as_str(), "conclusion": j.conclusion.map(|c| c.as_str()),
        "created_at": ts(j.created_at), "started_at": ts(started), "completed_at": ots(j.completed_at),
        "name": j.name, "steps": steps, "check_run_url": format!("{base}/repos/{REPO}/check-runs/{}", j.id),
        "labels": ["ubuntu-latest"], "runner_id": j.runner_name.as_ref().map(|_| j.id % 90_000 + 1_000_000),
        "runner_name": j.runner_name, "runner_group_id": j.runner_name.as_ref().map(|_| 0),
        "runner_group_name": j.runner_name.as_ref().map(|_| "GitHub Actions"),
        "workflow_name": run.map(|r| w.workflow_name(r.workflow).to_string()),
        "head_branch": run.map(|r| r.head_branch.clone()),
    })
}

pub(crate) fn check_run(base: &str, w: &World, j: &Job) -> Value {
    let run = w.run(j.run_id);
    let (title, summary, text) = j
        .output
        .clone()
        .map(|(a, b, c)| (Value::from(a), Value::from(b), Value::from(c)))
        .unwrap_or((Value::Null, Value::Null, Value::Null));
    let status = match j.status {
        Status::Waiting => "waiting",
        s => s.as_str(),
    };
    json!({
        "id": j.id, "node_id": node("CR", j.id), "head_sha": run.map(|r| r.head_sha.clone()), "external_id": "",
        "url": format!("{base}/repos/{REPO}/check-runs/{}", j.id),
        "html_url": format!("https://github.com/{REPO}/actions/runs/{}/job/{}", j.run_id, j.id),
        "details_url": format!("https://github.com/{REPO}/actions/runs/{}/job/{}", j.run_id, j.id),
        "status": status, "conclusion": j.conclusion.map(|c| c.as_str()), "started_at": ots(j.started_at),
        "completed_at": ots(j.completed_at), "name": j.name,
        "output": {"title": title, "summary": summary, "text": text, "annotations_count": j.annotations.len(),
                   "annotations_url": format!("{base}/repos/{REPO}/check-runs/{}/annotations", j.id)},
        "check_suite": {"id": j.run_id + 7}, "app": app(base, w), "pull_requests": [],
    })
}

fn app(base: &str, w: &World) -> Value {
    json!({"id": 15368, "slug": "github-actions", "node_id": "MDM6QXBwMTUzNjg=", "owner": user(base, w, "github"),
           "name": "GitHub Actions", "description": "Automate your workflow from idea to production",
           "external_url": "https://help.github.com/en/actions", "html_url": "https://github.com/apps/github-actions",
           "created_at": "2018-07-30T09:30:17Z", "updated_at": "2024-04-10T20:33:16Z",
           "permissions": {"actions": "write", "checks": "write", "deployments": "write"},
           "events": ["check_run", "check_suite", "workflow_run"]})
}

pub(crate) fn deployment(base: &str, w: &World, d: &Deployment) -> Value {
    let u = format!("{base}/repos/{REPO}/deployments/{}", d.id);
    json!({
        "url": u, "id": d.id, "node_id": node("DE", d.id), "sha": d.sha, "ref": d.git_ref, "task": d.task,
        "payload": d.payload, "original_environment": d.environment, "environment": d.environment,
        "description": d.description, "creator": user(base, w, &d.creator), "created_at": ts(d.created_at),
        "updated_at": ts(d.updated_at), "statuses_url": format!("{u}/statuses"),
        "repository_url": format!("{base}/repos/{REPO}"), "transient_environment": false,
        "production_environment": d.production,
    })
}

pub(crate) fn deployment_status(
    base: &str,
    w: &World,
    d: &Deployment,
    s: &DeploymentStatus,
) -> Value {
    let du = format!("{base}/repos/{REPO}/deployments/{}", d.id);
    // GitHub sends "" for URLs never given, which its own `format: uri` rejects; keep answers valid.
    let target = if s.log_url.is_empty() {
        format!("https://github.com/{REPO}/deployments/{}", s.environment)
    } else {
        s.log_url.clone()
    };
    let mut v = json!({
        "url": format!("{du}/statuses/{}", s.id), "id": s.id, "node_id": node("DES", s.id), "state": s.state,
        "creator": user(base, w, &s.creator), "description": s.description, "environment": s.environment,
        "target_url": target,
        "created_at": ts(s.created_at), "updated_at": ts(s.created_at), "deployment_url": du,
        "repository_url": format!("{base}/repos/{REPO}"),
    });
    if let Some(o) = v.as_object_mut() {
        if !s.log_url.is_empty() {
            o.insert("log_url".into(), Value::String(s.log_url.clone()));
        }
        if !s.environment_url.is_empty() {
            o.insert(
                "environment_url".into(),
                Value::String(s.environment_url.clone()),
            );
        }
    }
    v
}

pub(crate) fn environment_ref(base: &str, e: &Environment) -> Value {
    json!({"id": e.id, "node_id": node("EN", e.id), "name": e.name,
           "url": format!("{base}/repos/{REPO}/environments/{}", e.name),
           "html_url": format!("https://github.com/{REPO}/deployments/activity_log?environments_filter={}", e.name),
           "created_at": "2025-03-04T10:00:00Z", "updated_at": "2026-09-01T08:30:00Z"})
}

pub(crate) fn reviewers(base: &str, w: &World, e: &Environment) -> Value {
    Value::Array(
        e.reviewers
            .iter()
            .map(|r| json!({"type": "User", "reviewer": user(base, w, r)}))
            .collect(),
    )
}

pub(crate) fn environment(base: &str, w: &World, e: &Environment) -> Value {
    let mut v = environment_ref(base, e);
    let mut rules = Vec::new();
    if e.wait_timer > 0 {
        rules.push(json!({"id": e.id + 1, "node_id": node("GA", e.id + 1), "type": "wait_timer", "wait_timer": e.wait_timer}));
    }
    if !e.reviewers.is_empty() {
        rules.push(
            json!({"id": e.id + 2, "node_id": node("GA", e.id + 2), "type": "required_reviewers",
                          "prevent_self_review": e.prevent_self_review, "reviewers": reviewers(base, w, e)}),
        );
    }
    if let Some(o) = v.as_object_mut() {
        o.insert("protection_rules".into(), Value::Array(rules));
        o.insert("deployment_branch_policy".into(), Value::Null);
        o.insert("can_admins_bypass".into(), Value::Bool(true));
    }
    v
}
