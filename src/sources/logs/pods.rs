//! Pod logs through kube-rs `log_stream`: one pod, or every pod a selector picks, merged in time
//! order (lines are asked for with timestamps, which give the order and the resume point). Each
//! pod's backlog (tail, since) is read first and all of them are merged before anything is sent;
//! then each pod is followed from where its backlog stopped. A follow stream that ends while its
//! pod still runs is opened again from there (`sinceTime`), and the lines the server sends again
//! are recognised and skipped.

use std::collections::HashSet;
use std::hash::{BuildHasher, RandomState};
use std::time::Duration;

use futures::AsyncBufReadExt;
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, ListParams, LogParams};
use tokio::sync::mpsc;

use super::Out;
use crate::event::Update;
use crate::logs::parse::{TimestampCache, timestamp};
use crate::model::logs::{LogFeed, PodLine, PodQuery};

/// Lines sent to the loop at once at most (a big backlog goes in parts, so the screen keeps up).
const BATCH: usize = 20_000;
/// Reconnections in a row without a line in between before a pod's stream is given up.
const MAX_RETRIES: u32 = 8;

/// The pods of one query, streamed.
pub struct PodStreams {
    api: Api<Pod>,
    query: PodQuery,
}

/// A line with its time (nanoseconds since the epoch), when it had one.
type Timed = (Option<i64>, PodLine);

enum Msg {
    Lines(Vec<Timed>),
    Note(String),
    /// The pod's backlog is all sent (or it failed): merging can stop waiting for it.
    Caught,
}

impl PodStreams {
    pub fn new(client: kube::Client, query: PodQuery) -> PodStreams {
        PodStreams {
            api: Api::namespaced(client, &query.namespace),
            query,
        }
    }

    /// Streams the query's logs to `out` until they end (no follow, or every pod stopped).
    pub async fn run(self, out: &Out) {
        if !out.send(Update::Fetching).await {
            return;
        }
        let names = match self.pods().await {
            Ok(names) => names,
            Err(e) => {
                out.send(Update::Failed {
                    message: e,
                    retry_in: Duration::from_secs(0),
                })
                .await;
                out.feed(LogFeed::End).await;
                return;
            }
        };
        if names.is_empty() {
            out.feed(LogFeed::Note(format!("no pods: {}", self.query.title())))
                .await;
            out.feed(LogFeed::End).await;
            return;
        }
        let (tx, mut rx) = mpsc::channel::<Msg>(64);
        let mut handles = Vec::new();
        for name in names {
            let stream = PodStream {
                api: self.api.clone(),
                query: self.query.clone(),
                name,
                cursor: Cursor::default(),
                cache: TimestampCache::default(),
                caught_up: false,
            };
            handles.push(tokio::spawn(stream.run(tx.clone())));
        }
        drop(tx);
        // Aborts the pods' streams when this future is dropped (the user left the log).
        let pods = handles.len();
        let _guard = AbortAll(handles);
        // The backlogs first, all of them, merged by time: their lines arrive pod by pod.
        let mut backlog = Vec::new();
        let mut notes = Vec::new();
        let mut caught = 0;
        while caught < pods {
            match rx.recv().await {
                Some(Msg::Lines(l)) => backlog.extend(l),
                Some(Msg::Note(n)) => notes.push(n),
                Some(Msg::Caught) => caught += 1,
                None => break,
            }
        }
        if !send_sorted(out, backlog, notes).await {
            return;
        }
        while let Some(first) = rx.recv().await {
            // Whatever else is waiting joins this batch, so pods' lines interleave by time.
            let mut lines = Vec::new();
            let mut notes = Vec::new();
            let mut next = Some(first);
            while let Some(msg) = next.take() {
                match msg {
                    Msg::Lines(l) => lines.extend(l),
                    Msg::Note(n) => notes.push(n),
                    Msg::Caught => {}
                }
                if lines.len() < BATCH {
                    next = rx.try_recv().ok();
                }
            }
            if !send_sorted(out, lines, notes).await {
                return;
            }
        }
        out.feed(LogFeed::End).await;
    }

    async fn pods(&self) -> Result<Vec<String>, String> {
        if let Some(pod) = &self.query.pod {
            return Ok(vec![pod.clone()]);
        }
        let mut params = ListParams::default();
        if let Some(sel) = &self.query.selector {
            params = params.labels(sel);
        }
        let list = self
            .api
            .list(&params)
            .await
            .map_err(|e| format!("listing pods of {}: {e}", self.query.title()))?;
        let mut names: Vec<String> = list
            .items
            .into_iter()
            .filter_map(|p| p.metadata.name)
            .collect();
        names.sort();
        Ok(names)
    }
}

/// Sends lines in time order (in parts of at most `BATCH`), then the notes; false when the loop
/// is gone.
async fn send_sorted(out: &Out, mut lines: Vec<Timed>, notes: Vec<String>) -> bool {
    // Stable: a pod's own lines keep their order; lines without a time go first.
    lines.sort_by_key(|(t, _)| t.unwrap_or(i64::MIN));
    let mut lines = lines.into_iter().map(|(_, l)| l).peekable();
    while lines.peek().is_some() {
        let part: Vec<PodLine> = lines.by_ref().take(BATCH).collect();
        if !out.feed(LogFeed::Lines(part)).await {
            return false;
        }
    }
    for note in notes {
        if !out.feed(LogFeed::Note(note)).await {
            return false;
        }
    }
    true
}

struct AbortAll(Vec<tokio::task::JoinHandle<()>>);

impl Drop for AbortAll {
    fn drop(&mut self) {
        for h in &self.0 {
            h.abort();
        }
    }
}

/// Where a pod's stream stopped: the last time seen and the lines seen at that time, so a stream
/// opened again at that time skips what it repeats.
#[derive(Debug, Default)]
pub struct Cursor {
    last: Option<i64>,
    last_text: String,
    /// Hashes of the lines seen at `last` (a line is not copied for this, at 50,000 a second).
    at_last: HashSet<u64>,
    hasher: RandomState,
}

impl Cursor {
    /// Whether `line` (time `t`, as received with its timestamp) is new; remembers it.
    pub fn admit(&mut self, t: Option<i64>, stamp: &str, line: &[u8]) -> bool {
        let Some(t) = t else { return true };
        let hash = self.hasher.hash_one(line);
        match self.last {
            Some(last) if t < last => false,
            Some(last) if t == last => self.at_last.insert(hash),
            _ => {
                self.last = Some(t);
                self.last_text.clear();
                self.last_text.push_str(stamp);
                self.at_last.clear();
                self.at_last.insert(hash);
                true
            }
        }
    }

    /// The RFC 3339 time to resume from.
    pub fn resume_at(&self) -> Option<&str> {
        self.last.map(|_| self.last_text.as_str())
    }
}

/// A line's leading RFC 3339 timestamp (as `timestamps=true` writes it), as nanoseconds since the
/// epoch and as text; `None` when the line does not start with one.
pub fn split_timestamp<'a>(line: &'a [u8], cache: &mut TimestampCache) -> Option<(i64, &'a str)> {
    // The log engine's parser: it keeps the last minute, so most lines cost a few compares.
    let (t, body) = timestamp(line, cache)?;
    let end = if body > 0 && line.get(body - 1) == Some(&b' ') {
        body - 1
    } else {
        body
    };
    let stamp = std::str::from_utf8(&line[..end]).ok()?;
    Some((t, stamp))
}

struct PodStream {
    api: Api<Pod>,
    query: PodQuery,
    name: String,
    cursor: Cursor,
    cache: TimestampCache,
    /// The backlog has been read; what follows is following.
    caught_up: bool,
}

impl PodStream {
    fn params(&self) -> LogParams {
        let q = &self.query;
        let mut p = LogParams {
            container: q.container.clone(),
            // The backlog is read whole first, so the pods' backlogs can be merged.
            follow: q.follow && self.caught_up,
            previous: q.previous,
            timestamps: true,
            ..LogParams::default()
        };
        match self.cursor.resume_at() {
            // Resuming: from where it stopped, not the tail again.
            Some(at) if self.caught_up => p.since_time = at.parse().ok(),
            _ => {
                p.tail_lines = q.tail_lines;
                p.since_seconds = q.since_seconds;
            }
        }
        p
    }

    async fn run(mut self, tx: mpsc::Sender<Msg>) {
        let mut retries = 0u32;
        loop {
            let params = self.params();
            let got = match self.api.log_stream(&self.name, &params).await {
                Ok(stream) => self.read(stream, &tx).await,
                Err(e) => {
                    let note = format!("{}: {e}", self.name);
                    if tx
                        .send(Msg::Note(crate::sanitize::clean(&note)))
                        .await
                        .is_err()
                    {
                        return;
                    }
                    Read::Lines(0)
                }
            };
            let was_following = self.caught_up;
            if !self.caught_up {
                self.caught_up = true;
                if tx.send(Msg::Caught).await.is_err() {
                    return;
                }
            }
            match got {
                Read::Gone => return,
                Read::Lines(n) if n > 0 => retries = 0,
                Read::Lines(_) if was_following => retries += 1,
                Read::Lines(_) => {}
            }
            if !self.query.follow || retries > MAX_RETRIES {
                return;
            }
            if !was_following {
                // From the backlog's end on, following: not a reconnection.
                continue;
            }
            if !self.still_running().await {
                return;
            }
            let at = self.cursor.resume_at().unwrap_or("the start").to_string();
            let note = format!("{}: the stream ended; reconnected from {at}", self.name);
            if tx.send(Msg::Note(note)).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(200 * u64::from(retries.min(10)))).await;
        }
    }

    /// Reads a stream to its end, sending whole lines as they come (what is buffered, at once).
    async fn read(
        &mut self,
        stream: impl futures::AsyncBufRead + Unpin,
        tx: &mpsc::Sender<Msg>,
    ) -> Read {
        let mut stream = stream;
        let mut partial: Vec<u8> = Vec::new();
        let mut count = 0usize;
        loop {
            let buf = match stream.fill_buf().await {
                Ok([]) | Err(_) => break,
                Ok(buf) => buf,
            };
            let n = buf.len();
            let mut batch = Vec::new();
            let mut start = 0;
            for nl in memchr::memchr_iter(b'\n', buf) {
                let line = if partial.is_empty() {
                    &buf[start..nl]
                } else {
                    partial.extend_from_slice(&buf[start..nl]);
                    partial.as_slice()
                };
                if let Some(t) = self.take(line) {
                    batch.push(t);
                }
                partial.clear();
                start = nl + 1;
            }
            partial.extend_from_slice(&buf[start..]);
            stream.consume_unpin(n);
            count += batch.len();
            if !batch.is_empty() && tx.send(Msg::Lines(batch)).await.is_err() {
                return Read::Gone;
            }
        }
        // A last line without its `\n`: the stream was cut inside it, or the log ends there.
        if !partial.is_empty()
            && let Some(t) = self.take(&partial)
        {
            count += 1;
            if tx.send(Msg::Lines(vec![t])).await.is_err() {
                return Read::Gone;
            }
        }
        Read::Lines(count)
    }

    fn take(&mut self, line: &[u8]) -> Option<Timed> {
        let (t, stamp) = match split_timestamp(line, &mut self.cache) {
            Some((t, stamp)) => (Some(t), stamp),
            None => (None, ""),
        };
        self.cursor.admit(t, stamp, line).then(|| {
            (
                t,
                PodLine {
                    pod: self.name.clone(),
                    text: line.to_vec(),
                },
            )
        })
    }

    /// The pod still exists and has not finished: a stream that ended early is worth reopening.
    async fn still_running(&self) -> bool {
        match self.api.get_opt(&self.name).await {
            Ok(Some(pod)) => !matches!(
                pod.status.and_then(|s| s.phase).as_deref(),
                Some("Succeeded" | "Failed")
            ),
            Ok(None) => false,
            // Cannot tell: try again (the retries are counted).
            Err(_) => true,
        }
    }
}

enum Read {
    Lines(usize),
    Gone,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_line_at_the_resume_time_is_skipped_and_a_new_one_kept() {
        let mut c = Cursor::default();
        let a = b"2026-11-27T03:14:00.000000001Z a".as_slice();
        let b = b"2026-11-27T03:14:00.000000001Z b".as_slice();
        let cache = &mut TimestampCache::default();
        let (t, s) = split_timestamp(a, cache).unwrap();
        assert!(c.admit(Some(t), s, a));
        assert_eq!(c.resume_at(), Some("2026-11-27T03:14:00.000000001Z"));
        // Reconnected at that time: the server repeats `a`, then a line of the same time.
        assert!(!c.admit(Some(t), s, a));
        assert!(c.admit(Some(t), s, b));
        let older = b"2026-11-27T03:13:59Z old";
        let (t0, s0) = split_timestamp(older, cache).unwrap();
        assert!(!c.admit(Some(t0), s0, older));
        assert!(c.admit(None, "", b"no time"));
    }

    #[test]
    fn timestamps_are_read_only_at_the_start() {
        let cache = &mut TimestampCache::default();
        assert!(split_timestamp(b"hello 2026-11-27T03:14:00Z", cache).is_none());
        assert!(split_timestamp(b"", cache).is_none());
        let (t, s) = split_timestamp(b"2026-11-27T03:14:00.5+01:00 x", cache).unwrap();
        assert_eq!(s, "2026-11-27T03:14:00.5+01:00");
        assert_eq!(t % 1_000_000_000, 500_000_000);
    }
}
