//! The repository's workflow files through the contents API (clients build the job graph from them)
//! and the comparison of two commits on `main`.

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use serde_json::{Value, json};

use super::http::{error, json_response, not_found};
use super::render::{self, REPO};
use super::{Q, St};
use crate::commits::Commit;
use crate::driver::lock;
use crate::world::{World, hex40, workflows};

const DIR: &str = ".github/workflows";

/// GitHub's contents API sends base64 wrapped at 60 characters, with a trailing newline.
fn base64(data: &[u8]) -> String {
    use base64::Engine;
    let flat = base64::engine::general_purpose::STANDARD.encode(data);
    let mut out = String::with_capacity(flat.len() + flat.len() / 60 + 1);
    for chunk in flat.as_bytes().chunks(60) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out
}

fn entry(st: &super::GhState, path: &str, text: Option<&str>, git_ref: &str) -> Value {
    let sha = hex40(&format!("blob:{path}"));
    let url = format!("{}/repos/{REPO}/contents/{path}?ref={git_ref}", st.base);
    let git = format!(
        "{}/repos/{REPO}/git/{}/{sha}",
        st.base,
        if text.is_some() { "blobs" } else { "trees" }
    );
    let html = format!(
        "https://github.com/{REPO}/{}/{git_ref}/{path}",
        if text.is_some() { "blob" } else { "tree" }
    );
    let mut v = json!({
        "type": if text.is_some() { "file" } else { "dir" }, "name": path.rsplit('/').next().unwrap_or(path), "path": path,
        "sha": sha, "size": text.map(str::len).unwrap_or(0), "url": url, "git_url": git, "html_url": html,
        "download_url": text.map(|_| format!("https://raw.githubusercontent.com/{REPO}/{git_ref}/{path}")),
        "_links": {"self": url, "git": git, "html": html},
    });
    if let (Some(t), Some(o)) = (text, v.as_object_mut()) {
        o.insert("content".into(), Value::String(base64(t.as_bytes())));
        o.insert("encoding".into(), Value::String("base64".into()));
    }
    v
}

pub(crate) async fn get_content(
    st: St,
    Path((_, _, path)): Path<(String, String, String)>,
    q: Q,
    headers: HeaderMap,
) -> Response {
    let w = lock(&st.sim.world);
    let git_ref = q.get("ref").cloned().unwrap_or_else(|| "main".into());
    if w.resolve(&git_ref).is_none() {
        return error(404, &format!("No commit found for the ref {git_ref}"));
    }
    let path = path.trim_matches('/');
    if path == DIR || path == ".github" {
        let items: Vec<Value> = if path == DIR {
            workflows::FILES
                .iter()
                .map(|(f, _)| entry(&st, &format!("{DIR}/{f}"), None, &git_ref))
                .map(|mut v| {
                    v["type"] = json!("file");
                    v
                })
                .collect()
        } else {
            vec![entry(&st, DIR, None, &git_ref)]
        };
        return json_response(200, &Value::Array(items));
    }
    let Some((_, text)) = workflows::FILES
        .iter()
        .find(|(f, _)| format!("{DIR}/{f}") == path)
    else {
        return not_found();
    };
    let raw = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("raw"));
    if raw {
        let mut resp = Response::new(axum::body::Body::from(*text));
        resp.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/vnd.github.raw; charset=utf-8"),
        );
        return resp;
    }
    json_response(200, &entry(&st, path, Some(text), &git_ref))
}

fn commit_json(base: &str, w: &World, c: &Commit, parent: Option<&Commit>) -> Value {
    let date = w
        .pushed_at(c.sha)
        .map(|t| render::ts(t - chrono::Duration::minutes(20)));
    let who =
        json!({"name": c.author, "email": format!("{}@acme.example", c.author), "date": date});
    json!({
        "url": format!("{base}/repos/{REPO}/commits/{}", c.sha), "sha": c.sha, "node_id": render::node("C", crate::world::fnv(c.sha.as_bytes()) % 1_000_000),
        "html_url": format!("https://github.com/{REPO}/commit/{}", c.sha),
        "comments_url": format!("{base}/repos/{REPO}/commits/{}/comments", c.sha),
        "commit": {"url": format!("{base}/repos/{REPO}/git/commits/{}", c.sha), "author": who, "committer": who,
                   "message": format!("{} ({})", c.message, c.version), "comment_count": 0,
                   "tree": {"sha": hex40(&format!("tree{}", c.sha)), "url": format!("{base}/repos/{REPO}/git/trees/{}", hex40(&format!("tree{}", c.sha)))},
                   "verification": {"verified": false, "reason": "unsigned", "signature": null, "payload": null, "verified_at": null}},
        "author": render::user(base, w, c.author), "committer": render::user(base, w, "web-flow"),
        "parents": parent.map(|p| vec![json!({"sha": p.sha, "url": format!("{base}/repos/{REPO}/commits/{}", p.sha), "html_url": format!("https://github.com/{REPO}/commit/{}", p.sha)})]).unwrap_or_default(),
    })
}

pub(crate) async fn compare(
    st: St,
    Path((_, _, basehead)): Path<(String, String, String)>,
) -> Response {
    let w = lock(&st.sim.world);
    let Some((b, h)) = basehead.split_once("...") else {
        return not_found();
    };
    let line = w.commits();
    let pos = |x: &str| {
        w.resolve(x)
            .and_then(|c| line.iter().position(|l| l.sha == c.sha))
    };
    let (Some(bi), Some(hi)) = (pos(b), pos(h)) else {
        return not_found();
    };
    let parent = |i: usize| i.checked_sub(1).map(|p| line[p]);
    let status = match bi.cmp(&hi) {
        std::cmp::Ordering::Less => "ahead",
        std::cmp::Ordering::Equal => "identical",
        std::cmp::Ordering::Greater => "behind",
    };
    let commits: Vec<Value> = if bi < hi {
        (bi + 1..=hi)
            .map(|i| commit_json(&st.base, &w, &line[i], parent(i).as_ref()))
            .collect()
    } else {
        vec![]
    };
    let base_c = commit_json(&st.base, &w, &line[bi], parent(bi).as_ref());
    let mb = bi.min(hi);
    json_response(
        200,
        &json!({
            "url": format!("{}/repos/{REPO}/compare/{basehead}", st.base),
            "html_url": format!("https://github.com/{REPO}/compare/{basehead}"),
            "permalink_url": format!("https://github.com/{REPO}/compare/acme:{}...acme:{}", &line[bi].sha[..7], &line[hi].sha[..7]),
            "diff_url": format!("https://github.com/{REPO}/compare/{basehead}.diff"),
            "patch_url": format!("https://github.com/{REPO}/compare/{basehead}.patch"),
            "base_commit": base_c, "merge_base_commit": commit_json(&st.base, &w, &line[mb], parent(mb).as_ref()),
            "status": status, "ahead_by": hi.saturating_sub(bi), "behind_by": bi.saturating_sub(hi),
            "total_commits": commits.len(), "commits": commits, "files": [],
        }),
    )
}
