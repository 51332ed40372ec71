//! Pod logs: a deterministic, realistic stream of app lines (startup, HTTP access, health checks;
//! errors for a bad canary) derived from the pod name and simulated time, with `follow`,
//! `tailLines`, `sinceSeconds`, `sinceTime` and `timestamps`. The `drop_watch` fault ends a
//! followed log after the lines written so far, as when a kubelet or a proxy drops the stream.

use axum::body::{Body, Bytes};
use axum::http::{StatusCode, header};
use axum::response::Response;
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use futures::SinkExt;
use futures::channel::mpsc;
use serde_json::Value;

use super::KubeDeps;
use super::http::{Req, Target, lock, not_found, status_error};
use super::pods::{pod_image, pod_times};
use super::store::Kind;
use super::util::{fnv, str_of};
use crate::commits::{CANDIDATE, HISTORY};

/// Seconds between log lines of one pod.
const INTERVAL: i64 = 5;
const STARTUP_LINES: u64 = 3;

/// What a pod's log depends on, copied out of the cluster so no lock is held while streaming.
#[derive(Clone)]
pub(crate) struct LogSource {
    name: String,
    version: String,
    commit: String,
    started: DateTime<Utc>,
    end: Option<DateTime<Utc>>,
    bad: bool,
}

impl LogSource {
    pub(crate) fn of(pod: &Value, bad: bool) -> Self {
        let image = pod_image(pod);
        let commit = HISTORY
            .iter()
            .chain(std::iter::once(&CANDIDATE))
            .find(|c| c.image() == image);
        let times = pod_times(pod);
        Self {
            name: str_of(pod, "/metadata/name").to_string(),
            version: commit.map_or("dev", |c| c.version).to_string(),
            commit: commit.map_or_else(
                || image.rsplit(':').next().unwrap_or("").to_string(),
                |c| c.short().to_string(),
            ),
            started: times.started,
            end: super::util::parse_ts(&pod["metadata"]["deletionTimestamp"]),
            bad,
        }
    }

    fn time(&self, k: u64) -> DateTime<Utc> {
        let ms = if k < STARTUP_LINES {
            k as i64 * 40
        } else {
            (fnv(&[&self.name, &k.to_string()]) % 900) as i64
        };
        self.started + Duration::seconds(k as i64 * INTERVAL) + Duration::milliseconds(ms)
    }

    /// The index of the last line written by `now`, if any.
    fn last_index(&self, now: DateTime<Utc>) -> Option<u64> {
        let end = self.end.map_or(now, |e| e.min(now));
        if end < self.started {
            return None;
        }
        let k = ((end - self.started).num_seconds() / INTERVAL) as u64;
        // The sub-second offset can put line k just after `end`.
        if self.time(k) > end {
            k.checked_sub(1)
        } else {
            Some(k)
        }
    }

    fn first_since(&self, since: DateTime<Utc>) -> u64 {
        if since <= self.started {
            return 0;
        }
        let k = ((since - self.started).num_seconds() / INTERVAL) as u64;
        if self.time(k) >= since { k } else { k + 1 }
    }

    fn text(&self, k: u64) -> String {
        let h = fnv(&[&self.name, &k.to_string(), "line"]);
        match k {
            0 => format!(
                "level=info msg=\"starting shop\" version={} commit={} port=8080",
                self.version, self.commit
            ),
            1 => "level=info msg=\"connected to postgres\" host=orders-db pool_size=20".into(),
            2 => "level=info msg=\"listening\" addr=:8080".into(),
            _ if h % 4 == 0 => format!(
                "10.244.0.1 - kube-probe/1.32 \"GET /healthz HTTP/1.1\" 200 2 {}us",
                300 + h % 400
            ),
            _ if self.bad && h % 3 == 0 => {
                if h % 2 == 0 {
                    format!(
                        "level=error msg=\"request failed\" method=POST path=/api/checkout status=500 error=\"loyalty: nil points balance\" request_id={:08x}",
                        h >> 32
                    )
                } else {
                    format!(
                        "level=error msg=\"upstream timeout\" path=/api/cart upstream=pricing:9090 after=5.000s request_id={:08x}",
                        h >> 32
                    )
                }
            }
            _ => {
                const PATHS: [(&str, &str, u16); 6] = [
                    ("GET", "/api/products", 200),
                    ("GET", "/api/cart", 200),
                    ("POST", "/api/cart/items", 201),
                    ("GET", "/api/products/42", 200),
                    ("POST", "/api/checkout", 200),
                    ("GET", "/static/app.js", 304),
                ];
                let (m, p, s) = PATHS[(h % PATHS.len() as u64) as usize];
                let status = if self.bad && p == "/api/checkout" {
                    500
                } else {
                    s
                };
                format!(
                    "10.244.{}.{} - - \"{m} {p} HTTP/1.1\" {status} {} {}ms",
                    h % 4,
                    10 + (h >> 8) % 200,
                    120 + (h >> 16) % 4000,
                    2 + (h >> 24) % 80
                )
            }
        }
    }

    fn line(&self, k: u64, timestamps: bool) -> String {
        if timestamps {
            let t = self.time(k).to_rfc3339_opts(SecondsFormat::Nanos, true);
            format!("{t} {}\n", self.text(k))
        } else {
            format!("{}\n", self.text(k))
        }
    }
}

/// Log text for lines `from..=to`.
fn render(src: &LogSource, from: u64, to: Option<u64>, timestamps: bool) -> String {
    match to {
        Some(to) if from <= to => (from..=to).map(|k| src.line(k, timestamps)).collect(),
        _ => String::new(),
    }
}

pub(crate) async fn logs(deps: &KubeDeps, req: &Req, t: &Target) -> Response {
    let (ns, name) = (
        t.ns.clone().unwrap_or_default(),
        t.name.clone().unwrap_or_default(),
    );
    let (src, mut feed) = {
        let c = lock(deps);
        let Some(pod) = c.store.get(Kind::Pod, &ns, &name) else {
            return not_found(Kind::Pod, &name);
        };
        if let Some(fast) = Fast::of(pod) {
            return fast.respond(req);
        }
        let container = str_of(pod, "/spec/containers/0/name").to_string();
        if let Some(asked) = req.q("container").filter(|c| *c != container) {
            let msg = format!("container {asked} is not valid for pod {name}");
            return status_error(400, "BadRequest", &msg, Value::Null);
        }
        if req.flag("previous") {
            let msg = format!(
                "previous terminated container \"{container}\" in pod \"{name}\" not found"
            );
            return status_error(400, "BadRequest", &msg, Value::Null);
        }
        (LogSource::of(pod, c.is_bad_pod(pod)), c.store.subscribe())
    };
    let now = deps.clock.now();
    if now < src.started {
        let msg =
            format!("container \"shop\" in pod \"{name}\" is waiting to start: ContainerCreating");
        return status_error(400, "BadRequest", &msg, Value::Null);
    }
    let timestamps = req.flag("timestamps");
    let last = src.last_index(now);
    let mut first = req
        .q("sinceSeconds")
        .and_then(|s| s.parse::<i64>().ok())
        .map_or(0, |s| src.first_since(now - Duration::seconds(s)));
    // As the kubelet does: lines at or after the time (so the line at it comes again).
    if let Some(t) = req
        .q("sinceTime")
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
    {
        first = first.max(src.first_since(t.with_timezone(&Utc)));
    }
    if let (Some(n), Some(last)) = (req.q("tailLines").and_then(|s| s.parse::<u64>().ok()), last) {
        first = first.max((last + 1).saturating_sub(n));
    }
    let initial = render(&src, first, last, timestamps);
    let text = |body: Body| {
        Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, "text/plain")
            .body(body)
            .unwrap_or_default()
    };
    if !req.flag("follow") {
        return text(Body::from(initial));
    }
    let (mut tx, rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(16);
    let (cluster, clock) = (deps.cluster.clone(), deps.clock.clone());
    let mut ticks = clock.subscribe();
    tokio::spawn(async move {
        if tx.send(Ok(Bytes::from(initial))).await.is_err() {
            return;
        }
        let mut sent = last;
        loop {
            tokio::select! {
                r = ticks.changed() => if r.is_err() { return },
                r = feed.changed() => if r.is_err() { return },
            }
            let (exists, src) = {
                let c = cluster.lock().unwrap_or_else(|e| e.into_inner());
                match c.store.get(Kind::Pod, &ns, &name) {
                    Some(p) => (true, LogSource::of(p, c.is_bad_pod(p))),
                    None => (false, src.clone()),
                }
            };
            let upto = src.last_index(clock.now());
            let from = sent.map_or(0, |s| s + 1);
            let chunk = render(&src, from, upto, timestamps);
            if !chunk.is_empty() && tx.send(Ok(Bytes::from(chunk))).await.is_err() {
                return;
            }
            sent = upto.or(sent);
            // The container has stopped: its log is complete.
            if !exists || src.end.is_some_and(|e| e <= clock.now()) {
                return;
            }
        }
    });
    text(Body::from_stream(rx))
}

/// The request without `follow`: a followed log cut by the `drop_watch` fault answers the lines
/// written so far and ends.
pub(crate) fn without_follow(req: &Req) -> Req {
    let mut query = req.query.clone();
    query.remove("follow");
    Req {
        method: req.method.clone(),
        path: req.path.clone(),
        query,
        accept: req.accept.clone(),
        content_type: req.content_type.clone(),
        body: req.body.clone(),
        bearer: req.bearer.clone(),
    }
}

/// A pod annotated `gantry-sim/log-rate: "N"` logs N lines a second of real time (the simulated
/// clock plays no part) from `gantry-sim/log-start` (RFC 3339, real time; default the Unix epoch,
/// so every line is already written), `gantry-sim/log-lines` of them in all (default 1,000,000):
/// the load for "follow keeps pace". Line k is `seq=k`, stamped start + k / N seconds, the moment
/// it is written, so a reconnect with `sinceTime` resumes exactly.
struct Fast {
    rate: u64,
    lines: u64,
    start: DateTime<Utc>,
}

impl Fast {
    fn of(pod: &Value) -> Option<Fast> {
        let note = |k: &str| {
            pod["metadata"]["annotations"][k]
                .as_str()
                .map(str::to_string)
        };
        let rate = note("gantry-sim/log-rate")?.parse::<u64>().ok()?.max(1);
        let lines = note("gantry-sim/log-lines")
            .and_then(|n| n.parse().ok())
            .unwrap_or(1_000_000);
        let start = note("gantry-sim/log-start")
            .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
            .map_or(DateTime::UNIX_EPOCH, |t| t.with_timezone(&Utc));
        Some(Fast { rate, lines, start })
    }

    /// How many lines are written by now (real time).
    fn written(&self) -> u64 {
        let elapsed = (Utc::now() - self.start)
            .num_nanoseconds()
            .unwrap_or(i64::MAX)
            .max(0);
        u64::try_from(i128::from(elapsed) * i128::from(self.rate) / 1_000_000_000)
            .unwrap_or(u64::MAX)
    }

    fn time(&self, k: u64) -> DateTime<Utc> {
        let nanos = i128::from(k) * 1_000_000_000 / i128::from(self.rate);
        self.start + Duration::nanoseconds(i64::try_from(nanos).unwrap_or(i64::MAX))
    }

    fn line(&self, k: u64, timestamps: bool, out: &mut String) {
        use std::fmt::Write;
        if timestamps {
            out.push_str(&self.time(k).to_rfc3339_opts(SecondsFormat::Nanos, true));
            out.push(' ');
        }
        let _ = writeln!(
            out,
            "level=info msg=\"request served\" seq={k} path=/api/products status=200 duration=3ms"
        );
    }

    fn respond(self, req: &Req) -> Response {
        let timestamps = req.flag("timestamps");
        let first = req
            .q("sinceTime")
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .map_or(0, |t| {
                let since = (t.with_timezone(&Utc) - self.start)
                    .num_nanoseconds()
                    .unwrap_or(0)
                    .max(0);
                // The first line at or after the time.
                let scaled = i128::from(since) * i128::from(self.rate);
                ((scaled + 999_999_999) / 1_000_000_000) as u64
            });
        let (mut tx, rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(16);
        let follow = req.flag("follow");
        // Without follow: the lines written when asked, and no more.
        let end = if follow {
            self.lines
        } else {
            self.written().min(self.lines)
        };
        tokio::spawn(async move {
            let mut next = first;
            let mut tick = tokio::time::interval(std::time::Duration::from_millis(10));
            while next < end {
                if follow {
                    tick.tick().await;
                }
                // At most 10,000 lines a write, as a kubelet writes a long log in pieces.
                let upto = self.written().min(end).min(next + 10_000);
                if upto <= next {
                    continue;
                }
                let mut text = String::with_capacity(((upto - next) * 110) as usize);
                for k in next..upto {
                    self.line(k, timestamps, &mut text);
                }
                next = upto;
                if tx.send(Ok(Bytes::from(text))).await.is_err() {
                    return;
                }
            }
        });
        Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Body::from_stream(rx))
            .unwrap_or_default()
    }
}
