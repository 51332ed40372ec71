//! Ingest alone, for profiling (callgrind, perf) without building gantry's clients: generates the
//! benchmark's log (`benches/support/loggen.rs`) of N lines to FILE if it is missing, then reads it
//! into a `LogBuffer` in 1 MB blocks, as `cargo bench --bench logs` does, R times, printing each
//! run's time.
//!
//! `cargo build --release --manifest-path tests/fuzz/Cargo.toml --bin ingest`, then
//! `ingest FILE [LINES] [RUNS]`.

#[path = "../../../../benches/support/loggen.rs"]
mod loggen;

use std::fs::File;
use std::io::{BufWriter, Read};
use std::time::Instant;

use gantry_fuzz::logs::{Limits, LogBuffer};

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).map_or("/tmp/gantry-ingest.log", String::as_str);
    let lines = args
        .get(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let runs = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(1);
    if std::fs::metadata(path).is_err() {
        let mut out = BufWriter::new(File::create(path)?);
        loggen::write_log(&mut out, lines)?;
    }
    for _ in 0..runs {
        let started = Instant::now();
        let mut file = File::open(path)?;
        let mut buf = LogBuffer::new(Limits::default());
        let mut block = vec![0u8; 1 << 20];
        loop {
            let n = file.read(&mut block)?;
            if n == 0 {
                break;
            }
            buf.push_bytes(&block[..n]);
        }
        buf.finish();
        println!("{} lines in {:?}", buf.len(), started.elapsed());
    }
    Ok(())
}
