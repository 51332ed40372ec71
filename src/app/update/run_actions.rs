//! Cancel (`C`), dispatch (`D`, only for workflows with `workflow_dispatch`) and copy the run's
//! URL (`y`): each on the selected run, the first two through a dialog and the audited path.

use super::actions::{run_header, selected_run, target, target_run};
use crate::app::effect::Terminal;
use crate::app::overlay::{Dialog, Field, Overlay};
use crate::app::{Effect, State};
use crate::audit::{Action as Audited, Intent, Origin};
use crate::command::Pane;
use crate::model::pipeline::{FileKey, WorkflowFile};
use crate::model::request::{Operation, REF_FIELD, Request};

/// `C`: cancel the selected run, if it is still going.
pub(super) fn cancel(state: &mut State) {
    let Some((repo, run, jobs)) = selected_run(state) else {
        return;
    };
    if !run.status.active() {
        state.message = Some(format!(
            "{} #{} has finished: nothing to cancel",
            run.name, run.run_number
        ));
        return;
    }
    let going: Vec<&str> = jobs
        .iter()
        .filter(|j| j.status.active())
        .map(|j| j.name.as_str())
        .collect();
    let id = state.take_dialog_id();
    let mut body = run_header(&repo, &run);
    body.extend([
        format!("Stops       {}", going.join(", ")),
        String::new(),
        "GitHub cancels the run: running jobs stop, queued and waiting jobs never start.".into(),
    ]);
    let req = Request {
        dialog: id,
        intent: Intent::new(Audited::Cancel, Origin::Tui, target(&repo, &run)),
        op: Operation::Cancel { repo, run: run.id },
    };
    let dialog = Dialog::new(id, "Cancel run", body, vec![Effect::Act(Box::new(req))]).dangerous();
    state.overlays.push(Overlay::Dialog(dialog));
}

/// `D`: start the selected run's workflow again on a ref, when its file allows it.
pub(super) fn dispatch(state: &mut State) {
    let Some((repo, run, _)) = selected_run(state) else {
        return;
    };
    let file = FileKey::of(&repo, &run).and_then(|k| {
        state
            .workflows
            .data
            .as_ref()
            .and_then(|f| f.get(&k).cloned())
    });
    let workflow = match file {
        Some(WorkflowFile::Parsed(w)) => w,
        Some(WorkflowFile::Broken(why)) => {
            state.message = Some(format!("cannot tell if it can be dispatched: {why}"));
            return;
        }
        None => {
            state.message = Some("the workflow file is not loaded yet".into());
            return;
        }
    };
    if !workflow.has_trigger("workflow_dispatch") {
        state.message = Some(format!(
            "{} has no workflow_dispatch trigger: it cannot be started by hand",
            run.name
        ));
        return;
    }
    let file_name = run.path.rsplit('/').next().unwrap_or(&run.path).to_owned();
    let id = state.take_dialog_id();
    let body = vec![
        format!("Repository  {repo}"),
        format!("Workflow    {} ({})", run.name, run.path),
        String::new(),
        "GitHub starts a new run of this workflow on the ref below, as a workflow_dispatch event."
            .into(),
    ];
    let req = Request {
        dialog: id,
        intent: Intent::new(
            Audited::Dispatch,
            Origin::Tui,
            crate::audit::Target {
                run: None,
                sha: None,
                ..target(&repo, &run)
            },
        ),
        op: Operation::Dispatch {
            repo,
            workflow: file_name,
            git_ref: String::new(),
        },
    };
    let mut field = Field::text(REF_FIELD);
    field.value = run.head_branch.clone().unwrap_or_default();
    let dialog = Dialog::new(
        id,
        "Dispatch workflow",
        body,
        vec![Effect::Act(Box::new(req))],
    )
    .with_field(field);
    state.overlays.push(Overlay::Dialog(dialog));
}

/// `y`: the selected run's URL to the clipboard (OSC 52: works over SSH).
pub(super) fn copy_url(state: &mut State) -> Vec<Effect> {
    if state.focus() != Pane::Pipeline {
        state.message = Some("nothing selected".into());
        return Vec::new();
    }
    let Some((_, run, _)) = target_run(state) else {
        state.message = Some("nothing selected".into());
        return Vec::new();
    };
    if run.html_url.is_empty() {
        state.message = Some("GitHub gave this run no URL".into());
        return Vec::new();
    }
    state.message = Some(format!("copied {}", run.html_url));
    vec![Effect::Terminal(Terminal::Copy(run.html_url))]
}
