//! Workflow files for the pipeline graph: the file a run ran from, at the run's `head_sha`,
//! through the contents API. A file at a commit never changes, so each (repository, path, SHA) is
//! fetched once and kept; a broken or missing file is kept too, as its error (the pane lists the
//! jobs and shows it). Only network and server failures are tried again.

use std::collections::VecDeque;
use std::time::Duration;

use base64::Engine;
use serde::Deserialize;

use super::fetch::{Client, Etags, FetchError, get};
use crate::event::{Event, SourceEvent, Update};
use crate::model::pipeline::{FileKey, WorkflowFile, WorkflowFiles};
use crate::sanitize::clean;
use crate::sources::{SourceLink, Task};

/// The contents API's answer for a file.
#[derive(Debug, Deserialize)]
struct Contents {
    #[serde(default)]
    content: String,
    #[serde(default)]
    encoding: String,
}

/// Fetches one file: `Ok` with the parsed workflow or why it cannot be drawn (final), `Err` for a
/// failure worth trying again.
pub async fn fetch_file(client: &Client, key: &FileKey) -> Result<WorkflowFile, FetchError> {
    let url = client.url(&format!(
        "repos/{}/contents/{}?ref={}",
        key.repo, key.path, key.sha
    ));
    // One-shot: the answer is kept, so there is no ETag to reuse.
    let mut etags = Etags::default();
    let contents: Contents = match get(client, &url, &mut etags).await {
        Ok(c) => c,
        Err(e) if e.status == Some(404) => {
            return Ok(WorkflowFile::Broken(format!(
                "{} at {}: not found",
                key.path,
                short(&key.sha)
            )));
        }
        Err(e) => return Err(e),
    };
    Ok(decode(key, &contents))
}

fn decode(key: &FileKey, contents: &Contents) -> WorkflowFile {
    let broken = |why: String| WorkflowFile::Broken(clean(&format!("{}: {why}", key.path)));
    if contents.encoding != "base64" {
        return broken(format!("unexpected encoding {:?}", contents.encoding));
    }
    // GitHub wraps the base64 at 60 columns.
    let packed: String = contents
        .content
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let bytes = match base64::engine::general_purpose::STANDARD.decode(packed) {
        Ok(b) => b,
        Err(e) => return broken(format!("bad base64: {e}")),
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return broken("not UTF-8".into());
    };
    match crate::workflow::parse(&text) {
        Ok(w) => WorkflowFile::Parsed(w),
        // The message names the line as the CLI does: `path:line:col: ...`.
        Err(e) => WorkflowFile::Broken(clean(&format!("{}:{e}", key.path))),
    }
}

fn short(sha: &str) -> &str {
    sha.get(..7).unwrap_or(sha)
}

/// The task: keys in, the whole set of files known out after each one. Keys already known or
/// queued are ignored, so a file is fetched once however often it is asked for.
pub fn task(client: Client, link: SourceLink<FileKey>) -> Task {
    let SourceLink {
        events,
        mut commands,
        cancel,
    } = link;
    Box::pin(async move {
        let mut known = WorkflowFiles::default();
        let mut queue: VecDeque<FileKey> = VecDeque::new();
        let mut failures = 0u32;
        loop {
            let Some(key) = queue.pop_front() else {
                let next = tokio::select! {
                    _ = cancel.cancelled() => return,
                    k = commands.recv() => k,
                };
                match next {
                    Some(k) if !known.files.contains_key(&k) && !queue.contains(&k) => {
                        queue.push_back(k)
                    }
                    Some(_) => {}
                    None => return,
                }
                continue;
            };
            let send = |u| events.send(Event::Source(SourceEvent::WorkflowFiles(u)));
            if send(Update::Fetching).await.is_err() {
                return;
            }
            let fetched = tokio::select! {
                _ = cancel.cancelled() => return,
                r = fetch_file(&client, &key) => r,
            };
            let update = match fetched {
                Ok(file) => {
                    failures = 0;
                    known.files.insert(key, file);
                    Update::Loaded(known.clone())
                }
                Err(e) => {
                    failures = failures.saturating_add(1);
                    let wait = super::backoff(failures, e.retry_after);
                    tracing::warn!("workflow file {}: {}", key.path, e.message);
                    queue.push_back(key);
                    let update = Update::Failed {
                        message: e.message,
                        retry_in: wait,
                    };
                    if send(update).await.is_err() {
                        return;
                    }
                    if !wait_or_cancel(&cancel, wait).await {
                        return;
                    }
                    continue;
                }
            };
            if send(update).await.is_err() {
                return;
            }
        }
    })
}

/// False when cancelled while waiting.
async fn wait_or_cancel(cancel: &tokio_util::sync::CancellationToken, wait: Duration) -> bool {
    tokio::select! {
        _ = cancel.cancelled() => false,
        _ = tokio::time::sleep(wait) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> FileKey {
        FileKey {
            repo: "acme/shop".into(),
            path: ".github/workflows/ci.yml".into(),
            sha: "a1b2c3d4".into(),
        }
    }

    fn contents(text: &str) -> Contents {
        let b64 = base64::engine::general_purpose::STANDARD.encode(text);
        // Wrapped as GitHub sends it.
        let wrapped: Vec<String> = b64
            .as_bytes()
            .chunks(60)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        Contents {
            content: wrapped.join("\n") + "\n",
            encoding: "base64".into(),
        }
    }

    #[test]
    fn a_file_decodes_and_parses() {
        let text = "name: CI\non: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make lint\n  test:\n    needs: lint\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n";
        match decode(&key(), &contents(text)) {
            WorkflowFile::Parsed(w) => assert_eq!(w.jobs.len(), 2),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_broken_file_names_its_path_and_line() {
        let text = "name: CI\non: push\njobs:\n  lint: [unclosed\n";
        match decode(&key(), &contents(text)) {
            WorkflowFile::Broken(why) => {
                assert!(why.starts_with(".github/workflows/ci.yml:"), "{why}");
                assert!(why.contains(":4:") || why.contains("line 4"), "{why}");
            }
            other => panic!("{other:?}"),
        }
    }
}
