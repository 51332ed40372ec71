//! The cluster source: one task watching each environment's workload (see `env`), with the client
//! built the way kubectl reads its configuration (`client`), one per context (`clusters`); the
//! writes actions send (`ops`); access reviews (`access`) and pod metrics (`metrics`).

mod access;
mod classify;
mod client;
mod clusters;
pub mod convert;
mod env;
mod metrics;
pub mod ops;

pub use classify::Trouble;
pub use client::{ClientError, client};
pub use clusters::Clusters;
pub use env::EnvSpec;

use tokio::sync::watch;

use crate::sources::{SourceLink, Task};

/// What the cluster source can be asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Ask access reviews and pod metrics again now, and retry a failed connection at once.
    Refresh,
}

/// Watches every environment in `envs` until cancelled or the loop goes away; each environment
/// has its own connection state, so one that fails leaves the others alone.
pub fn task(clusters: Clusters, envs: Vec<EnvSpec>, link: SourceLink<Command>) -> Task {
    let SourceLink {
        events,
        mut commands,
        cancel,
    } = link;
    Box::pin(async move {
        let (refresh, refreshed) = watch::channel(0u64);
        let mut set = tokio::task::JoinSet::new();
        for spec in envs {
            let out = env::Sender::new(&spec.env, events.clone());
            set.spawn(env::run(spec, clusters.clone(), out, refreshed.clone()));
        }
        drop(refreshed);
        loop {
            tokio::select! {
                _ = cancel.cancelled() => break,
                cmd = commands.recv() => match cmd {
                    Some(Command::Refresh) => {
                        refresh.send_modify(|n| *n += 1);
                    }
                    None => break,
                },
                done = set.join_next(), if !set.is_empty() => {
                    if let Some(Err(e)) = done && e.is_panic() {
                        // One environment's watch panicked: the others go on; the panic ends the
                        // source so the runner shows it as stopped rather than half-alive.
                        std::panic::resume_unwind(e.into_panic());
                    }
                }
            }
        }
        set.shutdown().await;
    })
}
