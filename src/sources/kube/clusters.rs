//! One client per kubeconfig context, built on first use and shared by the cluster source, the
//! action task and the CLI: each context's connection pool, TLS and credentials are set up once.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::Mutex;

use super::client::{ClientError, client};

#[derive(Clone, Default)]
pub struct Clusters {
    kubeconfig: Option<PathBuf>,
    cache: Arc<Mutex<HashMap<Option<String>, kube::Client>>>,
}

impl Clusters {
    /// Clients for the contexts of the kubeconfig at `kubeconfig` (else where kubectl looks).
    pub fn new(kubeconfig: Option<PathBuf>) -> Clusters {
        Clusters {
            kubeconfig,
            cache: Arc::default(),
        }
    }

    /// The client for `context` (`None`: the current context).
    pub async fn client(&self, context: Option<&str>) -> Result<kube::Client, ClientError> {
        let key = context.map(str::to_string);
        let mut cache = self.cache.lock().await;
        if let Some(c) = cache.get(&key) {
            return Ok(c.clone());
        }
        let c = client(self.kubeconfig.as_deref(), context).await?;
        cache.insert(key, c.clone());
        Ok(c)
    }
}

impl std::fmt::Debug for Clusters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Clusters")
            .field("kubeconfig", &self.kubeconfig)
            .finish_non_exhaustive()
    }
}
