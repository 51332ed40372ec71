//! Commands that change something open a dialog that says exactly what will happen; only confirming
//! it returns the effect, which the action task carries out through the audited path.

use crate::app::overlay::{Dialog, Overlay};
use crate::app::{Effect, State};
use crate::audit::{Action as Audited, Intent, Origin, Target};
use crate::command::Pane;
use crate::model::github::Run;
use crate::model::request::{Operation, Request};

/// `r`: rerun the failed jobs of the pipeline's run that has them (CI first), after a confirmation.
pub(super) fn rerun_failed(state: &mut State) {
    if state.focus() != Pane::Pipeline {
        state.message = Some("no run selected: rerun works on the pipeline pane".into());
        return;
    }
    let Some(snap) = state.github.data.as_ref() else {
        state.message = Some("no run selected".into());
        return;
    };
    let (ci, cd) = snap.pipeline();
    let Some((run, failed)) = ci.into_iter().chain(cd).find_map(|r| {
        let failed: Vec<String> = snap
            .jobs_of(r)
            .into_iter()
            .filter(|j| j.status.failed())
            .map(|j| j.name.clone())
            .collect();
        (!failed.is_empty()).then_some((r, failed))
    }) else {
        state.message = Some("no failed jobs to rerun in this pipeline".into());
        return;
    };
    let id = state.next_dialog;
    state.next_dialog += 1;
    let repo = snap.repo.clone();
    let body = vec![
        format!("Repository  {repo}"),
        format!("Workflow    {} #{} (run {})", run.name, run.run_number, run.id),
        commit_line(run),
        format!("Rerun       {}", failed.join(", ")),
        String::new(),
        "GitHub reruns these jobs and every job that needs them; the run's other jobs keep their results."
            .into(),
    ];
    let intent =
        Intent::new(Audited::Rerun, Origin::Tui, target(&repo, run)).param("failed_only", true);
    let req = Request {
        dialog: id,
        intent,
        op: Operation::RerunFailed {
            repo,
            run: run.id,
            debug: false,
        },
    };
    let dialog = Dialog::new(
        id,
        "Rerun failed jobs",
        body,
        vec![Effect::Act(Box::new(req))],
    );
    state.overlays.push(Overlay::Dialog(dialog));
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

fn target(repo: &str, run: &Run) -> Target {
    Target {
        repo: Some(repo.to_string()),
        workflow: Some(run.name.clone()),
        run: Some(run.id),
        sha: Some(run.head_sha.clone()),
        ..Target::default()
    }
}
