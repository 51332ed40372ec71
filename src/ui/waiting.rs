//! Screen 5, Waiting for you: everything across repositories (and, from the rollout source, the
//! cluster) that waits for a human, oldest first, with how long each has waited and whether you can
//! act on it. `a` / `x` on a review open the approval dialog.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::format::age;
use crate::app::select::waiting_items;
use crate::app::{Pane, State};
use crate::model::approval::WaitKind;
use crate::sanitize::clean;
use crate::theme::Theme;

pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) -> bool {
    if state.review.data.is_none() {
        return false;
    }
    let items = waiting_items(state);
    let sym = state.symbols();
    let now = state.server_now();
    if items.is_empty() {
        let line = Line::styled(
            format!("{} Nothing waits for you.", sym.success),
            theme.pass,
        );
        frame.render_widget(Paragraph::new(line), area);
        return true;
    }
    let selected = state.selection.waiting.min(items.len() - 1);
    let focused = state.focus() == Pane::Waiting;
    let lines: Vec<Line> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let kind = match item.kind {
                WaitKind::Review { .. } => "review",
                WaitKind::Canary { .. } => "canary",
            };
            let waited = item.since.map_or_else(|| "?".to_string(), |s| age(now - s));
            let (act, act_style) = match &item.actionable {
                Ok(()) => ("you can act (a/x)".to_string(), theme.pass),
                Err(why) => (clean(why), theme.warning),
            };
            let mut line = Line::from(vec![
                Span::styled(format!("{} {waited:>4}  ", sym.waiting), theme.waiting),
                Span::styled(format!("{kind:<7}"), theme.muted),
                Span::styled(format!("{}  ", clean(&item.place)), theme.muted),
                Span::styled(clean(&item.title), theme.text),
                Span::styled(format!("  {act}"), act_style),
            ]);
            if i == selected && focused {
                line = line.patch_style(theme.selected);
            }
            line
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
    true
}
