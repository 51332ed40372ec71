//! `GANTRY_*` environment overrides, parsed from a lookup closure so tests need no process env.
//! They win over the file: a one-off `GANTRY_READ_ONLY=1 gantry` must not require editing it.

use super::error::ConfigError;
use super::resolved::Repo;

/// Every override that was set, already validated. Empty variables count as unset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvOverrides {
    pub github_host: Option<String>,
    /// Normalized to end with `/`.
    pub github_api_url: Option<String>,
    pub github_repos: Option<Vec<Repo>>,
    /// Unexpanded; `~` is expanded with the rest of the config.
    pub kubeconfig: Option<String>,
    pub theme: Option<String>,
    pub read_only: Option<bool>,
    pub refresh_seconds: Option<u64>,
}

pub const VARIABLES: &[&str] = &[
    "GANTRY_GITHUB_HOST",
    "GANTRY_GITHUB_API_URL",
    "GANTRY_GITHUB_REPOS",
    "GANTRY_KUBECONFIG",
    "GANTRY_THEME",
    "GANTRY_READ_ONLY",
    "GANTRY_REFRESH_SECONDS",
];

impl EnvOverrides {
    /// Reads and validates the overrides; the first bad one is an error naming its variable.
    pub fn from_lookup(env: &dyn Fn(&str) -> Option<String>) -> Result<EnvOverrides, ConfigError> {
        let get = |var: &str| {
            env(var)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let fail = |var: &'static str, value: &str, reason: String| ConfigError::Env {
            var,
            value: value.to_string(),
            reason,
        };
        let mut out = EnvOverrides::default();
        if let Some(v) = get("GANTRY_GITHUB_HOST") {
            check_host(&v).map_err(|r| fail("GANTRY_GITHUB_HOST", &v, r))?;
            out.github_host = Some(v);
        }
        if let Some(v) = get("GANTRY_GITHUB_API_URL") {
            let url = normalize_api_url(&v).map_err(|r| fail("GANTRY_GITHUB_API_URL", &v, r))?;
            out.github_api_url = Some(url);
        }
        if let Some(v) = get("GANTRY_GITHUB_REPOS") {
            let repos: Result<Vec<Repo>, String> = v
                .split(',')
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(Repo::parse)
                .collect();
            out.github_repos = Some(repos.map_err(|r| fail("GANTRY_GITHUB_REPOS", &v, r))?);
        }
        out.kubeconfig = get("GANTRY_KUBECONFIG");
        out.theme = get("GANTRY_THEME");
        if let Some(v) = get("GANTRY_READ_ONLY") {
            let flag = parse_flag(&v).ok_or_else(|| {
                fail(
                    "GANTRY_READ_ONLY",
                    &v,
                    "expected 1, true, yes, on, 0, false, no or off".into(),
                )
            })?;
            out.read_only = Some(flag);
        }
        if let Some(v) = get("GANTRY_REFRESH_SECONDS") {
            let secs = v.parse::<u64>().ok().filter(|s| *s > 0).ok_or_else(|| {
                fail(
                    "GANTRY_REFRESH_SECONDS",
                    &v,
                    "expected a whole number of seconds above 0".into(),
                )
            })?;
            out.refresh_seconds = Some(secs);
        }
        Ok(out)
    }

    /// Reads the overrides from the process environment.
    pub fn from_process() -> Result<EnvOverrides, ConfigError> {
        EnvOverrides::from_lookup(&|name| std::env::var(name).ok())
    }
}

fn parse_flag(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// A bare host name (optionally with a port), as GitHub Enterprise Server is addressed.
pub fn check_host(host: &str) -> Result<(), String> {
    if host.is_empty() {
        return Err("the host is empty".into());
    }
    if host.contains("://") || host.contains('/') || host.chars().any(char::is_whitespace) {
        return Err(format!(
            "{host:?} is not a host name (write it without scheme or path)"
        ));
    }
    Ok(())
}

/// Requires http(s) and ensures the trailing `/` that endpoint paths are joined onto.
pub fn normalize_api_url(url: &str) -> Result<String, String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(r)
            if !r.is_empty() && !r.starts_with('/') && !url.chars().any(char::is_whitespace) =>
        {
            Ok(if url.ends_with('/') {
                url.to_string()
            } else {
                format!("{url}/")
            })
        }
        _ => Err(format!("{url:?} is not an http:// or https:// URL")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(vars: &[(&str, &str)]) -> Result<EnvOverrides, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        EnvOverrides::from_lookup(&|k| map.get(k).cloned())
    }

    #[test]
    fn valid_overrides() {
        let o = parse(&[
            ("GANTRY_GITHUB_HOST", "ghe.corp.example"),
            ("GANTRY_GITHUB_API_URL", "http://127.0.0.1:8080"),
            ("GANTRY_GITHUB_REPOS", "acme/shop, acme/api,"),
            ("GANTRY_KUBECONFIG", "~/.kube/demo"),
            ("GANTRY_THEME", "light"),
            ("GANTRY_READ_ONLY", "TRUE"),
            ("GANTRY_REFRESH_SECONDS", "10"),
        ])
        .unwrap();
        assert_eq!(o.github_host.as_deref(), Some("ghe.corp.example"));
        assert_eq!(o.github_api_url.as_deref(), Some("http://127.0.0.1:8080/"));
        let repos: Vec<String> = o
            .github_repos
            .unwrap()
            .iter()
            .map(|r| r.to_string())
            .collect();
        assert_eq!(repos, ["acme/shop", "acme/api"]);
        assert_eq!(o.kubeconfig.as_deref(), Some("~/.kube/demo"));
        assert_eq!(o.theme.as_deref(), Some("light"));
        assert_eq!(o.read_only, Some(true));
        assert_eq!(o.refresh_seconds, Some(10));
        assert_eq!(
            parse(&[("GANTRY_READ_ONLY", "0")]).unwrap().read_only,
            Some(false)
        );
        assert_eq!(
            parse(&[("GANTRY_THEME", "")]).unwrap(),
            EnvOverrides::default()
        );
    }

    #[test]
    fn invalid_overrides_name_the_variable() {
        let cases = [
            ("GANTRY_GITHUB_HOST", "https://ghe.corp"),
            ("GANTRY_GITHUB_API_URL", "ftp://x"),
            ("GANTRY_GITHUB_REPOS", "acme/shop,acme"),
            ("GANTRY_READ_ONLY", "maybe"),
            ("GANTRY_REFRESH_SECONDS", "0"),
            ("GANTRY_REFRESH_SECONDS", "five"),
        ];
        for (var, value) in cases {
            let err = parse(&[(var, value)]).unwrap_err().to_string();
            assert!(
                err.starts_with(&format!("environment variable {var}=")),
                "{err}"
            );
            assert!(err.contains(value), "{err}");
        }
        let err = parse(&[("GANTRY_GITHUB_REPOS", "acme")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("\"acme\" is not owner/name"), "{err}");
    }
}
