//! Untrusted text (logs, commit messages, names from APIs and files) never reaches the terminal as
//! control sequences: vte parses it as a terminal would, and only printable characters survive.

struct Printable {
    out: String,
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
            b'\t' => self.out.push_str("    "),
            b'\n' | b'\r' => self.out.push(' '),
            _ => {}
        }
    }
}

/// One line of display text: escape sequences dropped, tabs expanded, newlines turned into spaces.
pub fn clean(text: &str) -> String {
    if text.chars().all(|c| !c.is_control()) {
        return text.to_owned();
    }
    let mut parser = vte::Parser::new();
    let mut performer = Printable {
        out: String::with_capacity(text.len()),
    };
    parser.advance(&mut performer, text.as_bytes());
    performer.out
}

#[cfg(test)]
mod tests {
    use super::clean;

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
}
