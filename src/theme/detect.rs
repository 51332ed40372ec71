//! What colours the terminal can show, worked out from the environment alone.
//!
//! Detection takes the environment as a function so that it stays pure and can be tested with a
//! table; `ColorSupport::from_env` is the one-liner for real use.

use std::fmt;
use std::str::FromStr;

/// How many colours the terminal can show, from least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ColorSupport {
    /// No colour at all (`NO_COLOR`, `TERM=dumb`, a real VT100): only bold, reverse and so on.
    NoColor,
    /// The 16 ANSI colours (the Linux console, plain `xterm`, `screen`).
    Ansi16,
    /// The xterm 256-colour palette (`*-256color`).
    Ansi256,
    /// 24-bit colour (`COLORTERM=truecolor` or `24bit`).
    TrueColor,
}

impl ColorSupport {
    /// Detects colour support from environment variables, read through `env`.
    ///
    /// Order: `NO_COLOR` (any non-empty value, see no-color.org) wins, then a `dumb` or
    /// monochrome `TERM`, then `COLORTERM`, then the rest of `TERM`.
    pub fn detect(env: &dyn Fn(&str) -> Option<String>) -> ColorSupport {
        let get = |key: &str| env(key).filter(|v| !v.is_empty());
        if get("NO_COLOR").is_some() {
            return ColorSupport::NoColor;
        }
        let term = get("TERM").unwrap_or_default().to_ascii_lowercase();
        // Terminals without colour at all: asking them for colour prints escape garbage.
        if term == "dumb" || term.starts_with("vt1") || term.starts_with("vt2") {
            return ColorSupport::NoColor;
        }
        let colorterm = get("COLORTERM").unwrap_or_default().to_ascii_lowercase();
        if colorterm == "truecolor" || colorterm == "24bit" {
            return ColorSupport::TrueColor;
        }
        if term.ends_with("-direct") || term.contains("truecolor") || term.contains("24bit") {
            return ColorSupport::TrueColor;
        }
        if term.contains("256color") {
            return ColorSupport::Ansi256;
        }
        // linux, xterm, screen, tmux, rxvt, ansi, unknown or unset: 16 colours is the safe
        // guess, since nearly every terminal since the 1990s does at least that.
        ColorSupport::Ansi16
    }

    /// Detects from the process environment.
    pub fn from_env() -> ColorSupport {
        ColorSupport::detect(&|key| std::env::var(key).ok())
    }
}

impl fmt::Display for ColorSupport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ColorSupport::NoColor => "none",
            ColorSupport::Ansi16 => "16",
            ColorSupport::Ansi256 => "256",
            ColorSupport::TrueColor => "truecolor",
        })
    }
}

/// Parses a config override: `none`, `16`, `256` or `truecolor` (and a few spellings of each).
impl FromStr for ColorSupport {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" | "no" | "off" | "nocolor" | "mono" => Ok(ColorSupport::NoColor),
            "16" | "ansi16" | "ansi" => Ok(ColorSupport::Ansi16),
            "256" | "ansi256" => Ok(ColorSupport::Ansi256),
            "truecolor" | "24bit" | "rgb" => Ok(ColorSupport::TrueColor),
            other => Err(format!(
                "unknown colour support `{other}`; expected none, 16, 256 or truecolor"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_round_trips() {
        for s in [
            ColorSupport::NoColor,
            ColorSupport::Ansi16,
            ColorSupport::Ansi256,
            ColorSupport::TrueColor,
        ] {
            assert_eq!(s.to_string().parse::<ColorSupport>(), Ok(s));
        }
        assert!("lots".parse::<ColorSupport>().is_err());
    }
}
