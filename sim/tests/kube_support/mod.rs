//! Shared harness for the simulated Kubernetes API tests: a served cluster on 127.0.0.1, a
//! kubeconfig, and a way to run the real kubectl against it.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use gantry_sim::clock::{Clock, epoch};
use gantry_sim::faults::Faults;
use gantry_sim::kube::{Cluster, KubeDeps, SharedCluster, serve, write_kubeconfig};
use gantry_sim::reqlog::RequestLog;

pub const KUBECTL: &str = "/usr/lib/google-cloud-sdk/bin/kubectl.1.32";

pub struct Sim {
    pub url: String,
    pub cluster: SharedCluster,
    pub clock: Arc<Clock>,
    pub faults: Arc<Faults>,
    pub log: Arc<RequestLog>,
    pub dir: tempfile::TempDir,
    pub kubeconfig: PathBuf,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Drop for Sim {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub async fn start(bad_release: bool) -> Sim {
    let clock = Arc::new(Clock::new(epoch(), 1.0, true));
    let cluster = Arc::new(Mutex::new(Cluster::new(bad_release, clock.now())));
    let faults = Arc::new(Faults::default());
    let log = Arc::new(RequestLog::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let deps = KubeDeps {
        cluster: cluster.clone(),
        clock: clock.clone(),
        faults: faults.clone(),
        log: log.clone(),
    };
    let task = tokio::spawn(serve(listener, deps));
    let dir = tempfile::tempdir().expect("tempdir");
    let kubeconfig = dir.path().join("kubeconfig");
    write_kubeconfig(&kubeconfig, &url, "demo-token").expect("kubeconfig");
    Sim {
        url,
        cluster,
        clock,
        faults,
        log,
        dir,
        kubeconfig,
        task,
    }
}

/// Whether the real kubectl is installed; without it tests are skipped loudly (failed under CI).
pub fn have_kubectl() -> bool {
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

pub struct Out {
    pub ok: bool,
    pub stdout: String,
    pub stderr: String,
}

impl Sim {
    /// A kubectl command with its own HOME and discovery cache.
    pub fn kubectl_cmd(&self, args: &[&str]) -> tokio::process::Command {
        let home = self.dir.path().join("home");
        let mut cmd = tokio::process::Command::new(KUBECTL);
        cmd.args(args)
            .arg("--kubeconfig")
            .arg(&self.kubeconfig)
            .arg("--cache-dir")
            .arg(self.dir.path().join("cache"))
            .env("HOME", &home)
            .env_remove("KUBECONFIG")
            .kill_on_drop(true)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        cmd
    }

    pub async fn kubectl(&self, args: &[&str]) -> Out {
        let out = self.kubectl_cmd(args).output().await.expect("run kubectl");
        let o = Out {
            ok: out.status.success(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        eprintln!("$ kubectl {}\n{}{}", args.join(" "), o.stdout, o.stderr);
        o
    }

    /// Moves simulated time forward and lets the controllers catch up, as the simulator's driver does.
    pub fn step(&self, secs: f64) {
        let now = self.clock.advance(secs);
        self.cluster.lock().expect("cluster").advance(now);
    }

    pub fn steps(&self, n: usize, secs: f64) {
        for _ in 0..n {
            self.step(secs);
        }
    }

    pub fn with<T>(&self, f: impl FnOnce(&mut Cluster) -> T) -> T {
        f(&mut self.cluster.lock().expect("cluster"))
    }
}
