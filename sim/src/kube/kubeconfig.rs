//! A kubeconfig pointing kubectl and kube-rs at the simulated cluster: a bearer token, and over
//! HTTPS the simulator's CA as `certificate-authority-data`, as a real cluster's kubeconfig has.

use std::path::Path;

use base64::Engine;

/// Writes a kubeconfig with one context per `(name, token)` in `users`, all on the one cluster;
/// the first is the current context. `ca_pem` is the CA that signed the server's certificate when
/// `server_url` is https.
pub(crate) fn write_kubeconfig(
    path: &Path,
    server_url: &str,
    users: &[(&str, &str)],
    ca_pem: Option<&str>,
) -> std::io::Result<()> {
    // JSON strings are valid YAML scalars, which quotes any odd characters safely.
    let q = |s: &str| serde_json::Value::String(s.to_string()).to_string();
    let ca = ca_pem
        .map(|pem| {
            let data = base64::engine::general_purpose::STANDARD.encode(pem);
            format!("\n    certificate-authority-data: {}", q(&data))
        })
        .unwrap_or_default();
    let mut contexts = String::new();
    let mut entries = String::new();
    for (name, token) in users {
        contexts.push_str(&format!(
            "- name: {name}\n  context:\n    cluster: gantry-demo\n    user: {name}\n    namespace: staging\n",
            name = q(name)
        ));
        entries.push_str(&format!(
            "- name: {name}\n  user:\n    token: {token}\n",
            name = q(name),
            token = q(token)
        ));
    }
    let current = users
        .first()
        .map_or_else(|| q("gantry-demo"), |(n, _)| q(n));
    let text = format!(
        "apiVersion: v1
kind: Config
clusters:
- name: gantry-demo
  cluster:
    server: {server}{ca}
contexts:
{contexts}current-context: {current}
users:
{entries}preferences: {{}}
",
        server = q(server_url),
    );
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    crate::state_files::write_private(path, &text).map_err(std::io::Error::other)
}
