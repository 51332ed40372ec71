//! End to end in tmux: `gantry logs view` on a log that tries every trick (set the title, rename
//! the window, write the clipboard) leaves tmux's pane title, window name and paste buffers as they
//! were, while `cat` of those sequences changes them (so the check can fail); and `/` finds text in
//! the middle of a 10 MB line.

mod common;

use common::tmux::Tmux;

const INJECTION: &[u8] = include_bytes!("fixtures/logs/injection.log");
const NEEDLE: &str = "needle-in-a-ten-megabyte-line";

/// A session where applications may set the title, rename the window and write tmux's buffers
/// through OSC 52, so that anything getting through would show.
fn permissive(dir: &std::path::Path) -> Option<Tmux> {
    let d = dir.to_str().unwrap();
    let t = Tmux::start(
        120,
        40,
        &[
            ("GANTRY_CONFIG_DIR", d),
            ("GANTRY_STATE_DIR", d),
            ("LANG", "C.UTF-8"),
        ],
    )?;
    t.command(&["set-option", "-g", "set-clipboard", "on"]);
    t.command(&["set-option", "-g", "allow-rename", "on"]);
    t.command(&["set-option", "-g", "allow-passthrough", "off"]);
    t.command(&["set-window-option", "-g", "automatic-rename", "off"]);
    t.command(&["rename-window", "-t", "0", "before"]);
    t.command(&["select-pane", "-t", "0", "-T", "untouched"]);
    Some(t)
}

struct Marks {
    title: String,
    window: String,
    buffers: String,
}

fn marks(t: &Tmux) -> Marks {
    Marks {
        title: t.display("#{pane_title}"),
        window: t.display("#{window_name}"),
        buffers: t.command(&["list-buffers"]),
    }
}

fn log_file(dir: &std::path::Path) -> std::path::PathBuf {
    let mut text = INJECTION.to_vec();
    // Plus a window-renaming sequence (ESC k ... ESC \) that tmux honours.
    text.extend_from_slice(b"tmux-rename: before\x1bkpwned-window\x1b\\after\n");
    let mut long = vec![b'x'; 5 << 20];
    long.extend_from_slice(NEEDLE.as_bytes());
    long.extend(std::iter::repeat_n(b'y', 5 << 20));
    long.push(b'\n');
    text.extend_from_slice(&long);
    text.extend_from_slice(b"the last line\n");
    let path = dir.join("injection.log");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn cat_of_the_sequences_does_change_title_window_and_buffers() {
    // The control: without gantry, the same bytes reach tmux and it acts on them.
    let dir = tempfile::tempdir().unwrap();
    let Some(t) = permissive(dir.path()) else {
        return;
    };
    // Only the three sequences checked (the whole corpus also fills the screen with `E`s).
    let file = dir.path().join("three.log");
    std::fs::write(
        &file,
        b"\x1b]2;pwned title\x07\x1b]52;c;ZXZpbCBwYXN0ZQ==\x07\x1bkpwned-window\x1b\\\n",
    )
    .unwrap();
    let before = marks(&t);
    t.run(&format!("cat {}; echo CAT-$((40+2))", file.display()));
    t.wait_text("CAT-42");
    let after = marks(&t);
    assert_ne!(after.title, before.title, "cat did not set the title");
    assert_ne!(after.window, before.window, "cat did not rename the window");
    assert_ne!(
        after.buffers, before.buffers,
        "cat did not write a paste buffer"
    );
}

#[test]
fn logs_view_leaves_title_window_and_buffers_and_finds_text_in_a_10mb_line() {
    let dir = tempfile::tempdir().unwrap();
    let Some(t) = permissive(dir.path()) else {
        return;
    };
    let file = log_file(dir.path());
    let before = marks(&t);
    t.run(&format!(
        "{} logs view {}; echo EXIT=$?",
        env!("CARGO_BIN_EXE_gantry"),
        file.display()
    ));
    t.wait_text("the last line");
    t.keys(&["/"]);
    t.wait_text("Search, regex");
    t.run(NEEDLE);
    let screen = t.wait_for("the search to find the needle", |s| {
        s.contains(&format!("search /{NEEDLE}/")) && s.contains("1 of 1")
    });
    // The cursor is on the long line, shown cut with its marker, not 10 MB of text.
    assert!(screen.contains("xxxxxxxx"), "{screen}");
    t.keys(&["q"]);
    t.wait_for("gantry to exit", |s| s.contains("EXIT=0"));
    let after = marks(&t);
    assert_eq!(after.title, before.title, "pane title changed");
    assert_eq!(after.window, before.window, "window name changed");
    assert_eq!(after.buffers, before.buffers, "paste buffers changed");
}
