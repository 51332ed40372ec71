//! `a` / `x`: approve or reject the pending deployment selected in the environment board, the
//! pipeline or the waiting list. The dialog states what will ship and lists every environment the
//! run waits on, each approvable or not with GitHub's reason; the approvable ones are chosen.
//! Confirming returns one `Effect::Act`, which reads the pending deployments again before its POST.

use chrono::{DateTime, Utc};

use crate::app::overlay::{COMMENT, Choice, Dialog, Field, Overlay, Phase};
use crate::app::{Effect, State};
use crate::audit::{self, Action as Audited, Intent, Origin, Target};
use crate::command::Pane;
use crate::config::Confirm;
use crate::gates::GateReport;
use crate::model::approval::{Board, PendingRun, WaitKind};
use crate::model::request::{Operation, Request};

/// The label of the field where the environments' names are typed.
pub const TYPE_NAMES: &str = "Type the environment's name to confirm";

/// Commits listed in the dialog before "... and N more".
const SHIP_LINES: usize = 8;

pub(super) fn review(state: &mut State, approve: bool) -> Vec<Effect> {
    let verb = if approve { "approve" } else { "reject" };
    let Some(board) = state.review.data.as_ref() else {
        state.message = Some(format!(
            "{verb}: pending reviews are not loaded yet (see the problems line)"
        ));
        return Vec::new();
    };
    let Some(run) = selected(state, board).cloned() else {
        state.message = Some("nothing is waiting for review here".into());
        return Vec::new();
    };
    let ships: Vec<crate::model::approval::ShipCommit> =
        board.ships_for(&run).map(<[_]>::to_vec).unwrap_or_default();
    let id = state.take_dialog_id();
    let choices: Vec<Choice> = run
        .envs
        .iter()
        .map(|e| {
            let configured = state
                .settings
                .environments
                .iter()
                .find(|c| c.name == e.name);
            let allowed = match (configured.is_some_and(|c| c.read_only), &e.may_review) {
                (true, _) => Err("read-only environment (config)".to_string()),
                (false, r) => r.clone(),
            };
            Choice {
                id: e.id,
                label: e.name.clone(),
                chosen: allowed.is_ok(),
                allowed,
                type_name: needs_typing(configured.map(|c| c.confirm), &e.name),
            }
        })
        .collect();
    let verdicts = run
        .envs
        .iter()
        .find_map(|e| state.gate_verdicts(&run.head_sha, &e.name))
        .map(|v| v.reports.as_slice());
    let mut body = describe(&run, &ships, verdicts, state.server_now());
    let title = if approve {
        "Approve deployment"
    } else {
        "Reject deployment"
    };
    if choices.iter().all(|c| c.allowed.is_err()) {
        // Said before anything can be typed: nothing here may be sent.
        body.push(String::new());
        for c in &choices {
            if let Err(why) = &c.allowed {
                body.push(format!("  {}: {why}", c.label));
            }
        }
        let mut d = Dialog::new(id, title, body, Vec::new());
        d.phase = Phase::Done(Err(format!(
            "you may not {verb} any environment of this run; nothing can be sent"
        )));
        state.overlays.push(Overlay::Dialog(d));
        return vec![Effect::BELL];
    }
    body.push(String::new());
    body.push("Environments (Tab to the list, Space toggles):".into());
    let chosen: Vec<(u64, String)> = choices
        .iter()
        .filter(|c| c.chosen)
        .map(|c| (c.id, c.label.clone()))
        .collect();
    let target = Target {
        repo: Some(run.repo.clone()),
        workflow: Some(run.workflow.clone()),
        run: Some(run.run),
        environments: chosen.iter().map(|(_, n)| n.clone()).collect(),
        sha: Some(run.head_sha.clone()),
        ..Target::default()
    };
    let mut intent = Intent::new(
        if approve {
            Audited::Approve
        } else {
            Audited::Reject
        },
        Origin::Tui,
        target,
    )
    .param("state", if approve { "approved" } else { "rejected" });
    intent.commits = ships
        .iter()
        .map(|c| audit::Commit {
            sha: c.sha.clone(),
            author: c.author.clone(),
            message: c.message.clone(),
        })
        .collect();
    let req = Request {
        dialog: id,
        intent,
        op: Operation::Review {
            repo: run.repo.clone(),
            run: run.run,
            environments: chosen,
            approve,
            comment: String::new(),
        },
    };
    let typing = choices.iter().any(|c| c.type_name);
    let mut d =
        Dialog::new(id, title, body, vec![Effect::Act(Box::new(req))]).with_choices(choices);
    if typing {
        d = d
            .with_field(Field::names_of_choices(TYPE_NAMES))
            .dangerous();
    }
    d = d.with_field(Field::text(COMMENT));
    state.overlays.push(Overlay::Dialog(d));
    Vec::new()
}

/// Production (and what the config says) asks for its name to be typed.
fn needs_typing(configured: Option<Confirm>, name: &str) -> bool {
    match configured {
        Some(c) => c == Confirm::TypeName,
        None => name == "production" || name.starts_with("production-"),
    }
}

/// The pending run the focused pane points at: the waiting list's selection, the board's row, the
/// pipeline's waiting run; elsewhere the oldest waiting run.
pub fn selected<'a>(state: &State, board: &'a Board) -> Option<&'a PendingRun> {
    match state.focus() {
        Pane::Waiting => {
            let items = crate::app::select::waiting_items(state);
            match items.get(state.selection.waiting).map(|i| &i.kind) {
                Some(WaitKind::Review { repo, run }) => board.run(repo, *run),
                _ => None,
            }
        }
        Pane::Environments => board
            .envs
            .get(state.selection.board)
            .and_then(|row| board.pending_for(row)),
        Pane::Pipeline => {
            let snap = state.github.data.as_ref()?;
            let (ci, cd) = snap.pipeline();
            ci.into_iter()
                .chain(cd)
                .find_map(|r| board.run(&snap.repo, r.id))
        }
        _ => board.pending.iter().min_by_key(|p| (p.since(), p.run)),
    }
}

/// What the dialog says about the run: where, what, what ships, the gates, the timers.
pub fn describe(
    run: &PendingRun,
    ships: &[crate::model::approval::ShipCommit],
    verdicts: Option<&[GateReport]>,
    now: DateTime<Utc>,
) -> Vec<String> {
    // A run triggered by another workflow is titled with the workflow's name: the commit's own
    // message, from the comparison, says more.
    let (title, author) = ships
        .iter()
        .find(|c| c.sha == run.head_sha)
        .map_or((run.title.as_str(), None), |c| {
            (c.message.as_str(), Some(c.author.as_str()))
        });
    let mut body = vec![
        format!("Repository  {}", run.repo),
        format!(
            "Workflow    {} #{} (run {})",
            run.workflow, run.run_number, run.run
        ),
        format!(
            "Commit      {} {title}{}{}",
            run.short_sha(),
            author.map(|a| format!(" ({a})")).unwrap_or_default(),
            run.head_branch
                .as_deref()
                .map(|b| format!(" [{b}]"))
                .unwrap_or_default()
        ),
    ];
    if ships.is_empty() {
        body.push("Ships       nothing new compared to what runs there (or not compared)".into());
    } else {
        body.push(format!("Ships       {} commit(s):", ships.len()));
        for c in ships.iter().rev().take(SHIP_LINES) {
            let sha = c.sha.get(..7).unwrap_or(&c.sha);
            body.push(format!("  {sha} {} ({})", c.message, c.author));
        }
        if ships.len() > SHIP_LINES {
            body.push(format!("  ... and {} more", ships.len() - SHIP_LINES));
        }
    }
    body.extend(gate_lines(verdicts));
    let timers: Vec<String> = run
        .envs
        .iter()
        .filter(|e| e.wait_timer > 0)
        .map(|e| format!("{} {} min", e.name, e.wait_timer))
        .collect();
    if !timers.is_empty() {
        body.push(format!("Wait timer  {} after approval", timers.join(", ")));
    }
    if let Some(at) = run.fails_at() {
        let left = at - now;
        body.push(format!(
            "Times out   GitHub fails the waiting job in {} ({} UTC)",
            days_hours(left),
            at.format("%Y-%m-%d %H:%M")
        ));
    }
    body
}

/// The verdicts for the next step, with their evidence; `None` until the evidence source has
/// judged the commit, which the dialog says.
pub fn gate_lines(verdicts: Option<&[GateReport]>) -> Vec<String> {
    let Some(reports) = verdicts else {
        return vec!["Gates       not evaluated".into()];
    };
    let mut out = vec!["Gates:".to_string()];
    for g in reports {
        let rules: Vec<String> = g
            .rules
            .iter()
            .map(|r| {
                let l = r.display();
                format!("{} {} {}", l.name, l.observed, l.threshold)
            })
            .collect();
        out.push(format!(
            "  {:<5} {}  {}",
            g.verdict.name(),
            g.name,
            rules.join("; ")
        ));
    }
    out
}

/// "29d 23h", "5h 02m": how long until GitHub gives up.
fn days_hours(d: chrono::TimeDelta) -> String {
    let m = d.num_minutes().max(0);
    if m >= 24 * 60 {
        format!("{}d {}h", m / (24 * 60), m % (24 * 60) / 60)
    } else {
        format!("{}h {:02}m", m / 60, m % 60)
    }
}
