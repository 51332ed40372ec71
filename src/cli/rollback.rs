//! `gantry rollback --env NAME [--to-revision N] [--dry-run] [--yes]`: the TUI's `R` from a shell.
//! Plans the rollback with kubectl's rules from the cluster as it is now, prints what changes, and
//! sends it through the same audited path as the TUI (`Executor::perform`); `--dry-run` asks the
//! API server to validate it with `dryRun=All`, which changes nothing and is not an action, so it
//! is not recorded in the audit trail.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Result, anyhow};

use super::{Cli, kube_setup, setup};
use crate::audit::{Action, Intent, Origin, Status};
use crate::config::{Config, Confirm};
use crate::model::kube::Target;
use crate::model::kube::explain::{audit_target, rollback_lines};
use crate::model::request::{Operation, Request};
use crate::sources::{act, kube};

/// Exit codes: 0 done (or the dry run accepted), 1 refused or failed, 2 usage.
pub fn rollback(
    cli: &Cli,
    env: &str,
    to_revision: Option<u64>,
    dry_run: bool,
    yes: bool,
) -> Result<ExitCode> {
    let config = setup::load_config(cli.config.as_ref())?;
    let (environment, target) = find(&config, env)?;
    let clusters = kube_setup::clusters(&config);
    let rt = setup::runtime()?;
    let (f, undo) = match rt.block_on(kube::ops::plan(
        &clusters,
        &target,
        to_revision.unwrap_or(0),
    )) {
        Ok(p) => p,
        Err(e) => {
            eprintln!(
                "gantry: cannot roll back {env} ({}): {e}",
                target.describe()
            );
            return Ok(ExitCode::FAILURE);
        }
    };
    let lines = rollback_lines(env, &target, &f.workload, &f.revisions, &undo);
    println!("{}", lines.join("\n"));
    if dry_run {
        let r = rt.block_on(kube::ops::rollback(
            &clusters,
            &target,
            undo.revision,
            Some(&undo.uid),
            true,
        ));
        println!("{}", r.message);
        return Ok(exit(r.status));
    }
    let read_only = cli.read_only || config.read_only || environment.read_only;
    if !yes && !read_only && !confirmed(env, environment.confirm == Confirm::TypeName)? {
        eprintln!("gantry: not confirmed; nothing was sent");
        return Ok(ExitCode::FAILURE);
    }
    let (audit, warnings) = setup::audit_trail(&config, None);
    for w in warnings {
        eprintln!("gantry: {w}");
    }
    let executor = act::Executor {
        audit,
        github: None,
        kube: Some(clusters),
        read_only,
    };
    let current = f.workload.current_revision(&f.revisions);
    let images = f
        .revisions
        .iter()
        .find(|r| r.number == undo.revision)
        .map(|r| r.images.clone())
        .unwrap_or_default();
    let req = Request {
        dialog: 0,
        intent: Intent::new(
            Action::Rollback,
            Origin::Cli,
            audit_target(env, &target, Some(undo.revision)),
        )
        .param("from_revision", current)
        .param("images", images),
        op: Operation::Rollback {
            target,
            revision: undo.revision,
            uid: Some(undo.uid),
            dry_run: false,
        },
    };
    let r = rt.block_on(executor.perform(&req));
    println!("{}", r.message);
    Ok(exit(r.status))
}

fn exit(status: Status) -> ExitCode {
    match status {
        Status::Ok => ExitCode::SUCCESS,
        Status::Refused | Status::Failed => ExitCode::FAILURE,
    }
}

/// The environment and its workload.
fn find<'a>(config: &'a Config, env: &str) -> Result<(&'a crate::config::Environment, Target)> {
    let names: Vec<&str> = config
        .environments
        .iter()
        .map(|e| e.name.as_str())
        .collect();
    let e = config
        .environments
        .iter()
        .find(|e| e.name == env)
        .ok_or_else(|| {
            anyhow!(
                "no environment {env:?} in the config (environments: {})",
                names.join(", ")
            )
        })?;
    let t = kube_setup::target(e).ok_or_else(|| {
        anyhow!("environment {env:?} has no workload (set workload = \"deployment/NAME\")")
    })?;
    Ok((e, t))
}

/// Asks on the terminal: the environment's name when its config says `confirm = "type-name"`,
/// else y/N. Without a terminal, only `--yes` confirms.
fn confirmed(env: &str, type_name: bool) -> Result<bool> {
    if !std::io::stdin().is_terminal() {
        return Err(anyhow!(
            "not a terminal: pass --yes to roll back without a prompt"
        ));
    }
    let prompt = if type_name {
        format!("Type the environment's name ({env}) to confirm: ")
    } else {
        "Roll back? [y/N] ".to_string()
    };
    print!("{prompt}");
    std::io::stdout().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    let answer = answer.trim();
    Ok(if type_name {
        answer == env
    } else {
        matches!(answer, "y" | "Y" | "yes")
    })
}
