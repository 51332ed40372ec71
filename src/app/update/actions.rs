//! Commands that change something open a dialog that says exactly what will happen; only confirming
//! it returns the effect, which the action task carries out through the audited path.

use crate::app::overlay::{Dialog, Overlay, Toggle};
use crate::app::{Effect, State};
use crate::audit::{Action as Audited, Intent, Origin, Target};
use crate::command::Pane;
use crate::model::github::{Job, Run};
use crate::model::request::{Operation, Request, Switch};

/// The run an action applies to, cloned out of the state: the selected graph node's run, else
/// the pipeline's first run with failed jobs, else its active run, else its CI run.
pub(super) fn target_run(state: &State) -> Option<(String, Run, Vec<Job>)> {
    let snap = state.github.data.as_ref()?;
    let chosen = super::graph::selected(state).and_then(|(pg, id)| pg.run_of(id));
    let (ci, cd) = snap.pipeline();
    let runs: Vec<&Run> = ci.into_iter().chain(cd).collect();
    let run = chosen
        .or_else(|| {
            runs.iter()
                .copied()
                .find(|r| snap.jobs_of(r).iter().any(|j| j.status.failed()))
        })
        .or_else(|| runs.iter().copied().find(|r| r.status.active()))
        .or_else(|| runs.first().copied())?;
    let jobs = snap.jobs_of(run).into_iter().cloned().collect();
    Some((snap.repo.clone(), run.clone(), jobs))
}

/// `r`: rerun the failed jobs of the selected run (or every job, with `a`), optionally with
/// debug logging (`d`), after a confirmation.
pub(super) fn rerun_failed(state: &mut State) {
    let Some((repo, run, jobs)) = selected_run(state) else {
        return;
    };
    if run.status.active() {
        state.message = Some(format!(
            "{} #{} is still running: GitHub reruns only finished runs (C cancels it)",
            run.name, run.run_number
        ));
        return;
    }
    let failed: Vec<&str> = jobs
        .iter()
        .filter(|j| j.status.failed())
        .map(|j| j.name.as_str())
        .collect();
    let id = state.take_dialog_id();
    let (title, what) = if failed.is_empty() {
        ("Rerun all jobs", format!("every job ({})", jobs.len()))
    } else {
        ("Rerun failed jobs", failed.join(", "))
    };
    let mut body = run_header(&repo, &run);
    body.extend([
        format!("Rerun       {what}"),
        String::new(),
        "Failed only: GitHub reruns them and every job that needs them; the others keep their \
         results. All jobs: a new attempt of the whole run."
            .into(),
    ]);
    let intent = Intent::new(Audited::Rerun, Origin::Tui, target(&repo, &run));
    let req = Request {
        dialog: id,
        intent,
        op: Operation::RerunFailed {
            repo,
            run: run.id,
            debug: false,
        },
    };
    let all = Toggle::new(
        'a',
        "rerun every job, not only the failed ones",
        Switch::AllJobs,
        failed.is_empty(),
    );
    let debug = Toggle::new(
        'd',
        "with debug logging (runner and step debug logs)",
        Switch::Debug,
        false,
    );
    let dialog = Dialog::new(id, title, body, vec![Effect::Act(Box::new(req))])
        .with_toggle(all)
        .with_toggle(debug);
    state.overlays.push(Overlay::Dialog(dialog));
}

/// The lines every run dialog opens with: where, which run, which commit.
pub(super) fn run_header(repo: &str, run: &Run) -> Vec<String> {
    vec![
        format!("Repository  {repo}"),
        format!(
            "Workflow    {} #{} (run {})",
            run.name, run.run_number, run.id
        ),
        commit_line(run),
    ]
}

/// The run a run action applies to, or a message saying why there is none.
pub(super) fn selected_run(state: &mut State) -> Option<(String, Run, Vec<Job>)> {
    if state.focus() != Pane::Pipeline {
        state.message = Some("no run selected: select one on the pipeline pane".into());
        return None;
    }
    let found = target_run(state);
    if found.is_none() {
        state.message = Some("no run selected".into());
    }
    found
}

fn commit_line(run: &Run) -> String {
    match &run.commit {
        Some(c) => format!(
            "Commit      {} {}{}",
            run.short_sha(),
            c.message,
            c.author
                .as_deref()
                .map(|a| format!(" ({a})"))
                .unwrap_or_default()
        ),
        None => format!("Commit      {}", run.short_sha()),
    }
}

pub(super) fn target(repo: &str, run: &Run) -> Target {
    Target {
        repo: Some(repo.to_string()),
        workflow: Some(run.name.clone()),
        run: Some(run.id),
        sha: Some(run.head_sha.clone()),
        ..Target::default()
    }
}
