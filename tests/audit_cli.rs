//! `gantry audit verify|show` run for real on trails written by the library, and the privacy of
//! the files gantry writes.

mod audit_support;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use audit_support::{actor, approve, write_trail};
use gantry::audit::Trail;

/// gantry with no config (so the trail defaults to `<dir>/state/audit.jsonl`).
fn gantry(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gantry"))
        .args(args)
        .env("GANTRY_CONFIG_DIR", dir)
        .env("GANTRY_STATE_DIR", dir.join("state"))
        .env_remove("GANTRY_CONFIG")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn verify_passes_on_a_good_trail_at_the_default_place() {
    let dir = tempfile::tempdir().unwrap();
    let receipts = write_trail(&dir.path().join("state/audit.jsonl"), 3);
    let out = gantry(&["audit", "verify"], dir.path());
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("records  6 in 6 lines"), "{stdout}");
    assert!(
        stdout.contains(&format!("head     sha256:{}", receipts[5].hash)),
        "{stdout}"
    );
    assert!(stdout.contains("result   intact"), "{stdout}");
    assert!(stdout.contains(" UTC"), "first and last times: {stdout}");
    assert!(
        out.stderr.is_empty(),
        "no permission warning: {}",
        text(&out.stderr)
    );
}

#[test]
fn verify_fails_on_a_copy_with_one_record_edited_or_its_last_line_torn() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.jsonl");
    write_trail(&good, 3);
    let lines: Vec<String> = std::fs::read_to_string(&good)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();

    let edited = dir.path().join("edited.jsonl");
    let mut changed = lines.clone();
    changed[2] = changed[2].replace(r#""run":2"#, r#""run":3"#);
    std::fs::write(&edited, changed.join("\n") + "\n").unwrap();
    let out = gantry(&["audit", "verify", edited.to_str().unwrap()], dir.path());
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(4), "{stdout}");
    assert!(stdout.contains("line 3: record 3 was edited"), "{stdout}");
    assert!(stdout.contains("result   BROKEN: 1 problem(s)"), "{stdout}");

    let torn = dir.path().join("torn.jsonl");
    let bytes = std::fs::read(&good).unwrap();
    std::fs::write(&torn, &bytes[..bytes.len() - 40]).unwrap();
    let out = gantry(&["audit", "verify", torn.to_str().unwrap()], dir.path());
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{stdout}");
    assert!(stdout.contains("line 6: torn last line"), "{stdout}");
    assert!(stdout.contains("records  5 in 6 lines"), "{stdout}");
}

#[test]
fn verify_reads_the_configured_path_and_says_when_there_is_no_trail() {
    let dir = tempfile::tempdir().unwrap();
    let trail = dir.path().join("elsewhere/trail.jsonl");
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[github]\nrepos = [\"acme/shop\"]\n\n[audit]\npath = \"{}\"\n",
            trail.display()
        ),
    )
    .unwrap();
    let missing = gantry(
        &["--config", config.to_str().unwrap(), "audit", "verify"],
        dir.path(),
    );
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        text(&missing.stderr).contains(&format!("no audit trail at {}", trail.display())),
        "{}",
        text(&missing.stderr)
    );
    write_trail(&trail, 1);
    let out = gantry(
        &["--config", config.to_str().unwrap(), "audit", "verify"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(&trail.display().to_string()));
}

#[test]
fn show_lists_newest_first_as_a_table_or_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state/audit.jsonl");
    write_trail(&path, 2);
    let out = gantry(&["audit", "show"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let rows: Vec<&str> = stdout.lines().collect();
    assert!(rows[0].starts_with("LINE  STATE  TIME (UTC)"), "{stdout}");
    assert_eq!(rows.len(), 5, "{stdout}");
    assert!(
        rows[1].starts_with("4     ok     "),
        "newest first: {stdout}"
    );
    assert!(
        rows[1].contains("alice (op@bastion)  approve  acme/shop run 2 @a1b2c3d -> production")
    );
    assert!(
        rows[1].ends_with("ok (intent 3) 204: approved"),
        "{}",
        rows[1]
    );
    assert!(
        rows[4].starts_with("1 ") && rows[4].ends_with("intent"),
        "{}",
        rows[4]
    );

    let out = gantry(
        &["audit", "show", "--json", path.to_str().unwrap()],
        dir.path(),
    );
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lines: Vec<u64> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [4, 3, 2, 1]);
    assert_eq!(items[0]["state"], "ok");
    assert_eq!(items[0]["record"]["result"]["http"], 204);
    assert_eq!(items[3]["record"]["seq"], 1);
}

#[test]
fn show_never_prints_control_sequences_from_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state/audit.jsonl");
    let trail = Trail::open(&path, actor()).unwrap();
    let mut intent = approve("cli", 1);
    intent.comment =
        Some("ship it\x1b]0;pwned\x07 \x1b[31mred\x1b[0m\x1b]52;c;ZXZpbA==\x07".into());
    intent.target.environments = vec!["prod\x1b[2Juction".into()];
    trail.intent(&intent).unwrap();
    let table = gantry(&["audit", "show"], dir.path());
    assert!(!table.stdout.contains(&0x1b), "{:?}", text(&table.stdout));
    assert!(
        text(&table.stdout).contains("intent: \"ship it red\""),
        "{}",
        text(&table.stdout)
    );
    let json = gantry(&["audit", "show", "--json"], dir.path());
    assert!(!json.stdout.contains(&0x1b));
    assert!(
        text(&json.stdout).contains(r"\u001b]0;pwned"),
        "JSON keeps it, escaped"
    );
}

#[test]
fn a_trail_open_to_others_is_reported_not_changed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state/audit.jsonl");
    write_trail(&path, 1);
    assert_eq!((mode(&path), mode(path.parent().unwrap())), (0o600, 0o700));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = gantry(&["audit", "show"], dir.path());
    assert!(out.status.success());
    assert!(
        text(&out.stderr).contains("is open to other users (mode 644"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(mode(&path), 0o644);
    // The writer says so too, and still writes.
    let trail = Trail::open(&path, actor()).unwrap();
    assert_eq!(trail.warnings().len(), 1, "{:?}", trail.warnings());
    assert_eq!(trail.intent(&approve("cli", 2)).unwrap().seq, 3);
}

#[test]
fn the_log_is_private_too() {
    let dir = tempfile::tempdir().unwrap();
    let example = format!("{}/config.example.toml", env!("CARGO_MANIFEST_DIR"));
    let log = dir.path().join("logs/gantry.log");
    // The TUI refuses to draw into a pipe, after it set up logging.
    let out = gantry(
        &["--config", &example, "--log-file", log.to_str().unwrap()],
        dir.path(),
    );
    assert!(!out.status.success());
    assert_eq!((mode(&log), mode(&dir.path().join("logs"))), (0o600, 0o700));

    std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o640)).unwrap();
    gantry(
        &["--config", &example, "--log-file", log.to_str().unwrap()],
        dir.path(),
    );
    let written = std::fs::read_to_string(&log).unwrap();
    assert!(
        written.contains("is open to other users (mode 640"),
        "{written}"
    );
    assert_eq!(mode(&log), 0o640);
}

#[test]
fn help_lists_the_audit_commands() {
    let dir = tempfile::tempdir().unwrap();
    let out = gantry(&["audit", "--help"], dir.path());
    let help = text(&out.stdout);
    assert!(help.contains("verify") && help.contains("show"), "{help}");
    let verify = text(&gantry(&["audit", "verify", "--help"], dir.path()).stdout);
    assert!(
        verify.contains("0  intact") && verify.contains("4  broken"),
        "{verify}"
    );
}
