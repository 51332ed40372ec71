//! TEMPORARY stand-in until the theme module lands; replaced at merge.
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone)]
pub struct Theme {
    pub text: Style,
    pub muted: Style,
    pub title: Style,
    pub border: Style,
    pub border_focused: Style,
    pub selected: Style,
    pub header: Style,
    pub status_bar: Style,
    pub key_hint: Style,
    pub pass: Style,
    pub fail: Style,
    pub pending: Style,
    pub running: Style,
    pub skipped: Style,
    pub waiting: Style,
    pub danger: Style,
    pub warning: Style,
    pub banner_error: Style,
    pub badge_read_only: Style,
    pub dialog: Style,
    pub dialog_border: Style,
}

impl Default for Theme {
    fn default() -> Self {
        let fg = |c| Style::default().fg(c);
        Theme {
            text: Style::default(),
            muted: fg(Color::DarkGray),
            title: fg(Color::Cyan).add_modifier(Modifier::BOLD),
            border: fg(Color::DarkGray),
            border_focused: fg(Color::Cyan),
            selected: Style::default().add_modifier(Modifier::REVERSED),
            header: Style::default().bg(Color::Blue).fg(Color::White),
            status_bar: Style::default(),
            key_hint: fg(Color::Yellow).add_modifier(Modifier::BOLD),
            pass: fg(Color::Green),
            fail: fg(Color::Red),
            pending: fg(Color::Gray),
            running: fg(Color::Yellow),
            skipped: fg(Color::DarkGray),
            waiting: fg(Color::Magenta),
            danger: fg(Color::Red).add_modifier(Modifier::BOLD),
            warning: fg(Color::Yellow),
            banner_error: Style::default().bg(Color::Red).fg(Color::White),
            badge_read_only: Style::default().bg(Color::Yellow).fg(Color::Black),
            dialog: Style::default(),
            dialog_border: fg(Color::Yellow),
        }
    }
}
