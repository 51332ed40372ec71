//! A running simulator, as `start` returns it: where its APIs listen, what it wrote, and its admin
//! client. Dropping it stops the servers and removes a state dir it made itself.

use std::path::PathBuf;

use serde_json::json;
use tokio::task::JoinHandle;

use crate::admin::AdminClient;

pub struct SimHandle {
    /// GitHub's REST root, `http(s)://127.0.0.1:PORT` (no trailing slash).
    pub github_url: String,
    /// The Kubernetes API server.
    pub kube_url: String,
    pub admin_url: String,
    /// The on-call engineer's token (a required reviewer of production).
    pub token: String,
    pub kubeconfig: PathBuf,
    /// A gantry config pointing at this simulator.
    pub config: PathBuf,
    pub state_dir: PathBuf,
    /// The CA's PEM file when serving HTTPS (`--tls`).
    pub ca_file: Option<PathBuf>,
    pub seed: u64,
    pub(crate) ca_pem: Option<String>,
    pub(crate) admin: AdminClient,
    pub(crate) tasks: Vec<JoinHandle<()>>,
    pub(crate) owns_dir: bool,
}

impl SimHandle {
    /// The line `gantry sim` prints first.
    pub fn info_json(&self) -> serde_json::Value {
        json!({
            "github_url": self.github_url, "kube_url": self.kube_url, "kubeconfig": self.kubeconfig,
            "config": self.config, "admin_url": self.admin_url, "token": self.token,
            "ca_file": self.ca_file,
        })
    }

    /// The admin API's client: clock, tokens, request log, faults.
    pub fn admin(&self) -> &AdminClient {
        &self.admin
    }

    /// The CA's PEM when serving HTTPS.
    pub fn ca_pem(&self) -> Option<&str> {
        self.ca_pem.as_deref()
    }

    /// An HTTP client builder that trusts this simulator (its CA only, when `--tls`), with the
    /// crypto provider chosen explicitly; for tests that speak to the APIs directly.
    pub fn client_builder(&self) -> anyhow::Result<reqwest::ClientBuilder> {
        client_builder(self.ca_pem())
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

/// reqwest with a TLS config of our own: reqwest compiles no crypto provider (ring is the only
/// one in the build), so it must be handed one rather than look for a process default.
pub(crate) fn client_builder(ca_pem: Option<&str>) -> anyhow::Result<reqwest::ClientBuilder> {
    Ok(reqwest::Client::builder().tls_backend_preconfigured(crate::tls::client_config(ca_pem)?))
}
