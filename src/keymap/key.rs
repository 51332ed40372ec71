//! Key names as written in config ("ctrl-d", "shift-tab", "G", "g g") and their normal form, so a
//! binding matches whatever modifiers the terminal reports for the same key.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    pub const fn new(code: KeyCode, mods: KeyModifiers) -> Self {
        Key { code, mods }
    }

    pub const fn plain(code: KeyCode) -> Self {
        Key::new(code, KeyModifiers::NONE)
    }

    /// Normal form: SHIFT is folded into the character (terminals disagree on reporting it), and
    /// Shift-Tab is always BackTab without modifiers.
    pub fn from_event(ev: &KeyEvent) -> Self {
        let mut mods =
            ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match ev.code {
            KeyCode::Char(c) => {
                mods.remove(KeyModifiers::SHIFT);
                if mods.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Key { code, mods }
    }

    /// Parses one key name; `None` when unknown.
    pub fn parse(name: &str) -> Option<Key> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = name;
        // A lone "-" is the minus key, not a modifier separator.
        while let Some((head, tail)) = rest.split_once('-').filter(|(_, t)| !t.is_empty()) {
            match head.to_ascii_lowercase().as_str() {
                "ctrl" | "c" => mods |= KeyModifiers::CONTROL,
                "alt" | "a" | "m" | "meta" => mods |= KeyModifiers::ALT,
                "shift" | "s" => mods |= KeyModifiers::SHIFT,
                _ => return None,
            }
            rest = tail;
        }
        let lower = rest.to_ascii_lowercase();
        let code = match lower.as_str() {
            "enter" | "return" | "cr" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "backspace" | "bs" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            "insert" | "ins" => KeyCode::Insert,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" | "pgup" => KeyCode::PageUp,
            "pagedown" | "pgdn" => KeyCode::PageDown,
            f if f.len() >= 2
                && f.starts_with('f')
                && f[1..].chars().all(|c| c.is_ascii_digit()) =>
            {
                let n: u8 = f[1..].parse().ok()?;
                if !(1..=12).contains(&n) {
                    return None;
                }
                KeyCode::F(n)
            }
            _ => {
                let mut chars = rest.chars();
                let c = chars.next()?;
                if chars.next().is_some() || c.is_control() {
                    return None;
                }
                KeyCode::Char(c)
            }
        };
        let ev = KeyEvent::new(code, mods);
        Some(Key::from_event(&ev))
    }

    /// Parses a chord such as "g g"; `None` if any part is unknown.
    pub fn parse_seq(text: &str) -> Option<Vec<Key>> {
        let keys: Option<Vec<Key>> = text.split_whitespace().map(Key::parse).collect();
        keys.filter(|k| !k.is_empty())
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("enter"),
            KeyCode::Esc => f.write_str("esc"),
            KeyCode::Tab => f.write_str("tab"),
            KeyCode::BackTab => f.write_str("shift-tab"),
            KeyCode::Backspace => f.write_str("backspace"),
            KeyCode::Delete => f.write_str("del"),
            KeyCode::Insert => f.write_str("ins"),
            KeyCode::Up => f.write_str("up"),
            KeyCode::Down => f.write_str("down"),
            KeyCode::Left => f.write_str("left"),
            KeyCode::Right => f.write_str("right"),
            KeyCode::Home => f.write_str("home"),
            KeyCode::End => f.write_str("end"),
            KeyCode::PageUp => f.write_str("pgup"),
            KeyCode::PageDown => f.write_str("pgdn"),
            KeyCode::F(n) => write!(f, "f{n}"),
            _ => f.write_str("?"),
        }
    }
}

/// Writes a chord the way the help overlay and status line show it.
pub fn seq_to_string(seq: &[Key]) -> String {
    seq.iter().map(Key::to_string).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_normalises_events() {
        assert_eq!(Key::parse("G"), Some(Key::plain(KeyCode::Char('G'))));
        assert_eq!(Key::parse("shift-tab"), Some(Key::plain(KeyCode::BackTab)));
        assert_eq!(
            Key::parse("ctrl-d"),
            Some(Key::new(KeyCode::Char('d'), KeyModifiers::CONTROL))
        );
        assert_eq!(Key::parse("-"), Some(Key::plain(KeyCode::Char('-'))));
        assert_eq!(Key::parse("f5"), Some(Key::plain(KeyCode::F(5))));
        assert_eq!(Key::parse("f13"), None);
        assert_eq!(Key::parse("hyper-x"), None);
        assert_eq!(Key::parse("banana"), None);
        let shifted = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&shifted), Key::plain(KeyCode::Char('G')));
        let backtab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&backtab), Key::plain(KeyCode::BackTab));
        assert_eq!(Key::parse_seq("g g").map(|s| s.len()), Some(2));
        assert_eq!(Key::parse_seq("   "), None);
    }

    #[test]
    fn display_round_trips() {
        for name in [
            "ctrl-d",
            "shift-tab",
            "G",
            "enter",
            "space",
            "pgdn",
            "alt-1",
            "f2",
            "?",
        ] {
            let key = Key::parse(name).expect(name);
            assert_eq!(Key::parse(&key.to_string()), Some(key), "{name}");
        }
    }
}
