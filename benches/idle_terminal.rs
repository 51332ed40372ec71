//! Idle cost over SSH: runs the real binary in a pseudo-terminal, pointed at a paused simulator in
//! another process (so its GitHub source polls for real, answered by 304s), and measures the time to
//! the first frame, the bytes it writes while nothing changes, and the CPU it uses.
//!
//! `cargo bench --bench idle_terminal` (GANTRY_BENCH_SECONDS sets the idle window, default 60).
//! Targets (issue 2): first frame < 150 ms, < 1 KB written per idle minute, < 0.5% of a core.

use std::io::Read;
use std::os::fd::OwnedFd;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use nix::pty::{Winsize, openpty};

fn main() {
    let seconds: u64 = std::env::var("GANTRY_BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    // cargo bench passes --bench; a plain `cargo test --benches` run only checks that it starts.
    let quick = !std::env::args().any(|a| a == "--bench");
    let seconds = if quick { 2 } else { seconds };
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut sim, config) = start_sim(dir.path());

    let size = Winsize {
        ws_row: 40,
        ws_col: 120,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    let pty = openpty(Some(&size), None).expect("openpty");
    let slave: OwnedFd = pty.slave;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gantry"));
    cmd.arg("--config")
        .arg(&config)
        .env("GANTRY_CONFIG_DIR", dir.path())
        .env("GANTRY_STATE_DIR", dir.path())
        .env("TERM", "xterm-256color")
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::from(slave.try_clone().expect("dup")))
        .stdout(Stdio::from(slave.try_clone().expect("dup")))
        .stderr(Stdio::from(slave));
    // SAFETY: only async-signal-safe calls between fork and exec: make the pty the controlling terminal.
    unsafe {
        cmd.pre_exec(|| {
            if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let start = Instant::now();
    let mut child = cmd.spawn().expect("spawn gantry");
    let pid = child.id();

    let (tx, rx) = mpsc::channel::<(Instant, usize)>();
    let mut master = std::fs::File::from(pty.master);
    std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        let mut seen = Vec::new();
        let mut first = false;
        while let Ok(n) = master.read(&mut buf) {
            if n == 0 {
                break;
            }
            if !first {
                seen.extend_from_slice(&buf[..n]);
                // The first frame is drawn when the header's name is on screen.
                first = String::from_utf8_lossy(&seen).contains("Overview");
                if first {
                    let _ = tx.send((Instant::now(), 0));
                }
                continue;
            }
            if tx.send((Instant::now(), n)).is_err() {
                break;
            }
        }
    });

    let (first_at, _) = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("no first frame within 10 s");
    let first_frame = first_at - start;
    // Let start-up settle, then measure an idle window.
    std::thread::sleep(Duration::from_millis(500));
    while rx.try_recv().is_ok() {}
    let cpu_before = cpu_seconds(pid);
    let window_start = Instant::now();
    let mut bytes = 0usize;
    let mut writes = 0usize;
    let window = Duration::from_secs(seconds);
    while let Some(left) = window.checked_sub(window_start.elapsed()) {
        match rx.recv_timeout(left) {
            Ok((_, n)) => {
                bytes += n;
                writes += 1;
            }
            Err(mpsc::RecvTimeoutError::Timeout) => break,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                panic!("gantry exited during the idle window")
            }
        }
    }
    let elapsed = window_start.elapsed().as_secs_f64();
    let cpu = cpu_seconds(pid) - cpu_before;
    let _ = nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pid as i32),
        nix::sys::signal::Signal::SIGTERM,
    );
    let _ = child.wait();
    let _ = sim.kill();
    let _ = sim.wait();

    let per_minute = bytes as f64 * 60.0 / elapsed;
    let cpu_pct = cpu / elapsed * 100.0;
    println!("idle_terminal: 120x40 pseudo-terminal, paused simulator, idle window {elapsed:.1} s");
    println!(
        "  first frame        {:>8.1} ms   (target < 150 ms)",
        first_frame.as_secs_f64() * 1000.0
    );
    println!(
        "  bytes while idle   {bytes:>8} B in {writes} writes = {per_minute:.0} B/min   (target < 1024 B/min)"
    );
    println!("  CPU while idle     {cpu:>8.3} s = {cpu_pct:.3}% of a core   (target < 0.5%)");
}

/// Starts `gantry sim --paused` and returns it with the config it wrote (read from its JSON line).
fn start_sim(dir: &std::path::Path) -> (std::process::Child, std::path::PathBuf) {
    use std::io::BufRead;
    let mut sim = Command::new(env!("CARGO_BIN_EXE_gantry"))
        .args(["sim", "--paused", "--seed", "1", "--state-dir"])
        .arg(dir.join("sim"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn gantry sim");
    let mut line = String::new();
    let out = sim.stdout.take().expect("sim stdout");
    std::io::BufReader::new(out)
        .read_line(&mut line)
        .expect("sim JSON line");
    let info: serde_json::Value = serde_json::from_str(&line).expect("sim JSON");
    let config = info["config"].as_str().expect("config path").into();
    (sim, config)
}

/// User plus system CPU time of a process, from /proc/PID/stat (fields 14 and 15, in clock ticks).
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The command name may contain spaces; fields are counted after its closing parenthesis.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = fields.get(11..13).map_or(0.0, |f| {
        f.iter().filter_map(|v| v.parse::<f64>().ok()).sum()
    });
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    ticks / hz
}
