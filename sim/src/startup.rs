//! Starting the simulator: bind the GitHub, Kubernetes and admin listeners, write the token,
//! kubeconfig and gantry config into the state dir, and spawn the servers and the world driver.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::Context;
use serde_json::json;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use super::admin::{self, AdminState};
use super::clock::{Clock, epoch};
use super::driver::Sim;
use super::faults::Faults;
use super::github::{self, GhState};
use super::kube::{self, Cluster, KubeDeps};
use super::reqlog::RequestLog;
use super::world::{ONCALL, Scenario, World};

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
    /// Where the token, kubeconfig and config are written (a fresh temp dir when absent).
    #[arg(long)]
    pub state_dir: Option<PathBuf>,
}

impl Default for SimArgs {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            speed: 1.0,
            seed: None,
            scenario: Scenario::Release,
            paused: false,
            state_dir: None,
        }
    }
}

pub struct SimHandle {
    pub github_url: String,
    pub kube_url: String,
    pub admin_url: String,
    pub token: String,
    pub kubeconfig: PathBuf,
    pub config: PathBuf,
    pub state_dir: PathBuf,
    pub seed: u64,
    pub clock: Arc<Clock>,
    tasks: Vec<JoinHandle<()>>,
    owns_dir: bool,
}

impl SimHandle {
    pub fn info_json(&self) -> serde_json::Value {
        json!({
            "github_url": self.github_url, "kube_url": self.kube_url, "kubeconfig": self.kubeconfig,
            "config": self.config, "admin_url": self.admin_url, "token": self.token,
        })
    }

    /// Stops the servers and the driver (also done on drop).
    pub fn shutdown(&mut self) {
        for t in self.tasks.drain(..) {
            t.abort();
        }
        if self.owns_dir {
            self.owns_dir = false;
            let _ = std::fs::remove_dir_all(&self.state_dir);
        }
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        self.shutdown();
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

fn url(l: &TcpListener) -> anyhow::Result<String> {
    Ok(format!("http://{}", l.local_addr()?))
}

fn fresh_dir() -> anyhow::Result<PathBuf> {
    // Unique without randomness from the world: pid plus a process-wide counter and address entropy.
    static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let salt = std::collections::hash_map::RandomState::new();
    let h = std::hash::BuildHasher::hash_one(&salt, n);
    let dir = std::env::temp_dir().join(format!(
        "gantry-sim-{}-{n}-{:08x}",
        std::process::id(),
        h as u32
    ));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    #[cfg(unix)]
    use std::os::unix::fs::OpenOptionsExt;
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    o.mode(0o600);
    o.open(path)?.write_all(text.as_bytes())?;
    Ok(())
}

pub fn config_toml(github_url: &str, token_file: &Path, kubeconfig: &Path) -> String {
    format!(
        "[github]\napi_url = \"{github_url}/\"\nrepos = [\"acme/shop\"]\nbranch = \"main\"\ntoken_file = \"{}\"\n\n[kubernetes]\nkubeconfig = \"{}\"\ncontexts = [\"gantry-demo\"]\nnamespaces = [\"staging\", \"production\"]\n\n[[environments]]\nname = \"development\"\n\n[[environments]]\nname = \"staging\"\ncontext = \"gantry-demo\"\nnamespace = \"staging\"\nworkload = \"deployment/shop\"\n\n[[environments]]\nname = \"production\"\ncontext = \"gantry-demo\"\nnamespace = \"production\"\nworkload = \"rollout/shop\"\nconfirm = \"type-name\"\n",
        token_file.display(),
        kubeconfig.display()
    )
}

/// How long before start-up a running (not paused) simulator's release was pushed.
const HEAD_START_SECONDS: i64 = 30;

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
    let (github_url, kube_url, admin_url) = (url(&gh)?, url(&kl)?, url(&al)?);

    // A paused clock starts at a fixed instant so seeded runs are exact; a running one starts now,
    // so the demo's times agree with the engineer's clock.
    let (start, head_start) = if args.paused {
        (epoch(), 0)
    } else {
        // The push happened a little before now, so the first screen already shows jobs running;
        // the clock catches up below and then agrees with the engineer's.
        let now = chrono::Utc::now();
        let now =
            now - chrono::Duration::nanoseconds(i64::from(chrono::Timelike::nanosecond(&now)));
        (
            now - chrono::Duration::seconds(HEAD_START_SECONDS),
            HEAD_START_SECONDS,
        )
    };
    let clock = Arc::new(Clock::new(start, args.speed, args.paused));
    let world = World::new(args.scenario, seed, start)?;
    let token = world
        .user(ONCALL)
        .map(|u| u.token.clone())
        .context("no on-call user")?;
    let cluster = Arc::new(Mutex::new(Cluster::new(
        args.scenario == Scenario::BadRelease,
        start,
    )));
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
    write_private(&token_file, &format!("{token}\n"))?;
    kube::write_kubeconfig(&kubeconfig, &kube_url, &token)?;
    std::fs::write(&config, config_toml(&github_url, &token_file, &kubeconfig))?;

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
    let tasks = vec![
        tokio::spawn(async move {
            if let Err(e) = axum::serve(gh, github::router(gh_state)).await {
                tracing::error!("github server: {e}");
            }
        }),
        tokio::spawn(async move {
            if let Err(e) = kube::serve(kl, deps).await {
                tracing::error!("kube server: {e}");
            }
        }),
        tokio::spawn(async move {
            if let Err(e) = axum::serve(al, admin::router(admin_state)).await {
                tracing::error!("admin server: {e}");
            }
        }),
        tokio::spawn(sim.drive()),
    ];
    if head_start > 0 {
        clock.advance(head_start as f64);
    }
    Ok(SimHandle {
        github_url,
        kube_url,
        admin_url,
        token,
        kubeconfig,
        config,
        state_dir,
        seed,
        clock,
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
