//! `gantry approve|reject --repo --run --env --comment [--yes]`: the same checks and the same audited
//! path (`Executor::perform`) as the TUI's dialog, for scripts. The exit status says what happened.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::Args;

use super::{Cli, setup};
use crate::audit::{Action as Audited, Intent, Origin, Status, Target};
use crate::config::Confirm;
use crate::model::request::{Operation, Request};
use crate::sources::act::{Audit, Executor};
use crate::sources::github::{self, Etags};
use crate::sources::review;

#[derive(Debug, Args)]
#[command(after_help = EXIT)]
pub struct ReviewArgs {
    /// The repository, OWNER/NAME
    #[arg(long, value_name = "OWNER/NAME")]
    pub repo: String,
    /// The id of the run waiting for review
    #[arg(long, value_name = "ID")]
    pub run: u64,
    /// An environment the run waits on (repeat for several; one request carries them all)
    #[arg(long = "env", value_name = "NAME", required = true)]
    pub envs: Vec<String>,
    /// The review comment GitHub records
    #[arg(long, value_name = "TEXT")]
    pub comment: String,
    /// Do not ask for confirmation
    #[arg(long)]
    pub yes: bool,
}

const EXIT: &str = "Exit status:
  0  approved (or rejected) as asked
  1  error before anything was attempted (config, token, not confirmed)
  3  not pending: the run does not wait for review on that environment (nothing sent)
  4  not a reviewer: you may not review that environment (nothing sent), or GitHub refused
  5  refused by read-only mode (nothing sent)
  6  network or server error (see the message: it says whether the request left)";

pub const NOT_PENDING: u8 = 3;
pub const NOT_REVIEWER: u8 = 4;
pub const READ_ONLY: u8 = 5;
pub const NETWORK: u8 = 6;

pub fn run(cli: &Cli, args: &ReviewArgs, approve: bool) -> Result<ExitCode> {
    let config = setup::load_config(cli.config.as_ref())?;
    let read_only = cli.read_only
        || config.read_only
        || config
            .environments
            .iter()
            .any(|e| e.read_only && args.envs.contains(&e.name));
    let token = config.github.read_token()?;
    let client = github::Client::from_config(&config.github, Some(token))?;
    let rt = setup::runtime()?;
    // Read-only never touches the network: the refusal is recorded and nothing else happens.
    let (login, chosen, describe) = if read_only {
        let chosen = args.envs.iter().map(|n| (0, n.clone())).collect();
        (None, chosen, String::new())
    } else {
        rt.block_on(resolve(&client, args))?
    };
    let (trail, warnings) = setup::audit_trail(&config, Some(&client));
    for w in warnings {
        eprintln!("gantry: {w}");
    }
    let trail = match trail {
        Audit::On(mut t) => {
            t.set_login(login.clone());
            Audit::On(t)
        }
        other => other,
    };
    let verb = if approve { "approve" } else { "reject" };
    if !describe.is_empty() {
        eprint!("{describe}");
    }
    if !read_only && !args.yes && !confirmed(&config, args, verb)? {
        eprintln!("gantry: not confirmed; nothing was sent");
        return Ok(ExitCode::FAILURE);
    }
    let target = Target {
        repo: Some(args.repo.clone()),
        run: Some(args.run),
        environments: args.envs.clone(),
        ..Target::default()
    };
    let action = if approve {
        Audited::Approve
    } else {
        Audited::Reject
    };
    let intent = Intent::new(action, Origin::Cli, target)
        .param("state", if approve { "approved" } else { "rejected" });
    let req = Request {
        dialog: 0,
        intent,
        op: Operation::Review {
            repo: args.repo.clone(),
            run: args.run,
            environments: chosen.clone(),
            approve,
            comment: String::new(),
        },
    }
    .with_choice(Some(&chosen), Some(&args.comment));
    let executor = Executor {
        audit: trail,
        github: Some(client),
        kube: None,
        read_only,
    };
    let result = rt.block_on(executor.perform(&req));
    let code = match result.status {
        Status::Ok => {
            println!("{}", result.message);
            return Ok(ExitCode::SUCCESS);
        }
        _ if read_only => READ_ONLY,
        Status::Refused if result.message.contains(review::NOT_PENDING) => NOT_PENDING,
        Status::Refused => NOT_REVIEWER,
        Status::Failed => NETWORK,
    };
    eprintln!("gantry: {verb}: {}", result.message);
    Ok(ExitCode::from(code))
}

/// The token's login, the chosen environments' ids (0 for one that does not wait: the audited
/// path then refuses it as not pending) and what will happen, in words.
async fn resolve(
    client: &github::Client,
    args: &ReviewArgs,
) -> Result<(Option<String>, Vec<(u64, String)>, String)> {
    let mut etags = Etags::default();
    let login = review::user(client, &mut etags)
        .await
        .map_err(|e| anyhow!("cannot ask GitHub who the token is: {e}"))?;
    let pending = review::pending_run(client, &args.repo, args.run, Some(&login), &mut etags)
        .await
        .map_err(|e| anyhow!("cannot read run {} of {}: {e}", args.run, args.repo))?;
    let mut text = String::new();
    let chosen = args
        .envs
        .iter()
        .map(|name| {
            let id = pending
                .as_ref()
                .and_then(|p| p.env(name))
                .map_or(0, |e| e.id);
            (id, name.clone())
        })
        .collect();
    if let Some(p) = &pending {
        text.push_str(&format!(
            "{} #{} (run {}) {} {}\n",
            p.workflow,
            p.run_number,
            p.run,
            p.short_sha(),
            p.title
        ));
        for e in &p.envs {
            let may = match &e.may_review {
                Ok(()) => "you may review".to_string(),
                Err(why) => why.clone(),
            };
            text.push_str(&format!("  waits on {}: {may}\n", e.name));
        }
    }
    Ok((Some(login), chosen, text))
}

/// Asks on the terminal: the environment's name for `type-name` environments, else y/N.
fn confirmed(config: &crate::config::Config, args: &ReviewArgs, verb: &str) -> Result<bool> {
    if !std::io::stdin().is_terminal() {
        return Err(anyhow!(
            "not confirmed: pass --yes, or run in a terminal to be asked"
        ));
    }
    let typed: Vec<&String> = args
        .envs
        .iter()
        .filter(|n| {
            config
                .environments
                .iter()
                .find(|e| &e.name == *n)
                .map_or(Confirm::default_for(n), |e| e.confirm)
                == Confirm::TypeName
        })
        .collect();
    let mut line = String::new();
    if typed.is_empty() {
        eprint!(
            "{verb} {} of run {}? [y/N] ",
            args.envs.join(", "),
            args.run
        );
        std::io::stderr().flush()?;
        std::io::stdin().lock().read_line(&mut line)?;
        return Ok(matches!(line.trim(), "y" | "Y" | "yes"));
    }
    let want: Vec<&str> = typed.iter().map(|s| s.as_str()).collect();
    let want = want.join(" ");
    eprint!("type `{want}` to {verb}: ");
    std::io::stderr().flush()?;
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\n', '\r']) == want)
}
