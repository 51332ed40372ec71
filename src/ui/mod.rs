//! Rendering. Every function here reads `&State` and `&Theme` and never writes: panes build what
//! they need (list states, layouts) afresh each frame.

pub mod board;
mod dialog;
pub mod format;
mod gates;
// Public for the benchmark of a frame through the real pane.
pub mod graph;
mod header;
mod help;
mod layout;
mod logs;
// Public for its tests, benchmarks and the fuzz crate.
pub mod logview;
mod panes;
mod pipeline;
mod problems;
mod rollout;
mod runs;
mod status;
mod trail;
mod waiting;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::app::{Overlay, State};
use crate::theme::Theme;

/// Below this the screen shows only a notice: nothing else can be read anyway.
const MIN_WIDTH: u16 = 20;
const MIN_HEIGHT: u16 = 5;

pub fn draw(frame: &mut Frame, state: &State, theme: &Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = format!("gantry: {}x{} is too small", area.width, area.height);
        frame.render_widget(Paragraph::new(Line::styled(text, theme.warning)), area);
        return;
    }
    let banner = u16::from(!state.warnings.is_empty());
    let trouble = problems::height(state);
    let [header, tabs, body, trouble_area, banner_area, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(trouble),
        Constraint::Length(banner),
        Constraint::Length(1),
    ])
    .areas(area);
    header::render(frame, header, state, theme);
    header::render_tabs(frame, tabs, state, theme);
    layout::render_body(frame, body, state, theme);
    if trouble > 0 {
        problems::render(frame, trouble_area, state, theme);
    }
    if banner > 0 {
        status::render_banner(frame, banner_area, state, theme);
    }
    status::render(frame, status, state, theme);
    // Bottom first, so the top overlay is drawn last.
    for overlay in &state.overlays {
        match overlay {
            Overlay::Help { scroll } => {
                // Small screens give the overlay the whole body; half-covered panes only distract.
                let area = if body.width < 90 {
                    body
                } else {
                    centered(body, 76, body.height)
                };
                help::render(frame, area, state, theme, *scroll);
            }
            Overlay::Dialog(d) => dialog::render(frame, body, d, state, theme),
            Overlay::Picker(p) => dialog::render_picker(frame, body, p, theme),
            // Drawn by the runs pane itself, as its filter line.
            Overlay::Filter => {}
            Overlay::Search(s) => logs::render_search(frame, body, s, theme),
        }
    }
}

/// A rectangle of at most `w` x `h` centred in `area`.
pub(crate) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}
