//! The demo application's metrics in Prometheus's text exposition format (`GET /metrics` on the
//! admin server), one series per serving pod: a request latency histogram, requests by status code
//! and resident memory. The `bad-release` build (its canary in production) is slow and erroring.
//! Counters grow with the simulated time a pod has served, so a paused clock gives steady numbers
//! and `histogram_quantile` over the cumulative buckets is exact: p95 143 ms for a good build, 287 ms
//! for the bad one, the numbers its performance job reports.

use std::fmt::Write;

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::kube::Cluster;
use crate::kube::store::Kind;

/// Bucket bounds in seconds (`+Inf` is added), and the share of requests at or under each, per mille.
const BOUNDS: [f64; 8] = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.5, 1.0];
/// p95 = 0.1 + 0.05 * (950 - 864) / (964 - 864) = 0.143.
const GOOD: [u64; 8] = [300, 864, 964, 985, 992, 996, 999, 1000];
/// p95 = 0.25 + 0.05 * (950 - 876) / (976 - 876) = 0.287.
const BAD: [u64; 8] = [100, 350, 600, 780, 876, 976, 995, 999];
/// Requests per second each pod serves.
const RPS: u64 = 20;

/// One pod's part of the exposition.
struct Serving<'a> {
    namespace: &'a str,
    pod: &'a str,
    version: &'a str,
    bad: bool,
    /// Whole seconds it has served (since it became ready).
    served: u64,
}

/// The exposition for every ready pod of the cluster at `now`.
pub(crate) fn exposition(cluster: &Cluster, now: DateTime<Utc>) -> String {
    let pods = cluster.store.list(Kind::Pod, None);
    let serving: Vec<Serving> = pods
        .iter()
        .filter_map(|p| serving(cluster, p, now))
        .collect();
    let mut out = String::new();
    out.push_str("# HELP http_request_duration_seconds Time to answer an HTTP request.\n");
    out.push_str("# TYPE http_request_duration_seconds histogram\n");
    for s in &serving {
        let shares = if s.bad { BAD } else { GOOD };
        let total = s.served * RPS;
        for (le, per_mille) in BOUNDS.iter().zip(shares) {
            let n = total * per_mille / 1000;
            let _ = writeln!(
                out,
                "http_request_duration_seconds_bucket{{{},le=\"{le}\"}} {n}",
                labels(s)
            );
        }
        let _ = writeln!(
            out,
            "http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {total}",
            labels(s)
        );
        let mean = if s.bad { 0.162 } else { 0.071 };
        let _ = writeln!(
            out,
            "http_request_duration_seconds_sum{{{}}} {:.3}",
            labels(s),
            total as f64 * mean
        );
        let _ = writeln!(
            out,
            "http_request_duration_seconds_count{{{}}} {total}",
            labels(s)
        );
    }
    out.push_str("# HELP http_requests_total HTTP requests answered, by status code.\n");
    out.push_str("# TYPE http_requests_total counter\n");
    for s in &serving {
        let total = s.served * RPS;
        // 6% errors for the bad build, 0.2% otherwise.
        let errors = total * if s.bad { 60 } else { 2 } / 1000;
        let _ = writeln!(
            out,
            "http_requests_total{{{},code=\"200\"}} {}",
            labels(s),
            total - errors
        );
        let _ = writeln!(
            out,
            "http_requests_total{{{},code=\"500\"}} {errors}",
            labels(s)
        );
    }
    out.push_str("# HELP process_resident_memory_bytes Resident memory size in bytes.\n");
    out.push_str("# TYPE process_resident_memory_bytes gauge\n");
    for s in &serving {
        let mib: u64 = if s.bad { 468 } else { 380 };
        let _ = writeln!(
            out,
            "process_resident_memory_bytes{{{}}} {}",
            labels(s),
            mib << 20
        );
    }
    out
}

fn labels(s: &Serving) -> String {
    format!(
        "app=\"shop\",namespace=\"{}\",pod=\"{}\",version=\"{}\"",
        s.namespace, s.pod, s.version
    )
}

fn text<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// A pod that serves: ready and not terminating.
fn serving<'a>(cluster: &Cluster, pod: &'a Value, now: DateTime<Utc>) -> Option<Serving<'a>> {
    if !pod["metadata"]["deletionTimestamp"].is_null() {
        return None;
    }
    let ready = pod["status"]["conditions"]
        .as_array()?
        .iter()
        .find(|c| c["type"] == "Ready" && c["status"] == "True")?;
    let since = DateTime::parse_from_rfc3339(ready["lastTransitionTime"].as_str()?).ok()?;
    let served = (now - since.with_timezone(&Utc)).num_seconds().max(0) as u64;
    let image = text(pod, "/spec/containers/0/image");
    Some(Serving {
        namespace: text(pod, "/metadata/namespace"),
        pod: text(pod, "/metadata/name"),
        version: image.rsplit(':').next().unwrap_or(image),
        bad: cluster.is_bad_pod(pod),
        served,
    })
}
