//! What watching the release costs in GitHub quota: gantry's GitHub source (the code the TUI runs,
//! built with the bench profile) against the simulator, from the push to the CD run's success, then 30
//! simulated idle minutes. Reads the simulator's request log: charged requests live and idle, the
//! distinct changes gantry showed (the floor is one charged request per change), and how long after
//! the simulator made a job or step change it reached gantry (p50, p95).
//!
//! Time is scaled: the simulator runs at `SPEED` simulated seconds per real second and gantry polls
//! every `1 s / SPEED` real, so counts and latencies in simulated seconds are those of gantry polling
//! every second against a real-time GitHub, in a tenth of the time. The production review is
//! approved as soon as it is asked for, as the on-call engineer would.
//!
//! Beside it, in the same run, `gh run watch` on the CI run through ghprobe's TLS front
//! (`benches/support/ghprobe_tls_proxy.py`, a copy of the shared tool) when `gh`, `openssl` and
//! `python3` are installed; gh's tick is in real seconds, so its cost is counted per real hour.
//!
//! `cargo bench --bench quota` (figures in the README).

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use gantry::app::slot::SameOnScreen;
use gantry::config::{Repo, Secret};
use gantry::event::{Event, SourceEvent, Update};
use gantry::model::github::{Conclusion, Kind, Snapshot, Status};
use gantry::sources::SourceLink;
use gantry::sources::github::{self, Client, Polling};
use gantry_sim::{RequestRecord, Server, SimArgs, SimHandle};
use tokio_util::sync::CancellationToken;

/// Simulated seconds per real second (`GANTRY_BENCH_SPEED`, default 10). Lower is more faithful on
/// a loaded machine: a millisecond of work here is `SPEED` milliseconds of simulated latency.
fn speed() -> f64 {
    std::env::var("GANTRY_BENCH_SPEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|s: &f64| *s > 0.0)
        .unwrap_or(10.0)
}
/// The live rate in simulated seconds (`refresh_seconds = 1`).
const LIVE_SIM_SECONDS: f64 = 1.0;
/// The idle rate (`idle_refresh_seconds` default).
const IDLE_SIM_SECONDS: f64 = 60.0;
const IDLE_MINUTES: u32 = 30;

fn main() -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(run())
}

/// Job and step transitions (what a change on screen is made of), keyed by what changed, with the
/// simulated time GitHub stamped on them.
fn transitions(snap: &Snapshot) -> BTreeMap<String, DateTime<Utc>> {
    let mut out = BTreeMap::new();
    for job in snap.jobs.values().flatten() {
        if let Some(t) = job.started_at {
            out.insert(format!("{} started", job.id), t);
        }
        if let Some(t) = job.completed_at {
            out.insert(format!("{} completed", job.id), t);
        }
        for s in &job.steps {
            if let Some(t) = s.completed_at {
                out.insert(format!("{}/{} completed", job.id, s.number), t);
            }
        }
    }
    out
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn charged(log: &[RequestRecord]) -> usize {
    log.iter()
        .filter(|r| r.server == Server::Github && r.charged)
        .count()
}

fn github_requests(log: &[RequestRecord]) -> usize {
    log.iter().filter(|r| r.server == Server::Github).count()
}

async fn approve_production(s: &SimHandle, snap: &Snapshot) -> anyhow::Result<bool> {
    let (_, Some(cd)) = snap.pipeline() else {
        return Ok(false);
    };
    if cd.status != Status::Waiting {
        return Ok(false);
    }
    let http = s.client_builder()?.build()?;
    let url = format!(
        "{}/repos/acme/shop/actions/runs/{}/pending_deployments",
        s.github_url, cd.id
    );
    let pending: serde_json::Value = http
        .get(&url)
        .bearer_auth(&s.token)
        .send()
        .await?
        .json()
        .await?;
    let ids: Vec<u64> = pending
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["environment"]["id"].as_u64())
        .collect();
    if ids.is_empty() {
        return Ok(false);
    }
    let body =
        serde_json::json!({"environment_ids": ids, "state": "approved", "comment": "quota bench"});
    let r = http
        .post(&url)
        .bearer_auth(&s.token)
        .json(&body)
        .send()
        .await?;
    Ok(r.status().is_success())
}

fn cd_succeeded(snap: &Snapshot) -> bool {
    matches!(
        snap.pipeline(),
        (_, Some(cd)) if cd.kind() == Some(Kind::Cd) && cd.status == Status::Done(Conclusion::Success)
    )
}

async fn run() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let speed = speed();
    let args = SimArgs {
        speed,
        seed: Some(1),
        state_dir: Some(dir.path().to_path_buf()),
        ..SimArgs::default()
    };
    let s = gantry_sim::start(&args).await?;
    let client = Client::new(
        &format!("{}/", s.github_url),
        Some(Secret::new(s.token.clone())),
        Duration::from_secs(10),
    )?;
    let real = |sim_seconds: f64| Duration::from_secs_f64(sim_seconds / speed);
    let polling = Polling {
        live: real(LIVE_SIM_SECONDS),
        idle: real(IDLE_SIM_SECONDS),
    };
    s.admin().clear_requests().await?;
    let (tx, mut rx) = gantry::event::channel();
    let (_commands, commands) = tokio::sync::mpsc::channel(8);
    let cancel = CancellationToken::new();
    let link = SourceLink {
        events: tx,
        commands,
        cancel: cancel.clone(),
    };
    let repo = Repo::parse("acme/shop").map_err(anyhow::Error::msg)?;
    tokio::spawn(github::task(client, vec![repo], polling, link));
    let gh = match Gh::start(&s).await {
        Ok(gh) => Some(gh),
        Err(e) => {
            println!("gh beside gantry: not measured ({e})");
            None
        }
    };

    // Live: until the CD run succeeded.
    let mut shown: Option<Snapshot> = None;
    let mut changes = 0usize;
    let mut seen: BTreeMap<String, DateTime<Utc>> = BTreeMap::new();
    let mut latencies: Vec<f64> = Vec::new();
    let started = std::time::Instant::now();
    let mut approved = false;
    let live_end = loop {
        let ev = tokio::time::timeout(Duration::from_secs(600), rx.recv()).await?;
        let Some(Event::Source(SourceEvent::GithubRepo { update, .. })) = ev else {
            anyhow::bail!("the GitHub task ended");
        };
        let snap = match update {
            Update::Loaded(snap) => snap,
            Update::Fetching => continue,
            Update::Failed { message, .. } => anyhow::bail!("fetch failed: {message}"),
        };
        let sim_now = s.admin().clock().await?.now;
        if shown.as_ref().is_none_or(|old| !old.same_on_screen(&snap)) {
            // The first snapshot is the screen gantry opens with, not a change it followed.
            if shown.is_some() {
                changes += 1;
                for (what, at) in transitions(&snap) {
                    if !seen.contains_key(&what) {
                        latencies.push((sim_now - at).num_milliseconds() as f64 / 1000.0);
                    }
                }
            }
            seen = transitions(&snap);
            shown = Some(snap.clone());
        }
        if !approved {
            approved = approve_production(&s, &snap).await?;
        }
        if cd_succeeded(&snap) {
            break s.admin().requests().await?;
        }
        if started.elapsed() > Duration::from_secs(900) {
            anyhow::bail!("the release did not finish in 15 minutes");
        }
    };
    let live_sim = live_end
        .first()
        .zip(live_end.last())
        .map_or(0.0, |(a, b)| (b.at - a.at).num_seconds() as f64);

    // Idle: 30 simulated minutes with nothing moving, the clock stepped a minute per idle poll.
    s.admin().pause().await?;
    s.admin().clear_requests().await?;
    for _ in 0..IDLE_MINUTES {
        s.admin().advance(60.0).await?;
        tokio::time::sleep(real(IDLE_SIM_SECONDS)).await;
    }
    let idle = s.admin().requests().await?;
    cancel.cancel();

    let gh = gh.map(Gh::finish);
    latencies.sort_by(f64::total_cmp);
    let live_charged = charged(&live_end);
    println!(
        "quota: gantry's GitHub source against the simulator (speed {speed}, live every {LIVE_SIM_SECONDS} s, idle every {IDLE_SIM_SECONDS} s, simulated)"
    );
    println!(
        "live  {:>5.0} simulated s: {} GitHub requests, {} charged; {} distinct changes shown (floor {}), ratio {:.2}",
        live_sim,
        github_requests(&live_end),
        live_charged,
        changes,
        changes,
        live_charged as f64 / changes.max(1) as f64
    );
    println!(
        "      charged per hour: {:.0}",
        live_charged as f64 * 3600.0 / live_sim.max(1.0)
    );
    println!(
        "      change -> gantry ({} job/step transitions): p50 {:.2} s, p95 {:.2} s, max {:.2} s (simulated)",
        latencies.len(),
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.95),
        latencies.last().copied().unwrap_or(f64::NAN)
    );
    println!(
        "idle  {IDLE_MINUTES} simulated min: {} GitHub requests, {} charged ({} per hour)",
        github_requests(&idle),
        charged(&idle),
        charged(&idle) * 60 / IDLE_MINUTES as usize
    );
    if let Some(Ok((requests, conditional, seconds))) = gh {
        let per_hour = requests as f64 * 3600.0 / seconds.max(1.0);
        let ours = live_charged as f64 * 3600.0 / live_sim.max(1.0);
        println!(
            "gh run watch: {requests} requests in {seconds:.0} real s ({conditional} conditional): {per_hour:.0} per hour, {:.0}x gantry's charged rate",
            per_hour / ours.max(1.0)
        );
    } else if let Some(Err(e)) = gh {
        println!("gh run watch: failed: {e}");
    }
    Ok(())
}

/// `gh run watch` on the CI run through the TLS front, counting what it asks for.
struct Gh {
    proxy: std::process::Child,
    gh: std::process::Child,
    started: std::time::Instant,
    log: std::path::PathBuf,
    _config: tempfile::TempDir,
}

const GH_PORT: u16 = 18443;

impl Gh {
    async fn start(s: &SimHandle) -> anyhow::Result<Gh> {
        use std::process::{Command, Stdio};
        let ok = |c: &str, a: &str| {
            Command::new(c)
                .arg(a)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        };
        if !ok("gh", "--version") || !ok("openssl", "version") || !ok("python3", "--version") {
            anyhow::bail!("gh, openssl or python3 is not installed");
        }
        // The proxy's fixed places, as the shared tool has them.
        std::fs::create_dir_all("/tmp/ghprobe")?;
        let cert = Command::new("openssl")
            .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes"])
            .args([
                "-keyout",
                "/tmp/ghprobe/key.pem",
                "-out",
                "/tmp/ghprobe/cert.pem",
            ])
            .args(["-days", "2", "-subj", "/CN=localhost"])
            .args(["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()?;
        anyhow::ensure!(cert.success(), "openssl could not make a certificate");
        let log = std::path::PathBuf::from("/tmp/ghprobe-requests.log");
        std::fs::write(&log, "")?;
        let script = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/benches/support/ghprobe_tls_proxy.py"
        );
        let proxy = Command::new("python3")
            .args([script, &s.github_url, &GH_PORT.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        // Ready when it accepts a connection (python and its TLS set-up take a moment).
        let mut tries = 0;
        while tokio::net::TcpStream::connect(("127.0.0.1", GH_PORT))
            .await
            .is_err()
        {
            tries += 1;
            anyhow::ensure!(tries < 200, "the TLS front did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let http = s.client_builder()?.build()?;
        let runs: serde_json::Value = http
            .get(format!(
                "{}/repos/acme/shop/actions/runs?per_page=20",
                s.github_url
            ))
            .bearer_auth(&s.token)
            .send()
            .await?
            .json()
            .await?;
        let ci = runs["workflow_runs"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|r| r["name"] == "Enterprise CI Pipeline" && r["status"] != "completed")
            .and_then(|r| r["id"].as_u64())
            .ok_or_else(|| anyhow::anyhow!("no CI run in progress"))?;
        let config = tempfile::tempdir()?;
        let host = format!("localhost:{GH_PORT}");
        let gh = Command::new("gh")
            .args([
                "run",
                "watch",
                &ci.to_string(),
                "-R",
                &format!("{host}/acme/shop"),
            ])
            .env("SSL_CERT_FILE", "/tmp/ghprobe/cert.pem")
            .env("GH_ENTERPRISE_TOKEN", &s.token)
            .env("GH_HOST", &host)
            .env("GH_CONFIG_DIR", config.path())
            .env_remove("GH_TOKEN")
            .env_remove("GITHUB_TOKEN")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create("/tmp/ghprobe/gh.err")?)
            .spawn()?;
        Ok(Gh {
            proxy,
            gh,
            started: std::time::Instant::now(),
            log,
            _config: config,
        })
    }

    /// Stops gh (if the run has not ended it already) and the proxy: (requests, conditional ones,
    /// real seconds gh watched).
    fn finish(mut self) -> anyhow::Result<(usize, usize, f64)> {
        let seconds = match self.gh.try_wait()? {
            Some(status) if !status.success() => {
                let _ = self.proxy.kill();
                let err = std::fs::read_to_string("/tmp/ghprobe/gh.err").unwrap_or_default();
                anyhow::bail!("gh run watch exited with {status}: {}", err.trim());
            }
            Some(_) => None,
            None => {
                let _ = self.gh.kill();
                let _ = self.gh.wait();
                Some(self.started.elapsed().as_secs_f64())
            }
        };
        let _ = self.proxy.kill();
        let _ = self.proxy.wait();
        let text = std::fs::read_to_string(&self.log)?;
        let lines: Vec<&str> = text.lines().collect();
        let span = lines
            .first()
            .zip(lines.last())
            .and_then(|(a, b)| {
                let t = |l: &str| l.split(' ').next()?.parse::<f64>().ok();
                Some(t(b)? - t(a)?)
            })
            .unwrap_or(0.0);
        let conditional = lines.iter().filter(|l| !l.ends_with("inm=None")).count();
        Ok((lines.len(), conditional, seconds.unwrap_or(span)))
    }
}
