//! A `kube::Client` built the way kubectl reads its configuration: the kubeconfig named in
//! `[kubernetes] kubeconfig` (or `GANTRY_KUBECONFIG`), else the files listed in `$KUBECONFIG`
//! (merged, first one wins, missing ones skipped), else `~/.kube/config`; then a context from it,
//! with that context's server, CA and credentials.

use std::path::{Path, PathBuf};

use kube::config::{KubeConfigOptions, Kubeconfig};

/// Why no client could be built, in words for the banner.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ClientError(String);

/// A client for `context` (`None`: the kubeconfig's current context) of the kubeconfig at `path`,
/// or of kubectl's default places when `path` is `None`.
pub async fn client(
    path: Option<&Path>,
    context: Option<&str>,
) -> Result<kube::Client, ClientError> {
    let (kubeconfig, from) = match path {
        Some(p) => (read(p)?, p.display().to_string()),
        None => read_default()?,
    };
    let options = KubeConfigOptions {
        context: context.map(str::to_string),
        ..KubeConfigOptions::default()
    };
    let config = kube::Config::from_custom_kubeconfig(kubeconfig, &options)
        .await
        .map_err(|e| match context {
            Some(c) => ClientError(format!("context {c:?} in {from}: {e}")),
            None => ClientError(format!("{from}: {e}")),
        })?;
    crate::tls::install_provider();
    kube::Client::try_from(config)
        .map_err(|e| ClientError(format!("cannot build the cluster client: {e}")))
}

fn read(path: &Path) -> Result<Kubeconfig, ClientError> {
    Kubeconfig::read_from(path)
        .map_err(|e| ClientError(format!("cannot read kubeconfig {}: {e}", path.display())))
}

/// `$KUBECONFIG`'s files merged, else `~/.kube/config`; with where it came from, for messages.
fn read_default() -> Result<(Kubeconfig, String), ClientError> {
    let listed: Vec<PathBuf> = std::env::var_os("KUBECONFIG")
        .map(|v| std::env::split_paths(&v).collect())
        .unwrap_or_default();
    let listed: Vec<PathBuf> = listed
        .into_iter()
        .filter(|p| !p.as_os_str().is_empty())
        .collect();
    if !listed.is_empty() {
        let present: Vec<&PathBuf> = listed.iter().filter(|p| p.exists()).collect();
        if present.is_empty() {
            return Err(ClientError(
                "cannot read a kubeconfig: no file listed in $KUBECONFIG exists".into(),
            ));
        }
        let mut merged = Kubeconfig::default();
        for p in present {
            merged = merged
                .merge(read(p)?)
                .map_err(|e| ClientError(format!("cannot merge {}: {e}", p.display())))?;
        }
        return Ok((merged, "$KUBECONFIG".into()));
    }
    let home = std::env::home_dir()
        .ok_or_else(|| ClientError("cannot read a kubeconfig: no home directory".into()))?;
    let path = home.join(".kube").join("config");
    if !path.exists() {
        return Err(ClientError(format!(
            "cannot read a kubeconfig: set [kubernetes] kubeconfig or $KUBECONFIG ({} does not exist)",
            path.display()
        )));
    }
    Ok((read(&path)?, path.display().to_string()))
}
