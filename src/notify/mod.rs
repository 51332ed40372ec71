//! Notifications when something starts waiting for a human: the terminal bell and the desktop
//! escapes OSC 9 (iTerm2, WezTerm, Windows Terminal, kitty) and OSC 777 (rxvt, foot, VTE), which
//! reach the engineer's own terminal through SSH; the configured command; and an optional webhook
//! with a Slack-compatible JSON body (`{"text": ...}`).

pub mod send;

/// The desktop-notification escapes for `title` and `body`: OSC 9, then OSC 777. Control
/// characters (and `;`, OSC 777's separator, in the title) are removed, so text from GitHub can
/// neither end the sequence early nor start another.
pub fn osc(title: &str, body: &str) -> String {
    let plain = |s: &str| -> String {
        crate::sanitize::clean(s)
            .chars()
            .filter(|c| !c.is_control())
            .collect()
    };
    let title = plain(title).replace(';', ",");
    let body = plain(body);
    format!("\x1b]9;{title}: {body}\x07\x1b]777;notify;{title};{body}\x07")
}

/// The Slack-compatible webhook body: `{"text": "title: body"}`.
pub fn webhook_body(title: &str, body: &str) -> serde_json::Value {
    serde_json::json!({ "text": format!("{}: {}", crate::sanitize::clean(title), crate::sanitize::clean(body)) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc_escapes_carry_no_foreign_control_sequences() {
        let s = osc("gantry; x", "prod\x07uction \x1b]52;c;AAAA\x07 waits");
        assert!(s.starts_with("\x1b]9;gantry, x: "), "{s:?}");
        // Exactly our own two terminators and introducers.
        assert_eq!(s.matches('\x07').count(), 2, "{s:?}");
        assert_eq!(s.matches('\x1b').count(), 2, "{s:?}");
        assert!(s.contains("\x1b]777;notify;gantry, x;"), "{s:?}");
    }

    #[test]
    fn webhook_body_is_slack_shaped() {
        assert_eq!(
            webhook_body("gantry", "production waits"),
            serde_json::json!({"text": "gantry: production waits"})
        );
    }
}
