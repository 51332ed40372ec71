//! A tmux session on a private server for end-to-end runs of the real binary: send keys, capture
//! the pane, wait for text to appear.

use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    socket: String,
}

impl Tmux {
    /// Starts `sh` in a detached session of the given size, or `None` (with a loud note) without tmux.
    pub fn start(width: u16, height: u16, env: &[(&str, &str)]) -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            assert!(
                std::env::var_os("CI").is_none(),
                "tmux is required in CI (.ci/run installs it)"
            );
            eprintln!("\n*** tmux not found: SKIPPING end-to-end test (install tmux) ***\n");
            return None;
        }
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let t = Tmux {
            socket: format!("gantry-e2e-{}-{n}", std::process::id()),
        };
        let mut args: Vec<String> = vec![
            "new-session".into(),
            "-d".into(),
            "-x".into(),
            width.to_string(),
            "-y".into(),
            height.to_string(),
        ];
        for (k, v) in env {
            args.push("-e".into());
            args.push(format!("{k}={v}"));
        }
        args.extend(["-e".into(), "PS1=$ ".into(), "sh".into()]);
        let ok = t
            .tmux(&args.iter().map(String::as_str).collect::<Vec<_>>())
            .status
            .success();
        assert!(ok, "tmux new-session failed");
        Some(t)
    }

    fn tmux(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .expect("run tmux")
    }

    /// Types a shell command line and Enter.
    pub fn run(&self, line: &str) {
        self.tmux(&["send-keys", "-t", "0", "-l", line]);
        self.tmux(&["send-keys", "-t", "0", "Enter"]);
    }

    /// Sends tmux key names ("q", "Tab", "BTab", "Escape").
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "0"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// Any tmux command on this server, its standard output as text.
    pub fn command(&self, args: &[&str]) -> String {
        String::from_utf8_lossy(&self.tmux(args).stdout).into_owned()
    }

    pub fn capture(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p", "-t", "0"]).stdout).into_owned()
    }

    /// The pane with colours and attributes as escape sequences (for screenshots).
    pub fn capture_ansi(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p", "-e", "-t", "0"]).stdout)
            .into_owned()
    }

    pub fn display(&self, format: &str) -> String {
        String::from_utf8_lossy(
            &self
                .tmux(&["display-message", "-p", "-t", "0", format])
                .stdout,
        )
        .trim()
        .to_owned()
    }

    /// Waits until the pane satisfies `pred` (tmux offers no event for "text appeared", so this
    /// checks the pane each time it may have changed, with a deadline instead of a fixed sleep).
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.capture();
            if pred(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; the pane shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn wait_text(&self, text: &str) -> String {
        self.wait_for(text, |s| s.contains(text))
    }

    /// The pid of the program running in the pane's shell, once it has started.
    pub fn child_pid(&self) -> u32 {
        let shell = self.display("#{pane_pid}");
        let out = Command::new("pgrep")
            .args(["-P", &shell])
            .output()
            .expect("pgrep");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .and_then(|l| l.trim().parse().ok())
            .expect("a child of the pane's shell")
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.tmux(&["kill-server"]);
    }
}
