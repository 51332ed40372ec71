//! Keys on the pipeline graph: h/l across layers, j/k within one, Enter expands or collapses a
//! matrix. The same graph the pane draws is built here (a pure function of the state), so the
//! selection moves along what is on screen.

use std::collections::BTreeSet;

use crate::app::State;
use crate::command::Command;
use crate::model::pipeline::PipelineGraph;
use crate::workflow::{Density, Direction, Layout, NodeId, Options};

/// Enter on the graph: expands or folds the selected matrix; `false` when the selection is not
/// one (Enter then opens the job's log instead).
pub(super) fn expands(state: &State) -> bool {
    let Some(snap) = state.github.data.as_ref() else {
        return false;
    };
    let files = state.workflows.data.clone().unwrap_or_default();
    let Ok(pg) = PipelineGraph::build(snap, &files, &state.graph.expanded) else {
        return false;
    };
    let layout = layout(&pg);
    let current = state
        .graph
        .selected
        .filter(|id| layout.node(*id).is_some())
        .or_else(|| layout.first());
    current.is_some_and(|c| toggle(&pg, c, &state.graph.expanded).is_ok())
}

/// The layout used to move: the order of layers and nodes does not depend on the viewport.
fn layout(pg: &PipelineGraph) -> Layout {
    let options = Options {
        density: Density::Boxes,
        ..Options::default()
    };
    Layout::new(&pg.dag, &|_| None, &options)
}

pub(super) fn on_command(state: &mut State, cmd: Command) {
    let Some(snap) = state.github.data.as_ref() else {
        state.message = Some("no pipeline yet".into());
        return;
    };
    let files = state.workflows.data.clone().unwrap_or_default();
    let Ok(pg) = PipelineGraph::build(snap, &files, &state.graph.expanded) else {
        state.message = Some("no graph: the workflow files are not available".into());
        return;
    };
    let layout = layout(&pg);
    let current = state
        .graph
        .selected
        .filter(|id| layout.node(*id).is_some())
        .or_else(|| layout.first());
    let Some(current) = current else {
        return;
    };
    let dir = match cmd {
        Command::Left => Direction::Left,
        Command::Right => Direction::Right,
        Command::Up => Direction::Up,
        Command::Down => Direction::Down,
        Command::Open => {
            match toggle(&pg, current, &state.graph.expanded) {
                Ok((job, open, select)) => {
                    if open {
                        state.graph.expanded.insert(job);
                    } else {
                        state.graph.expanded.remove(&job);
                    }
                    state.graph.selected = Some(select);
                }
                Err(why) => state.message = Some(why),
            }
            return;
        }
        _ => return,
    };
    // At the graph's edge the selection stays where it is.
    let next = layout.neighbour(current, dir).unwrap_or(current);
    state.graph.selected = Some(next);
}

/// Enter on a matrix (or reusable workflow) shows its jobs; on one of them, folds them back.
/// The graph job, whether it is now open, and the node to select.
fn toggle(
    pg: &PipelineGraph,
    at: NodeId,
    expanded: &BTreeSet<usize>,
) -> Result<(usize, bool, NodeId), String> {
    let job = pg.graph.jobs.get(at.job).ok_or_else(String::new)?;
    if !job.expandable || job.instances.is_empty() {
        return Err(format!("{}: nothing to expand", at_name(pg, at)));
    }
    if expanded.contains(&at.job) {
        Ok((at.job, false, at.collapsed()))
    } else {
        let first = NodeId {
            job: at.job,
            instance: Some(0),
        };
        Ok((at.job, true, first))
    }
}

fn at_name(pg: &PipelineGraph, at: NodeId) -> String {
    pg.dag
        .nodes
        .iter()
        .find(|n| n.id == at)
        .map_or_else(String::new, |n| n.label.clone())
}

/// The selected node and the graph it is in, for actions and copying: `None` without a graph.
pub(super) fn selected<'a>(state: &'a State) -> Option<(PipelineGraph<'a>, NodeId)> {
    let snap = state.github.data.as_ref()?;
    let files = state.workflows.data.as_ref()?;
    let pg = PipelineGraph::build(snap, files, &state.graph.expanded).ok()?;
    let layout = layout(&pg);
    let id = state
        .graph
        .selected
        .filter(|id| layout.node(*id).is_some())
        .or_else(|| layout.first())?;
    Some((pg, id))
}
