//! `gantry sim` prints its JSON line first and writes the token (0600), kubeconfig and config.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn sim_prints_json_line_and_writes_state_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_gantry"))
        .args(["sim", "--paused", "--seed", "7", "--state-dir"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    for k in [
        "github_url",
        "kube_url",
        "kubeconfig",
        "config",
        "admin_url",
        "token",
    ] {
        assert!(v[k].is_string(), "{k} missing: {line}");
    }
    let config = std::fs::read_to_string(v["config"].as_str().unwrap()).unwrap();
    let token_file = dir.path().join("token");
    assert!(config.contains(&format!("token_file = \"{}\"", token_file.display())));
    assert!(!config.contains(v["token"].as_str().unwrap()));
    assert_eq!(
        std::fs::read_to_string(&token_file).unwrap().trim(),
        v["token"]
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&token_file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let kc = std::fs::read_to_string(v["kubeconfig"].as_str().unwrap()).unwrap();
    assert!(kc.contains("gantry-demo"));
}
