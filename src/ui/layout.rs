//! Where each pane goes: side by side when the terminal is big enough, one at a time behind a tab
//! strip when it is not. The thresholds live in `State` so focus movement agrees with what is drawn.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use crate::app::{Pane, Screen, State};
use crate::theme::Theme;
use crate::ui::panes;

pub fn render_body(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    if state.compact() && state.visible_panes().len() > 1 {
        panes::render(
            frame,
            area,
            state.focus(),
            state,
            theme,
            Some(state.visible_panes()),
        );
        return;
    }
    for (pane, rect) in arrange(state, area) {
        panes::render(frame, rect, pane, state, theme, None);
    }
}

fn arrange(state: &State, area: Rect) -> Vec<(Pane, Rect)> {
    let visible = state.visible_panes();
    match state.screen {
        Screen::Overview if visible.len() == 5 => {
            let [top, middle, bottom] = Layout::vertical([
                Constraint::Percentage(40),
                Constraint::Percentage(32),
                Constraint::Percentage(28),
            ])
            .areas(area);
            let [g, e, r] = Layout::horizontal([Constraint::Ratio(1, 3); 3]).areas(middle);
            vec![
                (Pane::Pipeline, top),
                (Pane::Gates, g),
                (Pane::Environments, e),
                (Pane::Rollout, r),
                (Pane::Logs, bottom),
            ]
        }
        Screen::Overview => {
            let [top, bottom] =
                Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)])
                    .areas(area);
            let [g, e] = Layout::horizontal([Constraint::Percentage(50); 2]).areas(bottom);
            vec![
                (Pane::Pipeline, top),
                (Pane::Gates, g),
                (Pane::Environments, e),
            ]
        }
        Screen::Runs | Screen::Rollout => {
            let [l, r] =
                Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)])
                    .areas(area);
            vec![(visible[0], l), (visible[1], r)]
        }
        _ => vec![(visible[0], area)],
    }
}
