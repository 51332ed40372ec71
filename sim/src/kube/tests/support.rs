//! The harness: a served cluster on 127.0.0.1 with its own paused clock, a kubeconfig, raw HTTP,
//! and a way to run the real kubectl against it.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::clock::{Clock, epoch};
use crate::faults::{FaultRule, Faults};
use crate::kube::{Cluster, KubeDeps, SharedCluster, router, write_kubeconfig};
use crate::reqlog::RequestLog;

pub(super) const KUBECTL: &str = "/usr/lib/google-cloud-sdk/bin/kubectl.1.32";

pub(super) struct Sim {
    pub(super) url: String,
    pub(super) cluster: SharedCluster,
    pub(super) clock: Arc<Clock>,
    pub(super) faults: Arc<Faults>,
    pub(super) log: Arc<RequestLog>,
    pub(super) dir: tempfile::TempDir,
    pub(super) kubeconfig: PathBuf,
    /// The CA that signed the server's certificate, when served over HTTPS.
    pub(super) ca_pem: Option<String>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Drop for Sim {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub(super) async fn start(bad_release: bool) -> Sim {
    start_with(bad_release, false).await
}

/// Served over HTTPS with the simulator's own CA in the kubeconfig: kubectl sends bearer tokens
/// only over TLS, so tests of per-user RBAC need it.
pub(super) async fn start_tls(bad_release: bool) -> Sim {
    start_with(bad_release, true).await
}

async fn start_with(bad_release: bool, tls: bool) -> Sim {
    let clock = Arc::new(Clock::new(epoch(), 1.0, true));
    let cluster = Arc::new(Mutex::new(Cluster::new(bad_release, clock.now())));
    let faults = Arc::new(Faults::default());
    let log = Arc::new(RequestLog::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let tls =
        tls.then(|| crate::tls::Tls::generate("127.0.0.1".parse().expect("ip")).expect("tls"));
    let scheme = if tls.is_some() { "https" } else { "http" };
    let url = format!("{scheme}://{}", listener.local_addr().expect("addr"));
    let ca_pem = tls.as_ref().map(|t| t.ca_pem.clone());
    let deps = KubeDeps {
        cluster: cluster.clone(),
        clock: clock.clone(),
        faults: faults.clone(),
        log: log.clone(),
    };
    let task = tokio::spawn(crate::net::serve(
        listener,
        router(deps),
        clock.clone(),
        tls,
    ));
    let dir = tempfile::tempdir().expect("tempdir");
    let kubeconfig = dir.path().join("kubeconfig");
    write_kubeconfig(&kubeconfig, &url, &[("gantry-demo", "demo-token")], None)
        .expect("kubeconfig");
    Sim {
        url,
        cluster,
        clock,
        faults,
        log,
        dir,
        kubeconfig,
        ca_pem,
        task,
    }
}

/// A plain HTTP client (the simulator's own builder: reqwest is compiled without a provider).
pub(super) fn http() -> reqwest::Client {
    crate::handle::client_builder(None)
        .expect("client config")
        .build()
        .expect("client")
}

/// Whether the real kubectl is installed; without it tests are skipped loudly (failed under CI).
pub(super) fn have_kubectl() -> bool {
    if std::path::Path::new(KUBECTL).exists() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "kubectl 1.32 missing at {KUBECTL} under CI"
    );
    eprintln!("!!! SKIPPING: kubectl 1.32 not found at {KUBECTL}; these tests did not run");
    false
}

pub(super) struct Out {
    pub(super) ok: bool,
    pub(super) stdout: String,
    pub(super) stderr: String,
}

/// Runs kubectl 1.32 with its own HOME and discovery cache under `dir`.
pub(super) fn kubectl_in(
    dir: &std::path::Path,
    kubeconfig: &std::path::Path,
    args: &[&str],
) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new(KUBECTL);
    cmd.args(args)
        .arg("--kubeconfig")
        .arg(kubeconfig)
        .arg("--cache-dir")
        .arg(dir.join("cache"))
        .env("HOME", dir.join("home"))
        .env_remove("KUBECONFIG")
        .kill_on_drop(true)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    cmd
}

pub(super) async fn output(mut cmd: tokio::process::Command, args: &[&str]) -> Out {
    let out = cmd.output().await.expect("run kubectl");
    let o = Out {
        ok: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    eprintln!("$ kubectl {}\n{}{}", args.join(" "), o.stdout, o.stderr);
    o
}

impl Sim {
    /// A kubectl command with its own HOME and discovery cache.
    pub(super) fn kubectl_cmd(&self, args: &[&str]) -> tokio::process::Command {
        kubectl_in(self.dir.path(), &self.kubeconfig, args)
    }

    pub(super) async fn kubectl(&self, args: &[&str]) -> Out {
        output(self.kubectl_cmd(args), args).await
    }

    /// Moves simulated time forward and lets the controllers catch up, as the simulator's driver does.
    pub(super) fn step(&self, secs: f64) {
        let now = self.clock.advance(secs);
        self.cluster.lock().expect("cluster").advance(now);
    }

    pub(super) fn steps(&self, n: usize, secs: f64) {
        for _ in 0..n {
            self.step(secs);
        }
    }

    pub(super) fn with<T>(&self, f: impl FnOnce(&mut Cluster) -> T) -> T {
        f(&mut self.cluster.lock().expect("cluster"))
    }

    pub(super) fn fault(&self, rule: FaultRule) {
        self.faults.add(rule);
    }
}
