//! The log engine against the reference tools, in one run: ingest beside `wc -l`, a regex search
//! beside `grep -c`, a frame at 1,000,000 lines beside one at 1,000, and resident memory against
//! the file's size. The log is generated (1,000,000 lines, about 100 MB) into a temporary folder.
//!
//! `cargo bench --bench logs` (`GANTRY_LOG_KEEP=FILE` also writes the generated log there).
//! Targets (issue 11): ingest <= 3x `wc -l`; search <= 2x `grep -c`; frame at 1M <= 1.5x at 1K;
//! resident memory <= 1.5x the raw bytes.

#[path = "support/loggen.rs"]
mod loggen;

use std::fs::File;
use std::io::{BufWriter, Read};
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use gantry::logs::{Limits, LogBuffer, LogView, Matcher};
use gantry::theme::Theme;
use gantry::ui::logview::LogViewer;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

const LINES: usize = 1_000_000;
/// Connection failures, as someone hunting an outage would look for them.
const REGEX: &str = "Connection refused|timed out";
const LITERAL: &str = "FAILED";

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    big: LogBuffer,
    small: LogBuffer,
}

static FIXTURE: OnceLock<Fixture> = OnceLock::new();

fn fixture() -> &'static Fixture {
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("job.log");
        let mut out = BufWriter::new(File::create(&path).expect("create"));
        loggen::write_log(&mut out, LINES).expect("generate");
        drop(out);
        if let Ok(keep) = std::env::var("GANTRY_LOG_KEEP") {
            std::fs::copy(&path, keep).expect("copy");
        }
        let big = ingest(&path);
        // The same log's first 1,000 lines.
        let text = std::fs::read(&path).expect("read");
        let cut = text
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(999)
            .map_or(text.len(), |(i, _)| i + 1);
        let mut small = LogBuffer::new(Limits::default());
        small.push_bytes(&text[..cut]);
        Fixture {
            _dir: dir,
            path,
            big,
            small,
        }
    })
}

fn ingest(path: &PathBuf) -> LogBuffer {
    let mut file = File::open(path).expect("open");
    let mut buf = LogBuffer::new(Limits::default());
    let mut block = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut block).expect("read");
        if n == 0 {
            break;
        }
        buf.push_bytes(&block[..n]);
    }
    buf.finish();
    buf
}

fn resident_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn tool(args: &[&str]) -> String {
    let out = Command::new(args[0])
        .args(&args[1..])
        .env("LC_ALL", "C")
        .output()
        .expect("run tool");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn main() {
    let f = fixture();
    let path = f.path.to_str().expect("utf-8 path");
    let raw = std::fs::metadata(&f.path).expect("stat").len();
    // Resident memory of a fresh ingest, measured around it.
    let before = resident_kb();
    let again = ingest(&f.path);
    let after = resident_kb();
    let grown = (after - before) * 1024;
    eprintln!(
        "log: {} lines, {:.1} MB; resident growth for one ingest: {:.1} MB = {:.2}x the raw bytes \
         (text held {:.1} MB)",
        again.len(),
        raw as f64 / 1e6,
        grown as f64 / 1e6,
        grown as f64 / raw as f64,
        again.text_bytes() as f64 / 1e6
    );
    drop(again);
    let regex = Matcher::new(REGEX).expect("regex");
    let literal = Matcher::new(LITERAL).expect("literal");
    eprintln!(
        "counts: wc -l {}; grep -cE {}, ours {}; grep -c {}, ours {}",
        tool(&["wc", "-l", path]),
        tool(&["grep", "-cE", REGEX, path]),
        f.big.matches(&regex, 0, f.big.end()).len(),
        tool(&["grep", "-c", LITERAL, path]),
        f.big.matches(&literal, 0, f.big.end()).len(),
    );
    divan::main();
}

#[divan::bench(sample_count = 10)]
fn wc_l() -> String {
    tool(&["wc", "-l", fixture().path.to_str().unwrap_or_default()])
}

#[divan::bench(sample_count = 10)]
fn ingest_1m() -> u64 {
    ingest(&fixture().path).len()
}

#[divan::bench(sample_count = 10)]
fn grep_c_regex() -> String {
    tool(&[
        "grep",
        "-cE",
        REGEX,
        fixture().path.to_str().unwrap_or_default(),
    ])
}

#[divan::bench(sample_count = 10)]
fn search_regex_1m(bencher: divan::Bencher) {
    let buf = &fixture().big;
    let m = Matcher::new(REGEX).expect("regex");
    bencher.bench(|| buf.matches(&m, 0, buf.end()).len());
}

#[divan::bench(sample_count = 10)]
fn grep_c_literal() -> String {
    tool(&[
        "grep",
        "-c",
        LITERAL,
        fixture().path.to_str().unwrap_or_default(),
    ])
}

#[divan::bench(sample_count = 10)]
fn search_literal_1m(bencher: divan::Bencher) {
    let buf = &fixture().big;
    let m = Matcher::new(LITERAL).expect("literal");
    bencher.bench(|| buf.matches(&m, 0, buf.end()).len());
}

/// One frame at 120x40, following the end, with a search highlighted.
fn frame(bencher: divan::Bencher, buf: &LogBuffer) {
    let mut view = LogView::new();
    view.set_viewport(buf, 120, 40);
    view.sync(buf);
    view.search_for(buf, "timed out|FAILED").expect("regex");
    view.to_bottom(buf);
    let theme = Theme::default();
    let area = Rect::new(0, 0, 120, 40);
    let mut out = Buffer::empty(area);
    bencher.bench_local(|| {
        LogViewer {
            buf,
            view: &view,
            theme: &theme,
        }
        .render(area, &mut out);
    });
}

#[divan::bench]
fn frame_1k(bencher: divan::Bencher) {
    frame(bencher, &fixture().small);
}

#[divan::bench]
fn frame_1m(bencher: divan::Bencher) {
    frame(bencher, &fixture().big);
}
