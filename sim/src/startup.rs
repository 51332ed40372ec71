//! Starting the simulator: bind the GitHub, Kubernetes and admin listeners, write the token, CA,
//! kubeconfig and gantry config into the state dir, and spawn the servers and the world driver.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use anyhow::Context;
use chrono::{DateTime, Duration, DurationRound, Utc};
use tokio::net::TcpListener;

use crate::admin::{self, AdminClient, AdminState};
use crate::clock::{Clock, epoch};
use crate::driver::Sim;
use crate::faults::Faults;
use crate::github::{self, GhState};
use crate::handle::SimHandle;
use crate::kube::{self, Cluster, KubeDeps};
use crate::reqlog::RequestLog;
use crate::state_files::{config_toml, fresh_dir, write_private};
use crate::tls::Tls;
use crate::world::{INTERN, ONCALL, Scenario, World};

#[derive(clap::Args, Debug, Clone)]
pub struct SimArgs {
    /// IP and base port: GitHub on PORT, Kubernetes on PORT+1, admin on PORT+2 (port 0: free ports).
    #[arg(long, default_value = "127.0.0.1:0")]
    pub addr: SocketAddr,
    /// Simulated seconds per real second.
    #[arg(long, default_value_t = 1.0)]
    pub speed: f64,
    /// Seed for ids, tokens and durations (random when absent).
    #[arg(long)]
    pub seed: Option<u64>,
    #[arg(long, value_enum, default_value_t = Scenario::Release)]
    pub scenario: Scenario,
    /// Start with the clock paused (move it with the admin API).
    #[arg(long)]
    pub paused: bool,
    /// Simulated time at start, RFC 3339 (e.g. 2026-11-27T03:00:00Z); default: now, to the minute
    /// when paused. With --seed and --paused, every answer is then reproducible.
    #[arg(long, value_name = "TIME", value_parser = parse_start)]
    pub start: Option<DateTime<Utc>>,
    /// Serve HTTPS with a CA made at start-up (written to the state dir as ca.pem and into the
    /// kubeconfig), as real clusters and GitHub Enterprise do.
    #[arg(long)]
    pub tls: bool,
    /// Where the token, kubeconfig and config are written (a fresh temp dir when absent).
    #[arg(long)]
    pub state_dir: Option<PathBuf>,
}

fn parse_start(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{e} (expected RFC 3339, e.g. 2026-11-27T03:00:00Z)"))
}

impl Default for SimArgs {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            speed: 1.0,
            seed: None,
            scenario: Scenario::Release,
            paused: false,
            start: None,
            tls: false,
            state_dir: None,
        }
    }
}

impl SimArgs {
    /// Seed 1, a paused clock at a fixed instant (2026-11-27T03:00:00Z): every answer is the same
    /// on every run, for tests that compare exact values.
    pub fn reproducible(scenario: Scenario) -> SimArgs {
        SimArgs {
            seed: Some(1),
            paused: true,
            start: Some(epoch()),
            scenario,
            ..SimArgs::default()
        }
    }
}

async fn bind(addr: SocketAddr, offset: u16) -> anyhow::Result<TcpListener> {
    let a = if addr.port() == 0 {
        addr
    } else {
        SocketAddr::new(addr.ip(), addr.port() + offset)
    };
    TcpListener::bind(a)
        .await
        .with_context(|| format!("binding {a}"))
}

/// How long before start-up a running (not paused) simulator's release was pushed.
const HEAD_START_SECONDS: i64 = 30;

/// Where simulated time starts, and how far the clock then runs ahead before serving. A paused
/// clock starts at `--start` or now to the minute, so its times agree with the engineer's clock
/// (and kubectl's ages); a running one starts a little before now, so the first screen already
/// shows jobs running, and catches up to now.
fn start_instant(args: &SimArgs, now: DateTime<Utc>) -> (DateTime<Utc>, i64) {
    let unit = if args.paused {
        Duration::minutes(1)
    } else {
        Duration::seconds(1)
    };
    let base = args
        .start
        .unwrap_or_else(|| now.duration_trunc(unit).unwrap_or(now));
    if args.paused {
        (base, 0)
    } else {
        (
            base - Duration::seconds(HEAD_START_SECONDS),
            HEAD_START_SECONDS,
        )
    }
}

pub async fn start(args: &SimArgs) -> anyhow::Result<SimHandle> {
    let seed = args.seed.unwrap_or_else(|| {
        std::hash::BuildHasher::hash_one(
            &std::collections::hash_map::RandomState::new(),
            std::process::id(),
        )
    });
    let gh = bind(args.addr, 0).await?;
    let kl = bind(args.addr, 1).await?;
    let al = bind(args.addr, 2).await?;
    let tls = if args.tls {
        Some(Tls::generate(args.addr.ip())?)
    } else {
        None
    };
    let scheme = if tls.is_some() { "https" } else { "http" };
    let url = |l: &TcpListener| -> anyhow::Result<String> {
        Ok(format!("{scheme}://{}", l.local_addr()?))
    };
    let (github_url, kube_url, admin_url) = (url(&gh)?, url(&kl)?, url(&al)?);

    let (start, head_start) = start_instant(args, Utc::now());
    let clock = Arc::new(Clock::new(start, args.speed, args.paused));
    let world = World::new(args.scenario, seed, start)?;
    let token = world
        .user(ONCALL)
        .map(|u| u.token.clone())
        .context("no on-call user")?;
    let intern_token = world
        .user(INTERN)
        .map(|u| u.token.clone())
        .context("no intern user")?;
    let mut c = Cluster::new(args.scenario == Scenario::BadRelease, start);
    // Every GitHub user may use the cluster with their token; the intern may only read production.
    for u in world.users.iter() {
        let role = if u.login == INTERN {
            kube::rbac::Role::ReadOnlyIn(vec!["production".into()])
        } else {
            kube::rbac::Role::Admin
        };
        c.rbac.add(&u.token, &u.login, role);
    }
    let cluster = Arc::new(Mutex::new(c));
    let sim = Sim {
        world: Arc::new(Mutex::new(world)),
        cluster: cluster.clone(),
        clock: clock.clone(),
    };
    let faults = Arc::new(Faults::default());
    let log = Arc::new(RequestLog::default());

    let (state_dir, owns_dir) = match &args.state_dir {
        Some(d) => {
            std::fs::create_dir_all(d)?;
            (d.clone(), false)
        }
        None => (fresh_dir()?, true),
    };
    let token_file = state_dir.join("token");
    let kubeconfig = state_dir.join("kubeconfig");
    let config = state_dir.join("config.toml");
    let ca_pem = tls.as_ref().map(|t| t.ca_pem.clone());
    let ca_file = match &ca_pem {
        Some(pem) => {
            let path = state_dir.join("ca.pem");
            std::fs::write(&path, pem)?;
            Some(path)
        }
        None => None,
    };
    write_private(&token_file, &format!("{token}\n"))?;
    kube::write_kubeconfig(
        &kubeconfig,
        &kube_url,
        &[
            ("gantry-demo", &token),
            ("gantry-demo-intern", &intern_token),
        ],
        ca_pem.as_deref(),
    )?;
    std::fs::write(
        &config,
        config_toml(&github_url, &token_file, &kubeconfig, ca_file.as_deref()),
    )?;

    let gh_state = Arc::new(GhState {
        sim: sim.clone(),
        faults: faults.clone(),
        log: log.clone(),
        base: github_url.clone(),
        rate: Mutex::new(Default::default()),
    });
    let admin_state = Arc::new(AdminState {
        sim: sim.clone(),
        faults: faults.clone(),
        log: log.clone(),
    });
    let deps = KubeDeps {
        cluster,
        clock: clock.clone(),
        faults,
        log,
    };
    let servers = [
        ("github", gh, github::router(gh_state)),
        ("kube", kl, kube::router(deps)),
        ("admin", al, admin::router(admin_state)),
    ];
    let mut tasks: Vec<_> = servers
        .into_iter()
        .map(|(name, listener, app)| {
            let (clock, tls) = (clock.clone(), tls.clone());
            tokio::spawn(async move {
                if let Err(e) = crate::net::serve(listener, app, clock, tls).await {
                    tracing::error!("{name} server: {e}");
                }
            })
        })
        .collect();
    tasks.push(tokio::spawn(sim.drive()));
    if head_start > 0 {
        clock.advance(head_start as f64);
    }
    let admin = AdminClient::new(&admin_url, ca_pem.as_deref())?;
    Ok(SimHandle {
        github_url,
        kube_url,
        admin_url,
        token,
        kubeconfig,
        config,
        state_dir,
        ca_file,
        seed,
        ca_pem,
        admin,
        tasks,
        owns_dir,
    })
}

/// `gantry sim`: prints the JSON line first, then serves until SIGINT or SIGTERM.
pub async fn run_headless(args: SimArgs) -> anyhow::Result<()> {
    use std::io::Write;
    let mut handle = start(&args).await?;
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "{}", handle.info_json())?;
        out.flush()?;
    }
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    tokio::signal::ctrl_c().await?;
    handle.shutdown();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        parse_start(s).expect("time")
    }

    #[test]
    fn a_paused_clock_starts_now_to_the_minute_unless_told() {
        let now = at("2031-04-02T10:17:42.5Z");
        let paused = SimArgs {
            paused: true,
            ..SimArgs::default()
        };
        assert_eq!(start_instant(&paused, now), (at("2031-04-02T10:17:00Z"), 0));
        let fixed = SimArgs {
            start: Some(at("2026-11-27T03:00:00Z")),
            ..paused.clone()
        };
        assert_eq!(start_instant(&fixed, now), (at("2026-11-27T03:00:00Z"), 0));
        // Running: pushed half a minute before now, then the clock catches up to now.
        let running = SimArgs::default();
        assert_eq!(
            start_instant(&running, now),
            (at("2031-04-02T10:17:12Z"), HEAD_START_SECONDS)
        );
    }

    #[test]
    fn start_takes_rfc3339_and_says_so_otherwise() {
        assert_eq!(
            parse_start("2026-11-27T04:00:00+01:00"),
            Ok(at("2026-11-27T03:00:00Z"))
        );
        let e = parse_start("yesterday").expect_err("not a time");
        assert!(e.contains("RFC 3339"), "{e}");
    }
}
