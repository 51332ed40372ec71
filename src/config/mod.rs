//! Configuration: the file as written (`file`), what gantry runs with (`resolved`), the
//! `GANTRY_*` overrides (`env`), located errors (`error`), and the GitHub token (`token`).
//!
//! Loading is parse (syntax and types, via serde) then build (semantics and defaults, reporting
//! every problem at once). Both stages locate problems as `file:line:col`.

pub mod env;
pub mod error;
pub mod file;
mod gates;
mod locate;
pub mod resolved;
pub mod token;
mod validate;

pub use env::EnvOverrides;
pub use error::{ConfigError, Problem, TokenError};
pub use file::ConfigFile;
pub use resolved::{
    AuditConfig, Clock, Config, Confirm, Environment, Gate, GateKind, GithubConfig,
    KubernetesConfig, LogConfig, NotifyConfig, Repo, UiConfig, Workload, WorkloadKind,
};
pub use token::{Secret, TokenSource};

use crate::paths::Paths;
use std::fmt;
use std::path::{Path, PathBuf};

/// The shipped example, which documents every key; also a template for `gantry config init`-like uses.
pub const EXAMPLE: &str = include_str!("../../config.example.toml");

/// Parses the file's syntax and types; `name` is what messages call the file.
pub fn parse(name: &str, text: &str) -> Result<ConfigFile, ConfigError> {
    toml::from_str(text).map_err(|err| {
        let mut problems = vec![locate::toml_problem(text, &err)];
        locate::name_gates(text, &mut problems);
        ConfigError::Invalid {
            file: name.to_string(),
            problems,
        }
    })
}

/// Everything `load` does, with the environment and paths passed in (pure, for tests).
pub fn load_with(
    name: &str,
    text: &str,
    source: Option<PathBuf>,
    env: &EnvOverrides,
    paths: &Paths,
) -> Result<Config, ConfigError> {
    let file = parse(name, text)?;
    validate::build(file, text, env, paths, source).map_err(|mut problems| {
        locate::name_gates(text, &mut problems);
        ConfigError::Invalid {
            file: name.to_string(),
            problems,
        }
    })
}

/// Parses and resolves `text` without environment overrides; `name` is what messages call it.
pub fn load_str(name: &str, text: &str) -> Result<Config, ConfigError> {
    load_with(
        name,
        text,
        None,
        &EnvOverrides::default(),
        &Paths::from_env(),
    )
}

/// Reads, parses and resolves the file at `path`, with `GANTRY_*` overrides applied.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = read(path)?;
    let env = EnvOverrides::from_process()?;
    load_with(
        &path.display().to_string(),
        &text,
        Some(path.to_path_buf()),
        &env,
        &Paths::from_env(),
    )
}

/// Loads the config from its default place, or `NotFound` naming where it was looked for.
pub fn load_default() -> Result<Config, ConfigError> {
    load_default_in(&Paths::from_env())
}

/// [`load_default`] with explicit paths.
pub fn load_default_in(paths: &Paths) -> Result<Config, ConfigError> {
    if !paths.config_file.exists() {
        return Err(ConfigError::NotFound {
            searched: paths.config_file.clone(),
        });
    }
    load(&paths.config_file)
}

/// Built-in defaults plus environment overrides: what `gantry` runs with when there is no file.
pub fn defaults(env: &EnvOverrides, paths: &Paths) -> Result<Config, ConfigError> {
    load_with("(defaults)", "", None, env, paths)
}

/// The outcome of `gantry config check FILE` when the file is valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    pub file: String,
    pub environments: usize,
    pub repos: usize,
}

impl fmt::Display for CheckReport {
    /// `FILE: ok (N environments, M repos)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: usize, word: &str| {
            if n == 1 {
                format!("1 {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        write!(
            f,
            "{}: ok ({}, {})",
            self.file,
            plural(self.environments, "environment"),
            plural(self.repos, "repo")
        )
    }
}

/// Validates a file as written, ignoring `GANTRY_*` overrides so the verdict is about the file.
/// The CLI prints the report, or the error and exits non-zero.
pub fn check(path: &Path) -> Result<CheckReport, ConfigError> {
    let text = read(path)?;
    check_str(&path.display().to_string(), &text)
}

/// [`check`] on text already in memory.
pub fn check_str(name: &str, text: &str) -> Result<CheckReport, ConfigError> {
    let config = load_with(
        name,
        text,
        None,
        &EnvOverrides::default(),
        &Paths::from_env(),
    )?;
    Ok(CheckReport {
        file: name.to_string(),
        environments: config.environments.len(),
        repos: config.github.repos.len(),
    })
}

fn read(path: &Path) -> Result<String, ConfigError> {
    std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests;
