//! Watches: newline-delimited JSON events replayed from the store's change history, then live.
//! An expired resourceVersion gets HTTP 200 and an in-stream ERROR with a 410 Status, like the
//! real apiserver (kube-rs relists on that).

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::header;
use axum::response::Response;
use futures::SinkExt;
use futures::channel::mpsc;
use serde_json::{Value, json};

use super::KubeDeps;
use super::http::{Req, Target, lock};
use super::list::Selectors;
use super::store::Kind;

/// How often an idle watch sends a bookmark (real seconds), also noticing clients that left.
const BOOKMARK_EVERY: Duration = Duration::from_secs(30);

pub(crate) fn gone_line(rv: u64) -> String {
    let msg = if rv == 0 {
        "too old resource version".to_string()
    } else {
        format!("too old resource version: {rv}")
    };
    let ev = json!({"type": "ERROR", "object": {"kind": "Status", "apiVersion": "v1", "metadata": {},
        "status": "Failure", "message": msg, "reason": "Expired", "code": 410}});
    format!("{ev}\n")
}

struct Spec {
    kind: Kind,
    ns: Option<String>,
    sel: Selectors,
    table: bool,
    bookmarks: bool,
}

impl Spec {
    fn line(&self, ty: &str, obj: &Value, deps: &KubeDeps, rv: u64) -> String {
        let object = if self.table {
            super::table::table(
                self.kind,
                std::slice::from_ref(obj),
                deps.clock.now(),
                rv,
                "Metadata",
                true,
            )
        } else {
            obj.clone()
        };
        format!("{}\n", json!({"type": ty, "object": object}))
    }

    fn bookmark(&self, rv: u64) -> String {
        let ev = json!({"type": "BOOKMARK", "object": {"kind": self.kind.name(),
            "apiVersion": self.kind.api_version(), "metadata": {"resourceVersion": rv.to_string()}}});
        format!("{ev}\n")
    }

    fn wants(&self, kind: Kind, obj: &Value) -> bool {
        kind == self.kind
            && self
                .ns
                .as_deref()
                .is_none_or(|ns| obj["metadata"]["namespace"] == ns)
            && self.sel.matches(obj)
    }
}

/// Lines for changes after `since`, or the 410 line when they are gone. Returns the new position.
fn pending(deps: &KubeDeps, spec: &Spec, since: u64) -> Result<(Vec<String>, u64), String> {
    let c = lock(deps);
    let Some(changes) = c.store.changes_since(since) else {
        return Err(gone_line(since));
    };
    let lines = changes
        .into_iter()
        .filter(|ch| spec.wants(ch.kind, &ch.object))
        .map(|ch| spec.line(ch.ty.as_str(), &ch.object, deps, ch.rv))
        .collect();
    Ok((lines, c.store.rv()))
}

pub(crate) async fn watch(deps: &KubeDeps, req: &Req, t: &Target) -> Response {
    let spec = Spec {
        kind: t.kind,
        ns: t.ns.clone(),
        sel: Selectors::from_req(req),
        table: req.wants_table(),
        bookmarks: req.flag("allowWatchBookmarks"),
    };
    let timeout = req
        .q("timeoutSeconds")
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(1800);
    let asked: Option<u64> = req
        .q("resourceVersion")
        .and_then(|s| s.parse().ok())
        .filter(|v| *v > 0);
    let (mut feed, start, first) = {
        let c = lock(deps);
        let feed = c.store.subscribe();
        let rv = c.store.rv();
        match asked {
            // No version (or 0): the current state as synthetic ADDED events, then changes.
            None => {
                let lines: Vec<String> = c
                    .store
                    .list(spec.kind, spec.ns.as_deref())
                    .into_iter()
                    .filter(|o| spec.sel.matches(o))
                    .map(|o| spec.line("ADDED", o, deps, rv))
                    .collect();
                (feed, rv, Ok(lines))
            }
            Some(v) if c.store.changes_since(v).is_none() => (feed, rv, Err(gone_line(v))),
            Some(v) => (feed, v.min(rv), Ok(Vec::new())),
        }
    };
    let (mut tx, rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(64);
    let deps2 = KubeDeps {
        cluster: deps.cluster.clone(),
        clock: deps.clock.clone(),
        faults: deps.faults.clone(),
        log: deps.log.clone(),
    };
    tokio::spawn(async move {
        let send = |tx: &mut mpsc::Sender<_>, s: String| {
            let mut tx = tx.clone();
            async move { tx.send(Ok(Bytes::from(s))).await.is_ok() }
        };
        let initial = match first {
            Ok(lines) => lines,
            Err(gone) => {
                let _ = send(&mut tx, gone).await;
                return;
            }
        };
        for l in initial {
            if !send(&mut tx, l).await {
                return;
            }
        }
        let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout);
        let mut pos = start;
        loop {
            feed.borrow_and_update();
            match pending(&deps2, &spec, pos) {
                Ok((lines, now_rv)) => {
                    for l in lines {
                        if !send(&mut tx, l).await {
                            return;
                        }
                    }
                    pos = now_rv;
                }
                Err(gone) => {
                    let _ = send(&mut tx, gone).await;
                    return;
                }
            }
            tokio::select! {
                changed = feed.changed() => if changed.is_err() { return },
                _ = tokio::time::sleep_until(deadline) => return,
                _ = tokio::time::sleep(BOOKMARK_EVERY) => {
                    let line = if spec.bookmarks { spec.bookmark(pos) } else { String::new() };
                    if !line.is_empty() && !send(&mut tx, line).await {
                        return;
                    }
                    if tx.is_closed() {
                        return;
                    }
                }
            }
        }
    });
    Response::builder()
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from_stream(rx))
        .unwrap_or_default()
}
