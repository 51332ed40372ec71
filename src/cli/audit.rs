//! `gantry audit verify|show`: check the trail's chain, list its records. Text from the file is
//! untrusted (anyone who can write the file can put escape sequences in it), so everything shown
//! in the table goes through `sanitize::clean`; JSON output escapes control characters itself.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chrono::{DateTime, Utc};
use clap::Subcommand;
use serde_json::{Value, json};
use unicode_width::UnicodeWidthChar;

use super::{Cli, setup};
use crate::audit::display::{row, state_word};
use crate::audit::{self, Reader, Verdict};
use crate::config::ConfigError;
use crate::paths::Paths;
use crate::sanitize::clean;

#[derive(Debug, Subcommand)]
pub enum AuditCmd {
    /// Check the trail's hash chain; name the line of every edited, removed, reordered or torn record
    #[command(after_help = VERIFY_EXIT)]
    Verify {
        /// The trail (default: [audit] path of the config, else audit.jsonl in the state directory)
        file: Option<PathBuf>,
    },
    /// List the records, newest first: time, actor, action, target, result
    Show {
        /// Print a JSON array of {line, state, record} instead of a table
        #[arg(long)]
        json: bool,
        /// The trail (default: [audit] path of the config, else audit.jsonl in the state directory)
        file: Option<PathBuf>,
    },
}

const VERIFY_EXIT: &str = "Exit status:
  0  intact
  3  torn line(s) only: a writer was interrupted; every record chains
  4  broken: records edited, removed, reordered or inserted
  1  the trail cannot be read";

/// Exit status of `verify` when only torn lines were found.
pub const EXIT_TORN: u8 = 3;
/// Exit status of `verify` when the chain is broken.
pub const EXIT_BROKEN: u8 = 4;

pub fn run(cli: &Cli, cmd: &AuditCmd) -> Result<ExitCode> {
    match cmd {
        AuditCmd::Verify { file } => verify(&load(cli, file.as_ref())?),
        AuditCmd::Show { json, file } => show(&load(cli, file.as_ref())?, *json),
    }
}

/// The named file, else the configured one, else the default place when there is no config.
fn trail_path(cli: &Cli, file: Option<&PathBuf>) -> Result<PathBuf> {
    if let Some(f) = file {
        return Ok(f.clone());
    }
    match setup::load_config(cli.config.as_ref()) {
        Ok(config) => Ok(config.audit.path),
        Err(ConfigError::NotFound { .. }) if cli.config.is_none() => {
            Ok(Paths::from_env().audit_file)
        }
        Err(e) => Err(e.into()),
    }
}

fn load(cli: &Cli, file: Option<&PathBuf>) -> Result<Reader> {
    let path = trail_path(cli, file)?;
    if !path.exists() {
        bail!(
            "no audit trail at {}: nothing has been recorded there",
            path.display()
        );
    }
    for warning in audit::private::check_existing(&path, "audit trail") {
        eprintln!("gantry: warning: {warning}");
    }
    Reader::load(&path).with_context(|| format!("cannot read the audit trail {}", path.display()))
}

fn verify(reader: &Reader) -> Result<ExitCode> {
    let report = reader.report();
    println!("audit trail {}", reader.path().display());
    for f in &report.findings {
        println!("line {}: {}", f.line, clean(&f.message));
    }
    let s = &report.summary;
    println!("records  {} in {} lines", s.records, s.lines);
    println!("first    {}", time_or_dash(s.first));
    println!("last     {}", time_or_dash(s.last));
    if let Some(head) = &s.head {
        println!(
            "head     sha256:{head}  (a copy kept elsewhere shows if the last records are ever cut or rewritten)"
        );
    }
    let problems = report.findings.len();
    let (verdict, code) = match report.verdict() {
        Verdict::Intact => ("intact".to_owned(), 0),
        Verdict::Torn => (
            format!("torn: {problems} torn line(s), a writer was interrupted; every record chains"),
            EXIT_TORN,
        ),
        Verdict::Broken => (
            format!("BROKEN: {problems} problem(s); the trail was changed after it was written"),
            EXIT_BROKEN,
        ),
    };
    println!("result   {verdict}");
    Ok(ExitCode::from(code))
}

fn time_or_dash(t: Option<DateTime<Utc>>) -> String {
    t.map_or_else(
        || "-".into(),
        |t| t.format("%Y-%m-%d %H:%M:%S%.3f UTC").to_string(),
    )
}

fn show(reader: &Reader, as_json: bool) -> Result<ExitCode> {
    let newest_first = reader.entries().rev();
    if as_json {
        let items: Vec<Value> = newest_first
            .map(|(line, state)| json!({"line": line.number, "state": state_word(state), "record": line.record()}))
            .collect();
        println!("{}", serde_json::to_string_pretty(&items)?);
    } else {
        print!("{}", table(newest_first.map(|(l, s)| row(l, s)).collect()));
        let verdict = reader.report().verdict();
        if verdict != Verdict::Intact {
            eprintln!(
                "gantry: the trail is {}: `gantry audit verify {}` names the lines",
                if verdict == Verdict::Torn {
                    "torn"
                } else {
                    "BROKEN"
                },
                reader.path().display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

const HEADER: [&str; 7] = [
    "LINE",
    "STATE",
    "TIME (UTC)",
    "ACTOR",
    "ACTION",
    "TARGET",
    "RESULT",
];
/// Widest a column may grow before its text is cut, so one long comment cannot push the rest away.
const MAX_WIDTH: [usize; 7] = [8, 6, 19, 32, 8, 48, 72];

/// Left-aligned columns, two spaces apart, each as wide as its widest cell (up to its cap).
fn table(rows: Vec<[String; 7]>) -> String {
    let mut widths = HEADER.map(width);
    for row in &rows {
        for (w, (cell, cap)) in widths.iter_mut().zip(row.iter().zip(MAX_WIDTH)) {
            *w = (*w).max(width(cell).min(cap));
        }
    }
    let header = HEADER.map(str::to_owned);
    std::iter::once(&header)
        .chain(&rows)
        .map(|row| {
            let cells: Vec<String> = row.iter().zip(widths).map(|(c, w)| fit(c, w)).collect();
            format!("{}\n", cells.join("  ").trim_end())
        })
        .collect()
}

fn width(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// `text` cut to `w` columns (with an ellipsis) or padded to them.
fn fit(text: &str, w: usize) -> String {
    if width(text) <= w {
        return format!("{text}{}", " ".repeat(w - width(text)));
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw + 1 > w {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push('…');
    format!("{out}{}", " ".repeat(w.saturating_sub(used + 1)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::Target;
    use crate::audit::display::target;

    #[test]
    fn cells_fit_their_columns_by_display_width() {
        assert_eq!(fit("abc", 5), "abc  ");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("日本語です", 5), "日本…");
        assert_eq!(width(&fit("日本語です", 6)), 6);
    }

    #[test]
    fn targets_read_in_one_line() {
        let t = Target {
            repo: Some("acme/shop".into()),
            run: Some(42),
            sha: Some("a1b2c3d4e5".into()),
            environments: vec!["staging".into(), "production".into()],
            ..Target::default()
        };
        assert_eq!(
            target(&t),
            "acme/shop run 42 @a1b2c3d -> staging, production"
        );
        let k = Target {
            cluster: Some(audit::Workload {
                context: "prod".into(),
                namespace: "shop".into(),
                workload: "deployment/web".into(),
            }),
            revision: Some("7".into()),
            ..Target::default()
        };
        assert_eq!(target(&k), "prod/shop/deployment/web rev 7");
    }
}
