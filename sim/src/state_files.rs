//! What the simulator writes into its state dir for other programs: the token (0600), the CA when
//! serving HTTPS, a kubeconfig, and a gantry config pointing at itself.

use std::path::{Path, PathBuf};

/// A fresh directory under the system's temp dir, unique to this process and call.
pub(crate) fn fresh_dir() -> anyhow::Result<PathBuf> {
    // Unique without randomness from the world: pid plus a process-wide counter and address entropy.
    static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let salt = std::collections::hash_map::RandomState::new();
    let h = std::hash::BuildHasher::hash_one(&salt, n);
    let dir = std::env::temp_dir().join(format!(
        "gantry-sim-{}-{n}-{:08x}",
        std::process::id(),
        h as u32
    ));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Writes a file only its owner can read (a token is a secret even in a simulator).
pub(crate) fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    #[cfg(unix)]
    use std::os::unix::fs::OpenOptionsExt;
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    o.mode(0o600);
    o.open(path)?.write_all(text.as_bytes())?;
    Ok(())
}

/// A TOML basic string: quotes and backslashes in a path stay what they are.
fn toml_str(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// The gantry config for this simulator; `ca_file` is its CA when it serves HTTPS.
pub(crate) fn config_toml(
    github_url: &str,
    token_file: &Path,
    kubeconfig: &Path,
    ca_file: Option<&Path>,
) -> String {
    let ca = ca_file
        .map(|p| format!("ca_file = {}\n", toml_str(&p.display().to_string())))
        .unwrap_or_default();
    format!(
        "[github]\napi_url = {api}\nrepos = [\"acme/shop\"]\nbranch = \"main\"\ntoken_file = {token}\n{ca}\n[kubernetes]\nkubeconfig = {kc}\ncontexts = [\"gantry-demo\"]\nnamespaces = [\"staging\", \"production\"]\n\n[[environments]]\nname = \"development\"\n\n[[environments]]\nname = \"staging\"\ncontext = \"gantry-demo\"\nnamespace = \"staging\"\nworkload = \"deployment/shop\"\n\n[[environments]]\nname = \"production\"\ncontext = \"gantry-demo\"\nnamespace = \"production\"\nworkload = \"rollout/shop\"\nconfirm = \"type-name\"\n",
        api = toml_str(&format!("{github_url}/")),
        token = toml_str(&token_file.display().to_string()),
        kc = toml_str(&kubeconfig.display().to_string()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_names_the_ca_only_when_there_is_one() {
        let plain = config_toml(
            "http://127.0.0.1:1",
            Path::new("/s/token"),
            Path::new("/s/kubeconfig"),
            None,
        );
        assert!(plain.contains("token_file = \"/s/token\"\n"), "{plain}");
        assert!(!plain.contains("ca_file"), "{plain}");
        let tls = config_toml(
            "https://127.0.0.1:1",
            Path::new("/s/token"),
            Path::new("/s/kubeconfig"),
            Some(Path::new("/s/ca.pem")),
        );
        assert!(
            tls.contains("api_url = \"https://127.0.0.1:1/\"\n"),
            "{tls}"
        );
        assert!(tls.contains("ca_file = \"/s/ca.pem\"\n"), "{tls}");
    }
}
