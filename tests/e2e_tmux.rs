//! End to end: the real binary in tmux. Open help, quit, and check the terminal is restored
//! (alternate screen left, echo back on), also after SIGTERM.

mod common;

use common::tmux::Tmux;

fn session() -> Option<(Tmux, tempfile::TempDir)> {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap().to_owned();
    let t = Tmux::start(
        100,
        30,
        &[
            ("GANTRY_CONFIG_DIR", d.as_str()),
            ("GANTRY_STATE_DIR", d.as_str()),
            ("LANG", "C.UTF-8"),
        ],
    )?;
    // The shipped example, but with GitHub on a closed loopback port: whatever token the machine
    // has (`gh auth token`), nothing leaves 127.0.0.1.
    let example =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config.example.toml"))
            .unwrap();
    let offline = example.replace(
        "# api_url = \"https://api.github.com/\"",
        "api_url = \"http://127.0.0.1:9/\"",
    );
    assert_ne!(offline, example, "the example's api_url line moved");
    let config = dir.path().join("offline.toml");
    std::fs::write(&config, offline).unwrap();
    let cmd = format!(
        "{} --config {}; echo EXIT=$?",
        env!("CARGO_BIN_EXE_gantry"),
        config.display()
    );
    t.run(&cmd);
    t.wait_text("1 Overview");
    Some((t, dir))
}

fn assert_restored(t: &Tmux) {
    // The command line shows `EXIT=$?`; only the output line has digits after the `=`. The
    // prompt may stand before it on the same line, depending on when sh drew it.
    t.wait_for("gantry to exit", |s| {
        s.lines().any(|l| {
            l.rsplit_once("EXIT=")
                .is_some_and(|(_, c)| c.trim().parse::<i32>().is_ok())
        })
    });
    assert_eq!(
        t.display("#{alternate_on}"),
        "0",
        "still in the alternate screen"
    );
    t.run("stty -a | tr ' ;' '\\n\\n' | grep -x -e echo -e -echo -e icanon -e -icanon; echo STTY-$((40+2))");
    let screen = t.wait_text("STTY-42");
    let lines: Vec<&str> = screen.lines().map(str::trim).collect();
    assert!(
        lines.contains(&"echo") && lines.contains(&"icanon"),
        "terminal not restored:\n{screen}"
    );
}

#[test]
fn help_then_quit_restores_the_terminal() {
    let Some((t, dir)) = session() else { return };
    assert_eq!(t.display("#{alternate_on}"), "1");
    t.keys(&["?"]);
    t.wait_text("Help: keys");
    t.keys(&["q"]);
    t.wait_for("help to close", |s| !s.contains("Help: keys"));
    t.keys(&["Tab"]);
    t.keys(&["q"]);
    assert_restored(&t);
    assert!(t.capture().contains("EXIT=0"));
    // The log went to the state directory, not to the screen.
    let log = std::fs::read_to_string(dir.path().join("gantry.log")).unwrap_or_default();
    assert!(log.contains("gantry starting"), "log: {log}");
}

#[test]
fn sigterm_restores_the_terminal() {
    let Some((t, _dir)) = session() else { return };
    let pid = t.child_pid();
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert_restored(&t);
}

#[test]
fn sighup_restores_the_terminal() {
    let Some((t, _dir)) = session() else { return };
    let pid = t.child_pid();
    std::process::Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status()
        .unwrap();
    assert_restored(&t);
}
