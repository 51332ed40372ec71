//! Configuration errors. Each problem in a file carries its line, column and key path, so the
//! engineer can jump straight to it.

use std::ops::Range;
use std::path::PathBuf;

/// One thing wrong in a configuration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line of the offending key or value.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Dotted key path such as `github.repos[1]`; empty when the file could not be parsed.
    pub path: String,
    /// The explanation, already naming the key path where that helps.
    pub message: String,
}

impl Problem {
    /// A problem at byte offset `span.start` of `text`.
    pub fn at(text: &str, span: Range<usize>, path: impl Into<String>, message: String) -> Self {
        let (line, column) = line_col(text, span.start);
        Problem {
            line,
            column,
            path: path.into(),
            message,
        }
    }
}

pub use crate::location::line_col;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// No configuration file where gantry looks by default. Not fatal for the CLI: it can explain
    /// where a config belongs and offer `gantry demo`.
    #[error(
        "no configuration at {}; copy config.example.toml there to start, or try `gantry demo`",
        searched.display()
    )]
    NotFound { searched: PathBuf },

    #[error("{}: {}", path.display(), describe_io(source))]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    /// The file was read but is not a valid configuration. `file` is the name used in messages.
    #[error("{}", render_problems(file, problems))]
    Invalid {
        file: String,
        problems: Vec<Problem>,
    },

    /// A `GANTRY_*` environment variable holds a value gantry cannot use.
    #[error("environment variable {var}={value:?}: {reason}")]
    Env {
        var: &'static str,
        value: String,
        reason: String,
    },
}

impl ConfigError {
    /// The individual problems, for callers that show them in a list.
    pub fn problems(&self) -> &[Problem] {
        match self {
            ConfigError::Invalid { problems, .. } => problems,
            _ => &[],
        }
    }
}

fn render_problems(file: &str, problems: &[Problem]) -> String {
    let lines: Vec<String> = problems
        .iter()
        .map(|p| format!("{file}:{}:{}: {}", p.line, p.column, p.message))
        .collect();
    lines.join("\n")
}

fn describe_io(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => err.to_string(),
    }
}

/// Why a GitHub token could not be read. Never contains the token itself.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("no GitHub token: set {vars}, or token_file / token_command in [github]")]
    Missing { vars: &'static str },
    #[error("token file {}: {}", path.display(), describe_io(source))]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("token command `{command}` could not run: {source}")]
    Spawn {
        command: String,
        source: std::io::Error,
    },
    /// Only stderr is kept: stdout would be the token.
    #[error("token command `{command}` failed ({status}): {stderr}")]
    Command {
        command: String,
        status: String,
        stderr: String,
    },
    #[error("{origin} gave an empty token")]
    Empty { origin: String },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let text = "a = 1\n[ui]\ncolour = \"é\"\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        assert_eq!(line_col(text, 11), (3, 1));
        assert_eq!(line_col(text, 20), (3, 10));
        assert_eq!(line_col(text, 10_000).0, 4);
    }

    #[test]
    fn invalid_lists_every_problem() {
        let err = ConfigError::Invalid {
            file: "config.toml".into(),
            problems: vec![
                Problem {
                    line: 4,
                    column: 9,
                    path: "a".into(),
                    message: "one".into(),
                },
                Problem {
                    line: 5,
                    column: 1,
                    path: "b".into(),
                    message: "two".into(),
                },
            ],
        };
        assert_eq!(
            err.to_string(),
            "config.toml:4:9: one\nconfig.toml:5:1: two"
        );
    }
}
