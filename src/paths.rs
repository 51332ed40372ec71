//! Where gantry keeps its files: XDG base directories on every unix, macOS included.
//!
//! Engineers on macOS expect `~/.config` like everywhere else (yazi and atuin do the same), so the
//! platform conventions of `directories::ProjectDirs` are deliberately not used; only the home
//! directory comes from `directories`.

use std::path::{Path, PathBuf};

const APP: &str = "gantry";

/// The resolved locations. Resolution is pure (see [`Paths::resolve`]) so it can be tested as a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// The home directory, if known; used for `~` expansion in config values.
    pub home: Option<PathBuf>,
    /// `$GANTRY_CONFIG_DIR`, else `$XDG_CONFIG_HOME/gantry`, else `~/.config/gantry`.
    pub config_dir: PathBuf,
    /// `<config_dir>/config.toml`.
    pub config_file: PathBuf,
    /// `<config_dir>/themes`: user themes, by file stem.
    pub themes_dir: PathBuf,
    /// `$GANTRY_STATE_DIR`, else `$XDG_STATE_HOME/gantry`, else `~/.local/state/gantry`.
    pub state_dir: PathBuf,
    /// `<state_dir>/gantry.log`.
    pub log_file: PathBuf,
    /// `<state_dir>/audit.jsonl`: the default audit trail.
    pub audit_file: PathBuf,
    /// `$GANTRY_CACHE_DIR`, else `$XDG_CACHE_HOME/gantry`, else `~/.cache/gantry`.
    pub cache_dir: PathBuf,
}

impl Paths {
    /// Resolves every location from an environment lookup and a home directory.
    ///
    /// Empty variables count as unset, and relative `XDG_*` values are ignored, as the XDG spec
    /// asks. Without a home directory the fallbacks are relative to the working directory, which
    /// is odd but never panics.
    pub fn resolve(env: &dyn Fn(&str) -> Option<String>, home: Option<PathBuf>) -> Paths {
        let base = home.clone().unwrap_or_else(|| PathBuf::from("."));
        let pick = |own: &str, xdg: &str, fallback: &[&str]| -> PathBuf {
            if let Some(dir) = non_empty(env(own)) {
                return PathBuf::from(dir);
            }
            let xdg_dir = non_empty(env(xdg)).map(PathBuf::from);
            if let Some(dir) = xdg_dir.filter(|d| d.is_absolute()) {
                return dir.join(APP);
            }
            fallback
                .iter()
                .fold(base.clone(), |p, part| p.join(part))
                .join(APP)
        };
        let config_dir = pick("GANTRY_CONFIG_DIR", "XDG_CONFIG_HOME", &[".config"]);
        let state_dir = pick("GANTRY_STATE_DIR", "XDG_STATE_HOME", &[".local", "state"]);
        let cache_dir = pick("GANTRY_CACHE_DIR", "XDG_CACHE_HOME", &[".cache"]);
        Paths {
            home,
            config_file: config_dir.join("config.toml"),
            themes_dir: config_dir.join("themes"),
            log_file: state_dir.join("gantry.log"),
            audit_file: state_dir.join("audit.jsonl"),
            config_dir,
            state_dir,
            cache_dir,
        }
    }

    /// Resolves from the process environment and the user's home directory.
    pub fn from_env() -> Paths {
        let home = directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf());
        Paths::resolve(&|name| std::env::var(name).ok(), home)
    }

    /// The listing printed by `gantry paths` and `--version`, in a stable order.
    pub fn lines(&self) -> Vec<(&'static str, PathBuf)> {
        vec![
            ("config", self.config_file.clone()),
            ("themes", self.themes_dir.clone()),
            ("state", self.state_dir.clone()),
            ("log", self.log_file.clone()),
            ("audit", self.audit_file.clone()),
            ("cache", self.cache_dir.clone()),
        ]
    }

    /// Expands a leading `~` or `~/` against the home directory; other paths are returned as-is.
    pub fn expand_tilde(&self, path: &str) -> PathBuf {
        expand_tilde(path, self.home.as_deref())
    }
}

impl std::fmt::Display for Paths {
    /// One `name  path` line per location, names padded so the paths line up.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (name, path) in self.lines() {
            writeln!(f, "{name:<7} {}", path.display())?;
        }
        Ok(())
    }
}

/// `~` and `~/x` expand against `home`; `~user` is left alone (no passwd lookup).
pub fn expand_tilde(path: &str, home: Option<&Path>) -> PathBuf {
    match (path, home) {
        ("~", Some(home)) => home.to_path_buf(),
        (p, Some(home)) if p.starts_with("~/") => home.join(&p[2..]),
        (p, _) => PathBuf::from(p),
    }
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn resolve(vars: &[(&str, &str)]) -> Paths {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Paths::resolve(&|k| map.get(k).cloned(), Some(PathBuf::from("/home/op")))
    }

    /// (variables, expected config dir, expected state dir, expected cache dir)
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str, &'a str);

    #[test]
    fn precedence_table() {
        let cases: &[Case] = &[
            (
                &[],
                "/home/op/.config/gantry",
                "/home/op/.local/state/gantry",
                "/home/op/.cache/gantry",
            ),
            (
                &[
                    ("XDG_CONFIG_HOME", "/x/c"),
                    ("XDG_STATE_HOME", "/x/s"),
                    ("XDG_CACHE_HOME", "/x/k"),
                ],
                "/x/c/gantry",
                "/x/s/gantry",
                "/x/k/gantry",
            ),
            (
                &[
                    ("XDG_CONFIG_HOME", "/x/c"),
                    ("GANTRY_CONFIG_DIR", "/g/c"),
                    ("XDG_STATE_HOME", "/x/s"),
                    ("GANTRY_STATE_DIR", "/g/s"),
                    ("XDG_CACHE_HOME", "/x/k"),
                    ("GANTRY_CACHE_DIR", "/g/k"),
                ],
                "/g/c",
                "/g/s",
                "/g/k",
            ),
            // Empty counts as unset; relative XDG values are ignored per the spec.
            (
                &[
                    ("GANTRY_CONFIG_DIR", ""),
                    ("XDG_CONFIG_HOME", "rel"),
                    ("XDG_STATE_HOME", ""),
                ],
                "/home/op/.config/gantry",
                "/home/op/.local/state/gantry",
                "/home/op/.cache/gantry",
            ),
        ];
        for (vars, config, state, cache) in cases {
            let p = resolve(vars);
            assert_eq!(p.config_dir, PathBuf::from(config), "{vars:?}");
            assert_eq!(p.state_dir, PathBuf::from(state), "{vars:?}");
            assert_eq!(p.cache_dir, PathBuf::from(cache), "{vars:?}");
        }
    }

    #[test]
    fn derived_files_sit_in_their_dirs() {
        let p = resolve(&[("GANTRY_CONFIG_DIR", "/c"), ("GANTRY_STATE_DIR", "/s")]);
        assert_eq!(p.config_file, PathBuf::from("/c/config.toml"));
        assert_eq!(p.themes_dir, PathBuf::from("/c/themes"));
        assert_eq!(p.log_file, PathBuf::from("/s/gantry.log"));
        assert_eq!(p.audit_file, PathBuf::from("/s/audit.jsonl"));
        let names: Vec<_> = p.lines().into_iter().map(|(n, _)| n).collect();
        assert_eq!(
            names,
            ["config", "themes", "state", "log", "audit", "cache"]
        );
        assert!(p.to_string().contains("config  /c/config.toml"));
    }

    #[test]
    fn no_home_does_not_panic() {
        let p = Paths::resolve(&|_| None, None);
        assert_eq!(p.config_dir, PathBuf::from("./.config/gantry"));
    }

    #[test]
    fn tilde_expansion() {
        let home = Some(Path::new("/home/op"));
        assert_eq!(expand_tilde("~", home), PathBuf::from("/home/op"));
        assert_eq!(
            expand_tilde("~/.kube/config", home),
            PathBuf::from("/home/op/.kube/config")
        );
        assert_eq!(expand_tilde("~bob/x", home), PathBuf::from("~bob/x"));
        assert_eq!(expand_tilde("/abs", home), PathBuf::from("/abs"));
        assert_eq!(expand_tilde("~/x", None), PathBuf::from("~/x"));
    }
}
