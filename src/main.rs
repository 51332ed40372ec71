//! Temporary entry point wiring only `gantry sim` (the real CLI replaces this at merge).

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "gantry")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Run the simulator headless.
    Sim(gantry::demo::SimArgs),
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().cmd {
        Cmd::Sim(args) => gantry::demo::run_headless(args).await,
    }
}
