//! Tokens never reach the trail. Every string a caller puts in a record (comment, parameters,
//! messages, evidence, even map keys) is scanned for GitHub tokens, bearer and authorization
//! header values, and the values the caller marked secret; each is replaced by [`REDACTED`].

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

pub const REDACTED: &str = "[REDACTED]";

/// Marked secrets shorter than this are too common to replace safely (they could match inside a
/// hash or a name); if one appears in a record, the write is refused instead.
pub const MIN_SECRET_LEN: usize = 8;

/// GitHub's token prefixes (classic, OAuth, user-to-server, server-to-server, refresh; fine-grained
/// `github_pat_`) with enough characters after them to be one, anywhere in a string.
const TOKEN: &str = r"gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{16,}";
/// `Authorization: <scheme> value` and `Bearer value`: the scheme stays, the value goes.
const HEADER: &str = r"(?i)(\bauthorization\s*[:=]\s*(?:(?:bearer|token|basic)\s+)?|\bbearer\s+)[A-Za-z0-9._~+/=\-]{8,}";

static PATTERNS: LazyLock<Option<(Regex, Regex)>> =
    LazyLock::new(|| Some((Regex::new(TOKEN).ok()?, Regex::new(HEADER).ok()?)));

/// A marked secret is too short to redact and appears in the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused;

/// Whether `text` holds something that looks like a GitHub token or an authorization value, for
/// callers that would rather refuse such a comment than send it anywhere.
pub fn looks_like_token(text: &str) -> bool {
    match PATTERNS.as_ref() {
        Some((token, header)) => token.is_match(text) || header.is_match(text),
        // The patterns are constants (a unit test compiles them); if they ever failed to compile,
        // treating everything as a token refuses rather than leaks.
        None => true,
    }
}

/// The patterns plus the values a caller marked secret.
#[derive(Clone, Default)]
pub struct Redactor {
    secrets: Vec<String>,
}

/// Counts the secrets, never shows them: a Trail may end up in a log line.
impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor({} marked secrets)", self.secrets.len())
    }
}

impl Redactor {
    /// Never record `secret` (a token, a webhook URL with its key...). Empty values are ignored.
    pub fn mark(&mut self, secret: &str) {
        if !secret.is_empty() && !self.secrets.iter().any(|s| s == secret) {
            self.secrets.push(secret.to_owned());
        }
    }

    /// `text` with every secret replaced; the count says how many were.
    pub fn text(&self, text: &str) -> Result<(String, usize), Refused> {
        let Some((token, header)) = PATTERNS.as_ref() else {
            return Err(Refused);
        };
        let mut count = 0;
        let mut out = header
            .replace_all(text, |c: &regex::Captures| {
                count += 1;
                format!("{}{REDACTED}", &c[1])
            })
            .into_owned();
        out = token
            .replace_all(&out, |_: &regex::Captures| {
                count += 1;
                REDACTED
            })
            .into_owned();
        for secret in &self.secrets {
            if out.contains(secret.as_str()) {
                if secret.chars().count() < MIN_SECRET_LEN {
                    return Err(Refused);
                }
                count += out.matches(secret.as_str()).count();
                out = out.replace(secret.as_str(), REDACTED);
            }
        }
        Ok((out, count))
    }

    /// Redacts every string and key in a JSON value, in place; returns how many were replaced.
    pub fn value(&self, value: &mut Value) -> Result<usize, Refused> {
        match value {
            Value::String(s) => {
                let (clean, n) = self.text(s)?;
                if n > 0 {
                    *s = clean;
                }
                Ok(n)
            }
            Value::Array(items) => items.iter_mut().try_fold(0, |n, v| Ok(n + self.value(v)?)),
            Value::Object(map) => {
                let mut n = 0;
                let entries = std::mem::take(map);
                for (key, mut v) in entries {
                    let (key, k) = self.text(&key)?;
                    n += k + self.value(&mut v)?;
                    map.insert(key, v);
                }
                Ok(n)
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => Ok(0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLASSIC: &str = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789";

    #[test]
    fn patterns_compile() {
        assert!(PATTERNS.is_some());
    }

    #[test]
    fn github_tokens_of_every_kind_go() {
        let r = Redactor::default();
        for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] {
            let token = format!("{prefix}{}", &CLASSIC[4..]);
            let (out, n) = r.text(&format!("used {token}, oops")).unwrap();
            assert_eq!(out, "used [REDACTED], oops", "{prefix}");
            assert_eq!(n, 1);
            assert!(looks_like_token(&token));
        }
        let pat = "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz";
        assert_eq!(
            r.text(&format!("x{pat}")).unwrap().0,
            "x[REDACTED]",
            "glued to other text too"
        );
    }

    #[test]
    fn header_values_go_but_their_scheme_stays() {
        let r = Redactor::default();
        let cases = [
            (
                "Authorization: Bearer abc.def-ghi_jkl",
                "Authorization: Bearer [REDACTED]",
            ),
            (
                "authorization=token 0123456789abcdef",
                "authorization=token [REDACTED]",
            ),
            (
                "sent bearer eyJhbGciOiJIUzI1NiJ9.e30.x end",
                "sent bearer [REDACTED] end",
            ),
            (
                "AUTHORIZATION: Basic dXNlcjpwYXNz",
                "AUTHORIZATION: Basic [REDACTED]",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(r.text(input).unwrap(), (want.to_owned(), 1));
        }
    }

    #[test]
    fn ordinary_text_is_untouched() {
        let r = Redactor::default();
        for text in [
            "Approve v1.6.0: coverage 92.4% > 90%",
            "ghp_short",
            "the bearer of bad news",
            "branch gho_fix",
            "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
        ] {
            assert_eq!(r.text(text).unwrap(), (text.to_owned(), 0), "{text}");
            assert!(!looks_like_token(text), "{text}");
        }
    }

    #[test]
    fn marked_secrets_go_and_short_ones_refuse() {
        let mut r = Redactor::default();
        r.mark("https://hooks.example/T000/B000/XXXX");
        r.mark("");
        let (out, n) = r
            .text("posted to https://hooks.example/T000/B000/XXXX twice https://hooks.example/T000/B000/XXXX")
            .unwrap();
        assert_eq!(out, "posted to [REDACTED] twice [REDACTED]");
        assert_eq!(n, 2);
        assert_eq!(
            format!("{r:?}"),
            "Redactor(1 marked secrets)",
            "debug output hides them"
        );
        r.mark("pw1");
        assert_eq!(r.text("no short one here").unwrap().1, 0);
        assert_eq!(r.text("my pw1 leaked"), Err(Refused));
    }

    #[test]
    fn values_are_walked_keys_included() {
        let r = Redactor::default();
        let mut v = serde_json::json!({
            "comment": format!("token {CLASSIC}"),
            "list": [1, true, null, CLASSIC],
            CLASSIC: "as a key",
        });
        assert_eq!(r.value(&mut v).unwrap(), 3);
        let text = v.to_string();
        assert!(!text.contains(CLASSIC), "{text}");
        assert_eq!(v["list"][0], 1);
    }
}
