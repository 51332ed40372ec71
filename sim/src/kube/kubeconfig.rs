//! A kubeconfig pointing kubectl and kube-rs at the simulated cluster.

use std::path::Path;

/// Writes a kubeconfig whose current-context is `gantry-demo`.
pub fn write_kubeconfig(path: &Path, server_url: &str, token: &str) -> std::io::Result<()> {
    // JSON strings are valid YAML scalars, which quotes any odd characters safely.
    let q = |s: &str| serde_json::Value::String(s.to_string()).to_string();
    let text = format!(
        "apiVersion: v1
kind: Config
clusters:
- name: gantry-demo
  cluster:
    server: {server}
contexts:
- name: gantry-demo
  context:
    cluster: gantry-demo
    user: gantry-demo
    namespace: staging
current-context: gantry-demo
users:
- name: gantry-demo
  user:
    token: {token}
preferences: {{}}
",
        server = q(server_url),
        token = q(token),
    );
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, text)
}
