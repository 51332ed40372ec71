//! Untrusted text (logs, commit messages, names from APIs and files) never reaches the terminal as
//! control sequences: vte parses it as a terminal would, and only printable characters survive.
//! [`styled`] also keeps SGR colours, as styles beside the text, never as escape bytes.

// Named by path so the fuzz crate (tests/fuzz), which compiles this file by path, finds it too.
#[path = "sanitize/sgr.rs"]
mod sgr;

use ratatui::style::Style;

struct Printable {
    out: String,
    /// Keep tabs as `\t` (the log viewer expands them to tab stops) instead of four spaces.
    keep_tabs: bool,
    /// SGR state and where it changed, when styles are wanted.
    style: Style,
    runs: Option<Vec<(usize, Style)>>,
}

impl Printable {
    fn new(capacity: usize) -> Printable {
        Printable {
            out: String::with_capacity(capacity),
            keep_tabs: false,
            style: Style::default(),
            runs: None,
        }
    }
}

impl vte::Perform for Printable {
    fn print(&mut self, c: char) {
        // vte hands C1 controls and other invisible characters through print in some states.
        if !c.is_control() {
            self.out.push(c);
        }
    }

    fn execute(&mut self, byte: u8) {
        match byte {
            b'\t' if self.keep_tabs => self.out.push('\t'),
            b'\t' => self.out.push_str("    "),
            b'\n' | b'\r' => self.out.push(' '),
            _ => {}
        }
    }

    fn csi_dispatch(&mut self, params: &vte::Params, intermediates: &[u8], ignore: bool, c: char) {
        // Only a plain SGR (`ESC [ ... m`) means anything here; every other CSI is dropped.
        let Some(runs) = self.runs.as_mut() else {
            return;
        };
        if c != 'm' || ignore || !intermediates.is_empty() {
            return;
        }
        let style = sgr::apply(self.style, params);
        if style == self.style {
            return;
        }
        self.style = style;
        let at = self.out.len();
        // Two changes with no text between them: the later one wins.
        match runs.last_mut() {
            Some(last) if last.0 == at => last.1 = style,
            _ => runs.push((at, style)),
        }
    }
}

/// One line of display text: escape sequences dropped, tabs expanded, newlines turned into spaces.
pub fn clean(text: &str) -> String {
    if text.chars().all(|c| !c.is_control()) {
        return text.to_owned();
    }
    let mut parser = vte::Parser::new();
    let mut performer = Printable::new(text.len());
    parser.advance(&mut performer, text.as_bytes());
    performer.out
}

/// Text with its SGR colours kept as styles, everything else that a terminal would act on gone.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Styled {
    /// Printable text only. Tabs stay `\t`; CR, LF and other controls become a space or nothing.
    pub text: String,
    /// `(byte offset in text, style from there on)`, in order. Before the first, no style.
    /// Colours that are `None` mean "the default": lay the style over a base with `patch`.
    pub runs: Vec<(usize, Style)>,
}

/// Sanitises raw bytes (one log line) keeping only SGR colour: OSC, DCS, APC, PM, SOS, every
/// other CSI, C0 and C1 controls are removed; invalid UTF-8 becomes U+FFFD.
pub fn styled(bytes: &[u8]) -> Styled {
    let mut parser = vte::Parser::new();
    let mut performer = Printable::new(bytes.len());
    performer.keep_tabs = true;
    performer.runs = Some(Vec::new());
    parser.advance(&mut performer, bytes);
    // A multi-byte character cut off by the end of the input is invalid too.
    let mut tail = Printable::new(0);
    parser.advance(&mut tail, b"\n");
    if !tail.out.trim_start().is_empty() {
        performer.out.push(char::REPLACEMENT_CHARACTER);
    }
    let mut runs = performer.runs.unwrap_or_default();
    // A style change after the last character styles nothing.
    while runs.last().is_some_and(|r| r.0 == performer.out.len()) {
        runs.pop();
    }
    Styled {
        text: performer.out,
        runs,
    }
}

#[cfg(test)]
mod tests {
    use ratatui::style::{Color, Modifier, Style};

    use super::{clean, styled};

    #[test]
    fn strips_sequences_and_keeps_text() {
        assert_eq!(clean("plain ✓ text"), "plain ✓ text");
        assert_eq!(clean("\x1b[31mred\x1b[0m"), "red");
        assert_eq!(clean("a\x1b]0;pwned title\x07b"), "ab");
        assert_eq!(clean("a\x1b]52;c;ZXZpbA==\x1b\\b"), "ab");
        assert_eq!(clean("bell\x07 and\rcr"), "bell and cr");
        assert_eq!(clean("x\x1bPq#0;2;0;0;0#0~~@@\x1b\\y"), "xy");
        assert_eq!(clean("tab\there"), "tab    here");
        // A C1 CSI is dropped; what followed it is harmless text.
        assert_eq!(clean("c1\u{9b}31mz"), "c131mz");
    }

    fn fg(c: Color) -> Style {
        Style::default().fg(c)
    }

    /// Input, text out, style runs out.
    type Case = (&'static [u8], &'static str, Vec<(usize, Style)>);

    #[test]
    fn sgr_becomes_style_runs() {
        let cases: &[Case] = &[
            (b"plain", "plain", vec![]),
            (
                b"\x1b[36;1mrun\x1b[0m done",
                "run done",
                vec![
                    (0, fg(Color::Cyan).add_modifier(Modifier::BOLD)),
                    (3, Style::default()),
                ],
            ),
            (b"\x1b[91mE\x1b[39m", "E", vec![(0, fg(Color::LightRed))]),
            (
                b"\x1b[38;5;208mo\x1b[48;2;1;2;3mb",
                "ob",
                vec![
                    (0, fg(Color::Indexed(208))),
                    (1, fg(Color::Indexed(208)).bg(Color::Rgb(1, 2, 3))),
                ],
            ),
            (
                b"\x1b[38:2::10:20:30mx",
                "x",
                vec![(0, fg(Color::Rgb(10, 20, 30)))],
            ),
            (b"\x1b[1m\x1b[31mx", "x", vec![(0, fg(Color::Red).bold())]),
            (b"\x1b[5;8mno blink", "no blink", vec![]),
            (b"\x1b[38;5;999mbad", "bad", vec![]),
            (b"a\tb", "a\tb", vec![]),
            (b"trailing\x1b[0m", "trailing", vec![]),
        ];
        for (input, text, runs) in cases {
            let got = styled(input);
            assert_eq!(got.text, *text, "{input:?}");
            assert_eq!(got.runs, *runs, "{input:?}");
        }
    }

    #[test]
    fn styled_drops_every_other_sequence() {
        let got = styled(b"a\x1b[2J\x1b[H\x1b]0;t\x07\x1b_apc\x1b\\\x1b^pm\x1b\\\x1bXsos\x1b\\b");
        assert_eq!(got.text, "ab");
        assert!(got.runs.is_empty());
    }

    #[test]
    fn invalid_utf8_shows_replacement_characters() {
        assert_eq!(styled(b"a\xffb").text, "a\u{fffd}b");
        assert_eq!(styled(b"cut \xe2\x9c").text, "cut \u{fffd}");
        assert_eq!(styled(b"\xe2\x9c\x93 ok").text, "✓ ok");
    }
}
