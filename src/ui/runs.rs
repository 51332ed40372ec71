//! The runs screen's tree (tui-tree-widget): repository -> workflow -> run -> job -> step, each
//! with its status symbol, and duration or live elapsed time; the filter line on top. The widget's
//! state is built afresh from `State::runs` each frame (rendering only reads).

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tui_tree_widget::{Tree, TreeItem, TreeState};

use super::format::duration;
use super::graph::{style, symbol_role};
use crate::app::{Overlay, State};
use crate::model::github::Status;
use crate::model::runs_tree::{Filter, Node, tree};
use crate::theme::Theme;

/// False when there is nothing to show yet (the caller says why).
pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) -> bool {
    let Some(snap) = state.github.data.as_ref() else {
        return false;
    };
    let [filter_area, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let editing = matches!(state.top_overlay(), Some(Overlay::Filter));
    let filter_line = if editing || !state.runs.filter.is_empty() {
        Line::from(vec![
            Span::styled("/ ", theme.key_hint),
            Span::styled(
                format!("{}{}", state.runs.filter, if editing { "_" } else { "" }),
                theme.input,
            ),
            Span::styled("  (branch: event: actor: status: or words)", theme.muted),
        ])
    } else {
        Line::styled("/ filter by branch, event, actor, status", theme.muted)
    };
    frame.render_widget(Paragraph::new(filter_line), filter_area);
    let nodes = tree(snap, &Filter::parse(&state.runs.filter));
    let now = state.server_now();
    let items: Vec<TreeItem<String>> = nodes
        .iter()
        .filter_map(|n| item(n, state, theme, now))
        .collect();
    let widget = match Tree::new(&items) {
        Ok(t) => t
            .highlight_style(theme.selected)
            .highlight_symbol(state.symbols().selected),
        Err(e) => {
            let line = Line::styled(format!("cannot draw the tree: {e}"), theme.warning);
            frame.render_widget(Paragraph::new(line), body);
            return true;
        }
    };
    let mut tree_state = TreeState::default();
    // Every repository starts open: the workflows are what one looks for first.
    for n in &nodes {
        tree_state.open(vec![n.id.clone()]);
    }
    for path in &state.runs.opened {
        tree_state.open(path.clone());
    }
    tree_state.select(state.runs.selected.clone());
    frame.render_stateful_widget(widget, body, &mut tree_state);
    true
}

fn item<'a>(
    node: &Node,
    state: &State,
    theme: &Theme,
    now: DateTime<Utc>,
) -> Option<TreeItem<'a, String>> {
    let mut spans = Vec::new();
    if let Some(status) = &node.status {
        let (symbol, role) = symbol_role(status, state.symbols());
        spans.push(Span::styled(format!("{symbol} "), style(role, theme)));
    }
    spans.push(Span::styled(node.label.clone(), theme.text));
    let time = time_text(node, now);
    if !time.is_empty() {
        spans.push(Span::styled(format!("  {time}"), theme.muted));
    }
    let children: Vec<TreeItem<String>> = node
        .children
        .iter()
        .filter_map(|c| item(c, state, theme, now))
        .collect();
    TreeItem::new(node.id.clone(), Line::from(spans), children).ok()
}

/// Duration when done, live elapsed time while running.
fn time_text(node: &Node, now: DateTime<Utc>) -> String {
    match (&node.status, node.started, node.completed) {
        (Some(Status::Done(_)), Some(a), Some(b)) => duration(b - a),
        (Some(Status::Running), Some(a), _) => duration(now - a),
        (Some(Status::Waiting), _, _) => "waiting".into(),
        (Some(Status::Queued), _, _) => "queued".into(),
        _ => String::new(),
    }
}
