//! Where the GitHub token comes from, and reading it without ever printing it.
//!
//! The order follows the `gh` CLI so a machine already set up for `gh` just works: the
//! environment first, then the configured file, then the configured command.

use super::error::TokenError;
use super::resolved::GithubConfig;
use std::fmt;
use std::path::PathBuf;
use std::process::Command;

/// A token. `Debug` and `Display` print `***`; only [`Secret::expose`] gives the value, so a token
/// cannot reach a log line or an error message by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The token itself: for the `Authorization` header and nothing else.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Where the token would be read from; safe to show (it never holds the token).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSource {
    Env(&'static str),
    File(PathBuf),
    Command(String),
    /// Nothing configured: requests go unauthenticated (60 an hour on github.com).
    None,
}

impl fmt::Display for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenSource::Env(var) => write!(f, "environment variable {var}"),
            TokenSource::File(path) => write!(f, "file {}", path.display()),
            TokenSource::Command(cmd) => write!(f, "command `{cmd}`"),
            TokenSource::None => f.write_str("none (unauthenticated)"),
        }
    }
}

const COM_VARS: [&str; 2] = ["GH_TOKEN", "GITHUB_TOKEN"];
const GHES_VARS: [&str; 2] = ["GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN"];

impl GithubConfig {
    /// The token variables that apply to this host, in precedence order.
    pub fn token_vars(&self) -> [&'static str; 2] {
        if self.is_github_com() {
            COM_VARS
        } else {
            GHES_VARS
        }
    }

    /// Where the token would come from, given the process environment.
    pub fn token_source(&self) -> TokenSource {
        self.token_source_with(&|name| std::env::var(name).ok())
    }

    /// [`GithubConfig::token_source`] with an explicit environment lookup.
    pub fn token_source_with(&self, env: &dyn Fn(&str) -> Option<String>) -> TokenSource {
        let set = |var: &&'static str| env(var).is_some_and(|v| !v.trim().is_empty());
        if let Some(var) = self.token_vars().into_iter().find(set) {
            return TokenSource::Env(var);
        }
        if let Some(path) = &self.token_file {
            return TokenSource::File(path.clone());
        }
        if let Some(cmd) = &self.token_command {
            return TokenSource::Command(cmd.clone());
        }
        TokenSource::None
    }

    /// Reads the token from its source (running `token_command` via `sh -c` if that is it).
    pub fn read_token(&self) -> Result<Secret, TokenError> {
        self.read_token_with(&|name| std::env::var(name).ok())
    }

    /// [`GithubConfig::read_token`] with an explicit environment lookup.
    pub fn read_token_with(
        &self,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Secret, TokenError> {
        let source = self.token_source_with(env);
        let raw = match &source {
            TokenSource::Env(var) => env(var).unwrap_or_default(),
            TokenSource::File(path) => {
                std::fs::read_to_string(path).map_err(|source| TokenError::File {
                    path: path.clone(),
                    source,
                })?
            }
            TokenSource::Command(cmd) => run_token_command(cmd)?,
            TokenSource::None => {
                let vars = if self.is_github_com() {
                    "GH_TOKEN or GITHUB_TOKEN"
                } else {
                    "GH_ENTERPRISE_TOKEN or GITHUB_ENTERPRISE_TOKEN"
                };
                return Err(TokenError::Missing { vars });
            }
        };
        let token = raw.trim();
        if token.is_empty() {
            return Err(TokenError::Empty {
                origin: source.to_string(),
            });
        }
        Ok(Secret::new(token))
    }
}

fn run_token_command(cmd: &str) -> Result<String, TokenError> {
    let out = Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|source| TokenError::Spawn {
            command: cmd.to_string(),
            source,
        })?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stderr: String = stderr.trim().chars().take(300).collect();
        return Err(TokenError::Command {
            command: cmd.to_string(),
            status: out.status.to_string(),
            stderr,
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::time::Duration;

    fn github(host: &str, file: Option<&str>, cmd: Option<&str>) -> GithubConfig {
        GithubConfig {
            host: host.into(),
            api_url: GithubConfig::default_api_url(host),
            repos: vec![],
            branch: None,
            token_command: cmd.map(String::from),
            token_file: file.map(PathBuf::from),
            ca_file: None,
            timeout: Duration::from_secs(30),
        }
    }

    fn lookup(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn secret_never_shows() {
        let s = Secret::new("ghp_supersecret");
        assert_eq!(format!("{s}"), "***");
        assert_eq!(format!("{s:?}"), "***");
        assert_eq!(format!("{:?}", Some(&s)), "Some(***)");
        assert_eq!(s.expose(), "ghp_supersecret");
    }

    #[test]
    fn source_precedence_github_com() {
        let gh = github("github.com", Some("/t"), Some("gh auth token"));
        let all = [
            ("GH_TOKEN", "a"),
            ("GITHUB_TOKEN", "b"),
            ("GH_ENTERPRISE_TOKEN", "c"),
        ];
        assert_eq!(
            gh.token_source_with(&lookup(&all)),
            TokenSource::Env("GH_TOKEN")
        );
        assert_eq!(
            gh.token_source_with(&lookup(&all[1..])),
            TokenSource::Env("GITHUB_TOKEN")
        );
        assert_eq!(
            gh.token_source_with(&lookup(&[("GH_TOKEN", " ")])),
            TokenSource::File("/t".into())
        );
        let cmd = github("github.com", None, Some("gh auth token"));
        assert_eq!(
            cmd.token_source_with(&lookup(&[])),
            TokenSource::Command("gh auth token".into())
        );
        assert_eq!(
            github("github.com", None, None).token_source_with(&lookup(&[])),
            TokenSource::None
        );
    }

    #[test]
    fn source_precedence_enterprise() {
        let gh = github("ghe.corp", None, None);
        let all = [
            ("GH_TOKEN", "a"),
            ("GH_ENTERPRISE_TOKEN", "c"),
            ("GITHUB_ENTERPRISE_TOKEN", "d"),
        ];
        assert_eq!(
            gh.token_source_with(&lookup(&all)),
            TokenSource::Env("GH_ENTERPRISE_TOKEN")
        );
        assert_eq!(
            gh.token_source_with(&lookup(&all[2..])),
            TokenSource::Env("GITHUB_ENTERPRISE_TOKEN")
        );
        // github.com tokens are not sent to another host.
        assert_eq!(gh.token_source_with(&lookup(&all[..1])), TokenSource::None);
    }

    #[test]
    fn reads_and_trims_from_each_source() {
        let env = lookup(&[("GH_TOKEN", " tok-env\n")]);
        assert_eq!(
            github("github.com", None, None)
                .read_token_with(&env)
                .unwrap()
                .expose(),
            "tok-env"
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("token");
        std::fs::write(&path, "tok-file\n").unwrap();
        let gh = github("github.com", path.to_str(), None);
        assert_eq!(
            gh.read_token_with(&lookup(&[])).unwrap().expose(),
            "tok-file"
        );
        let gh = github("github.com", None, Some("printf ' tok-cmd\\n'"));
        assert_eq!(
            gh.read_token_with(&lookup(&[])).unwrap().expose(),
            "tok-cmd"
        );
    }

    #[test]
    fn token_errors_do_not_leak() {
        let gh = github("github.com", None, Some("printf %s%s leaked tok; exit 3"));
        let err = gh.read_token_with(&lookup(&[])).unwrap_err().to_string();
        assert!(!err.contains("leakedtok"), "{err}");
        assert!(err.contains("failed"), "{err}");
        let err = github("github.com", None, Some("true"))
            .read_token_with(&lookup(&[]))
            .unwrap_err();
        assert!(err.to_string().contains("empty token"), "{err}");
        let err = github("github.com", Some("/nonexistent/t"), None)
            .read_token_with(&lookup(&[]))
            .unwrap_err();
        assert!(
            err.to_string().contains("/nonexistent/t: no such file"),
            "{err}"
        );
        let err = github("ghe.corp", None, None)
            .read_token_with(&lookup(&[]))
            .unwrap_err();
        assert!(err.to_string().contains("GH_ENTERPRISE_TOKEN"), "{err}");
    }
}
