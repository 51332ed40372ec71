//! The pipeline pane as a graph: the commit's CI and CD workflow files joined left to right, laid
//! out by `workflow::layout`, each node with its status symbol, colour and duration (or live
//! elapsed time) from the jobs API. The selection stays in view as the picture scrolls. Without
//! the files (not fetched yet, broken) the pane lists the jobs, with the error when there is one.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout as Split, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::pipeline::{detail, title_line};
use crate::app::{Pane, State};
use crate::model::github::{Conclusion, Status};
use crate::model::pipeline::{NoGraph, PipelineGraph, summary};
use crate::theme::{Symbols, Theme};
use crate::workflow::layout::WIDE_TAIL;
use crate::workflow::{Density, Layout, NodeId, NodeStatus, Options, Role};

/// Draws the pane's content; false when there is nothing to draw yet (the caller shows why).
pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) -> bool {
    let Some(snap) = state.github.data.as_ref() else {
        return false;
    };
    let files = state.workflows.data.clone().unwrap_or_default();
    let pg = match PipelineGraph::build(snap, &files, &state.graph.expanded) {
        Ok(pg) => pg,
        Err(NoGraph::Waiting) => return super::pipeline::render(frame, area, state, theme),
        Err(NoGraph::Broken(why)) => {
            let [note, rest] =
                Split::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
            let line = Line::styled(format!("no graph: {why}"), theme.warning);
            frame.render_widget(Paragraph::new(line), note);
            return super::pipeline::render(frame, rest, state, theme);
        }
    };
    let [top, runs_area, body] = Split::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    if let Some(head) = pg.runs.first() {
        frame.render_widget(Paragraph::new(title_line(head, theme)), top);
    }
    frame.render_widget(Paragraph::new(runs_line(&pg, state, theme)), runs_area);
    let layout = layout(
        &pg,
        state,
        usize::from(body.width),
        usize::from(body.height),
    );
    let focused = state.focus() == Pane::Pipeline;
    let selected = selection(state, &layout).filter(|_| focused);
    let offset = selected.map_or((0, 0), |s| {
        layout.scroll_to(s, usize::from(body.width), usize::from(body.height), (0, 0))
    });
    let grid = layout.draw(selected);
    blit(frame.buffer_mut(), body, &grid, offset, theme);
    true
}

/// The graph laid out for a `width` x `height` viewport, with each node's status.
pub fn layout(pg: &PipelineGraph, state: &State, width: usize, height: usize) -> Layout {
    let sym = state.symbols();
    let now = state.server_now();
    let status = |id: NodeId| node_status(pg, id, sym, now);
    let options = Options {
        width,
        height,
        density: Density::Auto,
        ascii: ascii(sym),
    };
    Layout::new(&pg.dag, &status, &options)
}

/// The selected node if it is drawn, else the first: a node that vanished (a matrix collapsed,
/// a new commit) never leaves the pane without a selection.
pub fn selection(state: &State, layout: &Layout) -> Option<NodeId> {
    state
        .graph
        .selected
        .filter(|id| layout.node(*id).is_some())
        .or_else(|| layout.first())
}

/// The graph draws ASCII lines when the symbols are ASCII (`ascii = true`, or no UTF-8 locale).
fn ascii(sym: &Symbols) -> bool {
    *sym == Symbols::ASCII
}

fn node_status(
    pg: &PipelineGraph,
    id: NodeId,
    sym: &Symbols,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<NodeStatus> {
    let jobs = pg.jobs_of(id);
    let status = summary(jobs)?;
    let (symbol, role) = symbol_role(&status, sym);
    let text = match jobs {
        [one] => detail(one, now),
        many => {
            let done = many.iter().filter(|j| !j.status.active()).count();
            format!("{done}/{}", many.len())
        }
    };
    Some(NodeStatus {
        symbol: symbol.to_owned(),
        role,
        text,
    })
}

/// A status's glyph and the grid role (mapped to the theme when drawn).
pub fn symbol_role(status: &Status, sym: &Symbols) -> (&'static str, Role) {
    match status {
        Status::Done(c) => match c {
            Conclusion::Success => (sym.success, Role::Pass),
            c if c.failed() => (sym.failure, Role::Fail),
            Conclusion::Cancelled => (sym.cancelled, Role::Cancelled),
            Conclusion::Skipped => (sym.skipped, Role::Skipped),
            Conclusion::ActionRequired => (sym.waiting, Role::Waiting),
            _ => (sym.neutral, Role::Neutral),
        },
        Status::Running => (sym.running, Role::Running),
        Status::Waiting => (sym.waiting, Role::Waiting),
        Status::Queued => (sym.queued, Role::Queued),
        Status::Unknown(_) => (sym.pending, Role::Pending),
    }
}

/// `CI: Enterprise CI Pipeline #412 → CD: Enterprise CD Pipeline #198`.
fn runs_line(pg: &PipelineGraph, state: &State, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, run) in pg.runs.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(
                format!(" {} ", state.symbols().arrow),
                theme.muted,
            ));
        }
        let (symbol, role) = symbol_role(&run.status, state.symbols());
        spans.push(Span::styled(symbol, style(role, theme)));
        spans.push(Span::styled(
            format!(" {} #{}", run.name, run.run_number),
            theme.title,
        ));
    }
    Line::from(spans)
}

/// The theme's style for a grid role.
pub fn style(role: Role, theme: &Theme) -> Style {
    match role {
        Role::Blank => Style::default(),
        Role::Text => theme.text,
        Role::Muted => theme.muted,
        Role::Border | Role::Edge => theme.border,
        Role::Selected => theme.selected,
        Role::Pass => theme.pass,
        Role::Fail => theme.fail,
        Role::Pending => theme.pending,
        Role::Running => theme.running,
        Role::Queued => theme.queued,
        Role::Skipped => theme.skipped,
        Role::Waiting => theme.waiting,
        Role::Cancelled => theme.cancelled,
        Role::Neutral => theme.neutral,
    }
}

/// Copies the visible window of the grid into the frame's buffer.
fn blit(
    buf: &mut Buffer,
    area: Rect,
    grid: &crate::workflow::Grid,
    offset: (usize, usize),
    theme: &Theme,
) {
    for row in 0..area.height {
        for col in 0..area.width {
            let (gx, gy) = (offset.0 + usize::from(col), offset.1 + usize::from(row));
            let Some(cell) = grid.get(gx, gy) else {
                continue;
            };
            // The right half of a wide character is drawn by its left half; at the window's
            // left edge that half is cut off, so a blank stands in.
            let ch = match cell.ch {
                WIDE_TAIL if col > 0 => continue,
                WIDE_TAIL => ' ',
                c => c,
            };
            let at = (area.x + col, area.y + row);
            if let Some(target) = buf.cell_mut(at) {
                // A wide character in the last column would spill over the border.
                let wide = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(1) > 1;
                let ch = if wide && col + 1 == area.width {
                    ' '
                } else {
                    ch
                };
                target.set_char(ch).set_style(style(cell.role, theme));
            }
        }
    }
}
