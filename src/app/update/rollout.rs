//! The rollout pane's keys: moving between environments and through the lists, and the actions
//! that change a workload. Each action is offered only when it applies and RBAC allows it (asked
//! beforehand by the cluster source); it opens a picker or a dialog that says exactly what will be
//! sent, and only confirming the dialog returns the request, for the audited action task.

use crate::app::overlay::{Dialog, Field, Overlay, Picker};
use crate::app::rollouts::EnvRollout;
use crate::app::{Effect, State};
use crate::audit::{Action as Audited, Intent, Origin, Target as AuditTarget};
use crate::command::{Command, Pane};
use crate::model::kube::canary::CanaryOp;
use crate::model::kube::explain::{self, rollback_lines};
use crate::model::kube::history::plan_undo;
use crate::model::kube::{Allowed, Kind, Rollout, Workload};
use crate::model::request::{Operation, Request};

/// j/k scroll the lists, h/l switch environments, g g / G top and bottom.
pub(super) fn navigate(state: &mut State, cmd: Command) -> bool {
    let r = &mut state.rollouts;
    let n = r.envs.len();
    match cmd {
        Command::Down => r.scroll = r.scroll.saturating_add(1),
        Command::Up => r.scroll = r.scroll.saturating_sub(1),
        Command::PageDown => r.scroll = r.scroll.saturating_add(10),
        Command::PageUp => r.scroll = r.scroll.saturating_sub(10),
        Command::Top => r.scroll = 0,
        // Clamped when drawn: how far one can scroll depends on the size.
        Command::Bottom => r.scroll = u16::MAX,
        Command::Right | Command::Open if n > 0 => {
            r.selected = (r.selected + 1) % n;
            r.scroll = 0;
        }
        Command::Left if n > 0 => {
            r.selected = (r.selected + n - 1) % n;
            r.scroll = 0;
        }
        _ => return false,
    }
    true
}

/// The environment an action applies to, with its data, or why there is none (set as the message).
fn selected(state: &mut State) -> Option<(EnvRollout, Rollout, Workload)> {
    if !matches!(state.focus(), Pane::Rollout | Pane::Environments) {
        state.message =
            Some("this acts on the rollout pane's environment: press o to focus it".into());
        return None;
    }
    let Some(env) = state.rollouts.selected().cloned() else {
        state.message =
            Some("no environment maps to a workload (see [[environments]] workload)".into());
        return None;
    };
    if env.read_only {
        state.message = Some(format!("{} is read-only: no actions here", env.env));
        return None;
    }
    let Some(data) = env.data().cloned() else {
        state.message = Some(format!("nothing from {}'s cluster yet", env.env));
        return None;
    };
    let Some(w) = data.workload.clone() else {
        state.message = Some(format!("{} was not found", env.target.workload()));
        return None;
    };
    Some((env, data, w))
}

fn refused(state: &mut State, allowed: &Allowed, what: &str) -> bool {
    match allowed {
        Allowed::No(why) => {
            state.message = Some(format!("{what} is unavailable: {why}"));
            true
        }
        _ => false,
    }
}

fn age(state: &State, at: Option<chrono::DateTime<chrono::Utc>>) -> String {
    let Some(at) = at else {
        return String::new();
    };
    let s = (state.now - at).num_seconds().max(0);
    match s {
        0..60 => format!("{s}s ago"),
        60..3600 => format!("{}m ago", s / 60),
        3600..86400 => format!("{}h ago", s / 3600),
        _ => format!("{}d ago", s / 86400),
    }
}

/// `R`: a picker of the revisions to go back to, the previous one first.
pub(super) fn rollback(state: &mut State) -> Vec<Effect> {
    let Some((env, data, w)) = selected(state) else {
        return vec![Effect::BELL];
    };
    if refused(state, &data.access.rollback, "rollback") {
        return vec![Effect::BELL];
    }
    if w.kind == Some(Kind::Deployment) && w.paused {
        state.message = Some(crate::model::kube::history::UndoError::Paused.to_string());
        return vec![Effect::BELL];
    }
    let items: Vec<(String, Command)> = data
        .revisions
        .iter()
        .filter(|r| !r.current)
        .map(|r| {
            let label = format!(
                "revision {}  {}  {}  {}",
                r.number,
                r.images.join(","),
                r.change_cause.as_deref().unwrap_or(""),
                age(state, r.created)
            );
            (label, Command::RollbackTo(r.number))
        })
        .collect();
    if items.is_empty() {
        state.message = Some(format!("{}: no earlier revision to roll back to", env.env));
        return vec![Effect::BELL];
    }
    let title = format!("Roll back {} {} to", env.env, env.target.workload());
    state.pending.clear();
    state
        .overlays
        .push(Overlay::Picker(Picker::new(&title, items)));
    Vec::new()
}

fn audit_target(env: &EnvRollout, revision: Option<u64>) -> AuditTarget {
    explain::audit_target(&env.env, &env.target, revision)
}

fn dialog(state: &mut State, env: &EnvRollout, title: &str, body: Vec<String>, req: Request) {
    let mut d = Dialog::new(req.dialog, title, body, vec![Effect::Act(Box::new(req))]);
    if env.type_name {
        d = d.with_field(Field::must_type(
            "Type the environment's name to confirm",
            &env.env,
        ));
    }
    if env.type_name || env.env == "production" {
        d = d.dangerous();
    }
    state.overlays.push(Overlay::Dialog(d));
}

/// The rollback to `revision`, planned with kubectl's rules, in a dialog that shows the diff.
pub(super) fn rollback_to(state: &mut State, revision: u64) -> Vec<Effect> {
    let Some((env, data, w)) = selected(state) else {
        return vec![Effect::BELL];
    };
    if refused(state, &data.access.rollback, "rollback") {
        return vec![Effect::BELL];
    }
    let undo = match plan_undo(&w, &data.revisions, revision) {
        Ok(u) => u,
        Err(e) => {
            state.message = Some(e.to_string());
            return vec![Effect::BELL];
        }
    };
    let current = w.current_revision(&data.revisions);
    let target_rev = data.revisions.iter().find(|r| r.number == undo.revision);
    let body = rollback_lines(&env.env, &env.target, &w, &data.revisions, &undo);
    let id = state.take_dialog_id();
    let intent = Intent::new(
        Audited::Rollback,
        Origin::Tui,
        audit_target(&env, Some(undo.revision)),
    )
    .param("from_revision", current)
    .param(
        "images",
        target_rev.map(|r| r.images.clone()).unwrap_or_default(),
    );
    let req = Request {
        dialog: id,
        intent,
        op: Operation::Rollback {
            target: env.target.clone(),
            revision: undo.revision,
            uid: Some(undo.uid.clone()),
            dry_run: false,
        },
    };
    let title = format!("Roll back {}", env.env);
    dialog(state, &env, &title, body, req);
    Vec::new()
}

/// `P`: a picker of what can be done to the canary now.
pub(super) fn promote(state: &mut State) -> Vec<Effect> {
    let Some((env, data, w)) = selected(state) else {
        return vec![Effect::BELL];
    };
    let Some(c) = w.canary.as_ref() else {
        state.message = Some(format!("{} is a Deployment: no canary to promote", env.env));
        return vec![Effect::BELL];
    };
    if refused(state, &data.access.canary, "promote") {
        return vec![Effect::BELL];
    }
    let mut items = Vec::new();
    if c.aborted {
        items.push((
            "retry: run the canary's steps again".to_string(),
            Command::Retry,
        ));
    } else if c.in_progress() {
        let next = c
            .steps
            .get(c.current_step + 1)
            .map(|s| s.describe())
            .unwrap_or_else(|| "full promotion".into());
        items.push((
            format!("promote: on to the next step ({next})"),
            Command::PromoteStep,
        ));
        items.push((
            "promote --full: skip every remaining step".to_string(),
            Command::PromoteFull,
        ));
        items.push(("abort: traffic back to stable".to_string(), Command::Abort));
    }
    if items.is_empty() {
        state.message = Some(format!("{}: the canary is not in progress", env.env));
        return vec![Effect::BELL];
    }
    state.pending.clear();
    let title = format!("Canary in {}", env.env);
    state
        .overlays
        .push(Overlay::Picker(Picker::new(&title, items)));
    Vec::new()
}

/// A canary action's dialog.
pub(super) fn canary(state: &mut State, op: CanaryOp) -> Vec<Effect> {
    let Some((env, data, w)) = selected(state) else {
        return vec![Effect::BELL];
    };
    let Some(c) = w.canary.clone() else {
        state.message = Some(format!("{} is a Deployment: no canary", env.env));
        return vec![Effect::BELL];
    };
    if refused(state, &data.access.canary, op.word()) {
        return vec![Effect::BELL];
    }
    let applies = match op {
        CanaryOp::Retry => c.aborted,
        _ => c.in_progress() && !c.aborted,
    };
    if !applies {
        state.message = Some(match op {
            CanaryOp::Retry => format!("{}: the canary is not aborted", env.env),
            _ => format!("{}: no canary in progress", env.env),
        });
        return vec![Effect::BELL];
    }
    let step = |i: usize| {
        c.steps
            .get(i)
            .map(|s| format!("step {} of {}: {}", i + 1, c.steps.len(), s.describe()))
            .unwrap_or_else(|| "all steps done".into())
    };
    let stable = data
        .revisions
        .iter()
        .find(|r| r.hash.is_some() && r.hash == c.stable_hash);
    let what = match op {
        CanaryOp::Promote => format!(
            "Ends this step; the canary goes on to {}.",
            step(c.current_step + 1)
        ),
        CanaryOp::PromoteFull => {
            "Skips every remaining step: the new revision takes all traffic.".into()
        }
        CanaryOp::Abort => format!(
            "Scales the canary down and sends all traffic back to stable{}.",
            stable
                .map(|r| format!(" (revision {}, {})", r.number, r.images.join(", ")))
                .unwrap_or_default()
        ),
        CanaryOp::Retry => "Starts the canary's steps again from step 1.".into(),
    };
    let patch = match op {
        CanaryOp::Abort => r#"{"status":{"abort":true}}"#,
        CanaryOp::Retry => r#"{"status":{"abort":false}}"#,
        CanaryOp::PromoteFull => r#"{"status":{"promoteFull":true}}"#,
        CanaryOp::Promote => r#"{"status":{"pauseConditions":null}}"#,
    };
    let body = vec![
        format!("Environment  {} ({})", env.env, env.target.describe()),
        format!(
            "Canary       {}  {}",
            w.images.join(", "),
            step(c.current_step)
        ),
        format!(
            "Weight       set {}%, actual {}%",
            c.set_weight, c.actual_weight
        ),
        String::new(),
        what,
        String::new(),
        // Short lines: a dialog sizes itself by lines, so a wrapped one hides its outcome.
        format!(
            "Sends what `kubectl argo rollouts {} {} -n {}` sends:",
            op.word(),
            env.target.name,
            env.target.namespace
        ),
        format!("a merge patch of its status, {patch}."),
    ];
    let action = match op {
        CanaryOp::Abort => Audited::Abort,
        _ => Audited::Promote,
    };
    let id = state.take_dialog_id();
    let intent = Intent::new(action, Origin::Tui, audit_target(&env, None)).param("op", op.word());
    let req = Request {
        dialog: id,
        intent,
        op: Operation::Canary {
            target: env.target.clone(),
            op,
        },
    };
    let title = format!("{} canary in {}", op.word(), env.env);
    dialog(state, &env, &title, body, req);
    Vec::new()
}
