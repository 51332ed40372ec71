//! `gantry gates`: the candidate commit's gates, their verdicts and evidence, as text or JSON, with
//! an exit code for scripts and CI. Shares `evidence::gather` with the TUI's source, so the pane,
//! this command and `gantry status --json` agree.

use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use chrono::Utc;
use serde_json::{Value, json};

use super::{Cli, setup};
use crate::config::Config;
use crate::gates::Verdict;
use crate::model::gates::{GateBoard, Verdicts};
use crate::sources::evidence::{self, Memory};
use crate::sources::github;

/// Every blocking gate passed.
pub const PASS: u8 = 0;
/// A blocking gate failed.
pub const FAILED: u8 = 3;
/// None failed, but a blocking gate is pending or unknown: the promotion is held.
pub const HELD: u8 = 4;

pub fn gates(cli: &Cli, sha: Option<&str>, env: Option<&str>, as_json: bool) -> Result<ExitCode> {
    let config = setup::load_config(cli.config.as_ref())?;
    let board = fetch(&config, sha)?;
    let shown = match env {
        Some(name) => board
            .verdicts
            .iter()
            .find(|v| v.environment == name)
            .ok_or_else(|| {
                let known: Vec<&str> = board
                    .verdicts
                    .iter()
                    .map(|v| v.environment.as_str())
                    .collect();
                anyhow!(
                    "no environment {name:?}: configured are {}",
                    known.join(", ")
                )
            })?,
        None => match board.next_environment() {
            Some(v) => v,
            None => bail!("no CI run yet: no commit to judge"),
        },
    };
    if as_json {
        println!("{}", verdicts_json(shown));
    } else {
        print!("{}", text(shown));
    }
    Ok(ExitCode::from(exit_code(shown)))
}

/// The candidate's (or `sha`'s) gates for every configured environment, gathered once.
pub fn fetch(config: &Config, sha: Option<&str>) -> Result<GateBoard> {
    let repo = config.github.repos.first().cloned().ok_or_else(|| {
        anyhow!("no repository configured: add repos = [\"owner/name\"] to [github]")
    })?;
    let token = config.github.read_token()?;
    let client = github::Client::from_config(&config.github, Some(token))?;
    let target = setup::evidence_target(config, &repo);
    setup::runtime()?.block_on(async {
        // The first answer tells GitHub's clock; judge on it, as the TUI does.
        let mut memory = Memory::default();
        let first = evidence::gather(&client, &target, sha, &mut memory, Utc::now()).await;
        let offset = client.meter().clock_offset;
        match first {
            Ok(board) if offset.is_zero() => Ok(board),
            Ok(_) => {
                evidence::gather(&client, &target, sha, &mut memory, Utc::now() + offset).await
            }
            Err(e) => Err(e),
        }
        .with_context(|| {
            format!(
                "cannot gather the gates' evidence from {}",
                config.github.api_url
            )
        })
    })
}

pub fn exit_code(v: &Verdicts) -> u8 {
    if v.failed_blocking().next().is_some() {
        FAILED
    } else if v.holds() {
        HELD
    } else {
        PASS
    }
}

/// `{sha, environment, holds, gates: [{name, kind, blocking, verdict, rules: [{name, verdict,
/// observed, unit, threshold, source, link, detail}]}]}`. Text in it was sanitised on arrival.
pub fn verdicts_json(v: &Verdicts) -> Value {
    let gates: Vec<Value> = v
        .reports
        .iter()
        .map(|g| {
            let rules: Vec<Value> = g
                .rules
                .iter()
                .map(|r| {
                    json!({"id": r.preset, "name": r.name, "verdict": r.verdict,
                           "observed": r.observed, "observed_text": r.observed_text(),
                           "unit": r.unit, "threshold": r.threshold, "source": r.source,
                           "link": r.link, "detail": r.detail})
                })
                .collect();
            json!({"name": g.name, "kind": g.kind, "blocking": g.blocking,
                   "verdict": g.verdict, "holds": g.holds(), "rules": rules})
        })
        .collect();
    json!({"sha": v.sha, "environment": v.environment, "holds": v.holds(), "gates": gates})
}

/// For `gantry status --json`: the candidate and every environment's gates.
pub fn board_json(b: &GateBoard) -> Value {
    json!({
        "sha": b.sha,
        "next_environment": b.next_environment().map(|v| &v.environment),
        "waiting": b.waiting,
        "environments": b.verdicts.iter().map(verdicts_json).collect::<Vec<_>>(),
    })
}

fn text(v: &Verdicts) -> String {
    let short: String = v.sha.chars().take(7).collect();
    let mut out = format!("{short} -> {}\n", v.environment);
    for g in &v.reports {
        let role = if g.blocking { "" } else { "  (advisory)" };
        out.push_str(&format!("{:<8} {}{role}\n", g.verdict.name(), g.name));
        for r in &g.rules {
            let d = r.display();
            let mut line = format!("  {:<8} {}", d.verdict.name(), d.name);
            if !d.observed.is_empty() {
                line.push_str(&format!(": {} (threshold {})", d.observed, d.threshold));
            }
            if let Some(detail) = d.detail.filter(|_| d.verdict != Verdict::Pass) {
                line.push_str(&format!(" - {detail}"));
            }
            out.push_str(&line);
            out.push('\n');
        }
    }
    if v.reports.is_empty() {
        out.push_str("no gate guards this environment\n");
    }
    out
}
