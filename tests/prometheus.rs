//! The real Prometheus server (Debian's `prometheus` package; .ci/run installs it) scrapes the
//! simulator's demo metrics on loopback, and a performance rule is evaluated through its HTTP API:
//! the bad release's canary answers with p95 287 ms (fail), the stable build with 143 ms (pass).
//! Skipped, saying so, only when the binary is absent.

mod common;

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;
use common::{SimExt, sim};
use gantry::config;
use gantry::gates::{Evidence, Piece, Verdict};
use gantry::model::gates::Verdicts;
use gantry::sources::evidence::prometheus_query;
use gantry_sim::Scenario;
use gantry_sim::commits::{CANDIDATE, production_stable};
use serde_json::{Value, json};

const P: &str = "/repos/acme/shop";

/// Ends the server even when an assertion fails first.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn binary() -> Option<&'static str> {
    ["/usr/bin/prometheus", "/usr/local/bin/prometheus"]
        .into_iter()
        .find(|p| Path::new(p).exists())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Polls `url` until `ready` says yes, for at most a minute (the server starts, then scrapes).
async fn until(http: &reqwest::Client, url: &str, ready: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut last = Value::Null;
    while Instant::now() < deadline {
        if let Ok(r) = http.get(url).send().await {
            if let Ok(v) = r.json::<Value>().await {
                if ready(&v) {
                    return v;
                }
                last = v;
            }
        }
        // Polling the server's API for its state; nothing to await instead.
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("{url} never got ready: {last}");
}

fn gates(query: &str) -> Vec<gantry::gates::Gate> {
    let text = format!(
        r#"
[[gates]]
name = "Performance"
kind = "performance"

[[gates.rules]]
preset = "p95"
source = "prometheus"
query = '{query}'

[[gates.rules]]
preset = "memory"
enabled = false
"#
    );
    config::load_str("gates.toml", &text).unwrap().gates
}

fn p95_query(version: &str) -> String {
    format!(
        "round(histogram_quantile(0.95, sum by (le) (http_request_duration_seconds_bucket{{namespace=\"production\",version=\"{version}\"}})) * 1000)"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prometheus_scrapes_the_simulator_and_judges_the_canary() {
    let Some(bin) = binary() else {
        eprintln!(
            "SKIPPED: the prometheus binary is absent (apt-get install prometheus; .ci/run does)"
        );
        return;
    };
    // The bad release after CI, approved, its canary serving in production.
    let s = sim(Scenario::BadRelease).await;
    s.advance(1200).await;
    let cd = s.latest_run("Enterprise CD Pipeline").await;
    let pending = s
        .json(&format!(
            "{P}/actions/runs/{}/pending_deployments",
            cd["id"]
        ))
        .await;
    let body = json!({"environment_ids": [pending[0]["environment"]["id"]], "state": "approved", "comment": "canary"});
    let r = s
        .post(
            &format!("{P}/actions/runs/{}/pending_deployments", cd["id"]),
            body,
        )
        .await;
    assert_eq!(r.status(), 200);
    s.advance(300).await;
    gantry::tls::install_provider();
    let http = reqwest::Client::new();
    let metrics = http
        .get(format!("{}/metrics", s.admin_url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let canary = CANDIDATE.short();
    assert!(
        metrics.contains("namespace=\"production\",pod=")
            && metrics.contains(&format!("version=\"{canary}\"")),
        "no canary series in:\n{metrics}"
    );

    let dir = tempfile::tempdir().unwrap();
    let target = s
        .admin_url
        .trim_start_matches("http://")
        .trim_end_matches('/');
    let config = format!(
        "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: shop\n    static_configs:\n      - targets: ['{target}']\n"
    );
    std::fs::write(dir.path().join("prometheus.yml"), config).unwrap();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let _server = Server(
        Command::new(bin)
            .arg(format!(
                "--config.file={}",
                dir.path().join("prometheus.yml").display()
            ))
            .arg(format!(
                "--storage.tsdb.path={}",
                dir.path().join("data").display()
            ))
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    until(&http, &format!("{base}/api/v1/targets"), |v| {
        v["data"]["activeTargets"][0]["health"] == "up"
    })
    .await;
    let bad = p95_query(canary);
    let url = reqwest::Url::parse_with_params(&format!("{base}/api/v1/query"), [("query", &bad)])
        .unwrap();
    until(&http, url.as_str(), |v| {
        v["data"]["result"]
            .as_array()
            .is_some_and(|r| !r.is_empty())
    })
    .await;

    // The performance rule through gantry's own query code and the gate engine.
    let stable = p95_query(production_stable().short());
    for (query, verdict, observed) in [
        (bad, Verdict::Fail, "287 ms"),
        (stable, Verdict::Pass, "143 ms"),
    ] {
        let piece = prometheus_query(&http, &base, &query).await;
        assert!(matches!(piece, Piece::Present(_)), "{piece:?}");
        let mut ev = Evidence {
            sha: CANDIDATE.sha.into(),
            environment: "production".into(),
            ..Evidence::default()
        };
        ev.prometheus.insert(query.clone(), piece);
        let v = Verdicts::evaluate(&gates(&query), ev, Utc::now());
        let rule = v.reports[0].rules[0].display();
        assert_eq!(
            (v.reports[0].verdict, rule.observed.as_str()),
            (verdict, observed),
            "{query}: {rule:?}"
        );
        assert!(
            rule.link
                .is_some_and(|l| l.starts_with(&format!("{base}/graph?g0.expr=")))
        );
    }

    // A query Prometheus rejects is unknown, with its words.
    let piece = prometheus_query(&http, &base, "sum(").await;
    assert!(
        matches!(&piece, Piece::Unreadable(why) if why.contains("parse error")),
        "{piece:?}"
    );
}
