//! Several processes on one trail: writers at once never interleave a record, and a writer killed
//! with SIGKILL leaves at most a torn tail, which the next write recovers from.
//!
//! The writer process is this test binary itself, re-run on its ignored `writer_child` test with
//! the trail's path in the environment: a test-only helper, out of gantry's user-facing commands.

mod audit_support;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};

use audit_support::{actor, approve, tag_of};
use gantry::audit::{Actor, Kind, Reader, State, Trail, Verdict};

const CHILD_PATH: &str = "GANTRY_TEST_AUDIT_PATH";
const CHILD_TAG: &str = "GANTRY_TEST_AUDIT_TAG";
const CHILD_COUNT: &str = "GANTRY_TEST_AUDIT_COUNT";
const CHILD_PAD: &str = "GANTRY_TEST_AUDIT_PAD";

/// The helper: waits for a line on stdin, then appends `COUNT` intents (forever without one),
/// printing `wrote N` after each returns, so the parent can await progress.
#[test]
#[ignore = "a helper the other tests run as a child process"]
fn writer_child() {
    let Ok(path) = std::env::var(CHILD_PATH) else {
        return;
    };
    let tag = std::env::var(CHILD_TAG).unwrap();
    let count: u64 = std::env::var(CHILD_COUNT).map_or(u64::MAX, |c| c.parse().unwrap());
    // A large comment spans many pages, so a kill can land inside the kernel's copy of one write.
    let pad = std::env::var(CHILD_PAD).map_or(0, |p| p.parse().unwrap());
    let trail = Trail::open(path, Actor::local(None)).unwrap();
    let mut go = String::new();
    std::io::stdin().read_line(&mut go).unwrap();
    let mut out = std::io::stdout().lock();
    for i in 0..count {
        let mut intent = approve(&tag, i);
        intent.comment = Some("x".repeat(pad));
        trail.intent(&intent).unwrap();
        writeln!(out, "wrote {i}").unwrap();
        out.flush().unwrap();
    }
}

fn spawn_writer(
    path: &Path,
    tag: &str,
    count: Option<u64>,
    pad: usize,
) -> (Child, BufReader<ChildStdout>) {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "--exact",
        "writer_child",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ])
    .env(CHILD_PATH, path)
    .env(CHILD_TAG, tag)
    .env(CHILD_PAD, pad.to_string())
    .stdin(Stdio::piped())
    .stdout(Stdio::piped());
    if let Some(n) = count {
        cmd.env(CHILD_COUNT, n.to_string());
    }
    let mut child = cmd.spawn().unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    (child, stdout)
}

fn go(child: &mut Child) {
    child.stdin.as_mut().unwrap().write_all(b"go\n").unwrap();
}

/// Reads the child's output until it has reported `n` appends.
fn await_writes(out: &mut BufReader<ChildStdout>, n: usize) {
    let mut seen = 0;
    let mut line = String::new();
    while seen < n {
        line.clear();
        assert!(
            out.read_line(&mut line).unwrap() > 0,
            "the writer ended early"
        );
        seen += usize::from(line.starts_with("wrote "));
    }
}

/// Tag -> the runs its intents carry, in file order.
fn runs_by_tag(reader: &Reader) -> HashMap<String, Vec<u64>> {
    let mut by_tag: HashMap<String, Vec<u64>> = HashMap::new();
    for line in reader.lines() {
        let Some(record) = line.record() else {
            continue;
        };
        if let Some(tag) = tag_of(record) {
            by_tag
                .entry(tag)
                .or_default()
                .push(record.entry.target().run.unwrap());
        }
    }
    by_tag
}

#[test]
fn two_processes_and_two_threads_at_once_make_one_chain() {
    const EACH: u64 = 150;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.jsonl");
    let mut children: Vec<_> = ["p1", "p2"]
        .iter()
        .map(|tag| spawn_writer(&path, tag, Some(EACH), 0))
        .collect();
    for (child, _) in &mut children {
        go(child);
    }
    let threads: Vec<_> = ["t1", "t2"]
        .iter()
        .map(|tag| {
            let trail = Trail::open(&path, actor()).unwrap();
            std::thread::spawn(move || {
                for i in 0..EACH {
                    trail.intent(&approve(tag, i)).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    for (mut child, _) in children {
        assert!(child.wait().unwrap().success());
    }

    let reader = Reader::load(&path).unwrap();
    let report = reader.report();
    assert_eq!(report.verdict(), Verdict::Intact, "{:?}", report.findings);
    assert_eq!(report.summary.records as u64, 4 * EACH);
    let seqs: Vec<u64> = reader
        .lines()
        .iter()
        .map(|l| l.record().unwrap().seq)
        .collect();
    assert_eq!(seqs, (1..=4 * EACH).collect::<Vec<_>>());
    let by_tag = runs_by_tag(&reader);
    for tag in ["p1", "p2", "t1", "t2"] {
        assert_eq!(
            by_tag[tag],
            (0..EACH).collect::<Vec<_>>(),
            "every record of {tag}, in order"
        );
    }
    // The writers really overlapped (each append waits for the disk): the two processes'
    // records alternate somewhere in the file, not one block after the other.
    let order: Vec<String> = reader
        .lines()
        .iter()
        .filter_map(|l| tag_of(l.record()?))
        .filter(|t| t.starts_with('p'))
        .collect();
    let switches = order.windows(2).filter(|w| w[0] != w[1]).count();
    assert!(
        switches > 1,
        "the processes never overlapped: {switches} switches"
    );
}

/// Cuts the last line of the file in half, as a kill inside the kernel's copy of a write would
/// (SIGKILL between pages of one write is possible but rare; this makes it happen every time).
fn tear_last_line(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    let start = bytes[..bytes.len() - 1]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let file = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    file.set_len((start + (bytes.len() - start) / 2) as u64)
        .unwrap();
}

#[test]
fn a_writer_killed_again_and_again_leaves_at_most_a_torn_tail() {
    const ROUNDS: usize = 24;
    const JITTER_US: [u64; 6] = [0, 500, 1000, 2000, 4000, 8000];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.jsonl");
    let recoverer = Trail::open(&path, actor()).unwrap();
    let mut reader = Reader::new(&path);
    let (mut torn_by_kill, mut torn_lines) = (0, 0);
    let mut kept_by_round = Vec::new();
    for round in 0..ROUNDS {
        let tag = format!("k{round}");
        // Half the rounds write 64 KiB records: one write over 16 pages, and a tail read back in
        // widening windows.
        let pad = if round % 2 == 0 { 64 * 1024 } else { 0 };
        let (mut child, mut out) = spawn_writer(&path, &tag, None, pad);
        go(&mut child);
        let n = 1 + round % 3;
        await_writes(&mut out, n);
        // Not synchronisation: spreads the kill over the next append (open, lock, read back, one
        // write, sync), which a kill right after the report would mostly find reading back.
        std::thread::sleep(std::time::Duration::from_micros(
            JITTER_US[round % JITTER_US.len()],
        ));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();

        reader.refresh().unwrap();
        let killed_mid_write = reader.lines().last().is_some_and(|l| !l.terminated);
        torn_by_kill += usize::from(killed_mid_write);
        // Every fourth round the tear is made by hand, and the next round's writer process,
        // not this one, must recover from it.
        let cut = round % 4 == 3 && !killed_mid_write;
        if cut {
            tear_last_line(&path);
            reader.refresh().unwrap();
        }
        // The cut removed at most the last record this writer reported.
        kept_by_round.push((tag, if cut { n - 1 } else { n }));

        let last = reader.lines().len();
        for f in &reader.report().findings {
            let crash = f.kind == Kind::Torn || (f.kind == Kind::TornTail && f.line == last);
            assert!(
                crash,
                "round {round}: only torn lines, a torn tail at the end: {f:?}"
            );
        }
        torn_lines = reader.report().findings.len();
        if round % 4 == 3 {
            continue;
        }
        let r = recoverer.intent(&approve("recover", round as u64)).unwrap();
        reader.refresh().unwrap();
        let report = reader.report();
        assert!(
            report.findings.iter().all(|f| f.kind == Kind::Torn),
            "round {round}: the write recovered: {:?}",
            report.findings
        );
        let last = reader
            .entries()
            .last()
            .map(|(l, s)| (l.record().map(|r| r.seq), s));
        assert_eq!(last, Some((Some(r.seq), State::Ok)));
    }
    let by_tag = runs_by_tag(&reader);
    for (tag, kept) in kept_by_round {
        let runs = by_tag.get(&tag).cloned().unwrap_or_default();
        assert!(
            runs.len() >= kept,
            "{tag}: every append that returned is there"
        );
        assert_eq!(
            runs,
            (0..runs.len() as u64).collect::<Vec<_>>(),
            "{tag}: none lost in between"
        );
    }
    eprintln!(
        "{ROUNDS} kills: {torn_by_kill} tore a write by themselves; {torn_lines} torn lines in the end"
    );
    let verify = Command::new(env!("CARGO_BIN_EXE_gantry"))
        .args(["audit", "verify", path.to_str().unwrap()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&verify.stdout);
    assert_eq!(verify.status.code(), Some(3), "{stdout}");
    assert!(
        stdout.contains("torn last line"),
        "the last round's tear is left for verify: {stdout}"
    );
}
