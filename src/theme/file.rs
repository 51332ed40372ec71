//! The theme file format, parsed with spans so every error names file, line and column.
//!
//! ```toml
//! name = "night-shift"
//! extends = "dark"          # optional; a built-in name, default "dark"
//! [roles]
//! pass = "green"            # shorthand: foreground only
//! fail = { fg = "#ff5555", bold = true }
//! selected = { fg = "black", bg = "ansi(214)", reversed = false }
//! ```
//! A role in the file replaces the base's style for that role as a whole; `bold = false` removes
//! bold when the style is patched over another.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};
use toml::Spanned;

use super::Role;
use super::color::{color_help, parse_color_str};
use crate::location::line_col;

/// Attributes a role table may set.
pub const ATTRIBUTES: &[&str] = &[
    "fg",
    "bg",
    "bold",
    "italic",
    "underline",
    "dim",
    "reversed",
    "crossed_out",
];

/// Why a theme could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    /// The file could not be read.
    #[error("cannot read theme file {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file was read but is wrong: bad TOML, unknown role, bad colour, unknown base.
    #[error("{file}:{line}:{column}: {message}")]
    Invalid {
        /// The path, or `themes/NAME.toml (built-in)`.
        file: String,
        /// 1-based.
        line: usize,
        /// 1-based, in characters.
        column: usize,
        message: String,
    },
    /// A name that is neither a user theme nor a built-in.
    #[error("unknown theme `{name}`: {hint}")]
    NotFound { name: String, hint: String },
}

/// One parsed theme file, before it is laid over its base.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeFile {
    pub name: Option<String>,
    /// The base theme's name, as written.
    pub extends: Option<String>,
    /// Roles in the order of `Role::ALL`, each at most once.
    pub roles: Vec<(Role, Style)>,
    extends_span: Option<Range<usize>>,
}

impl ThemeFile {
    /// Parses theme text; `file` is only used in error messages.
    pub fn parse(text: &str, file: &str) -> Result<ThemeFile, ThemeError> {
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            invalid(text, file, span, e.message().trim_end().to_owned())
        })?;
        let mut roles = Vec::with_capacity(raw.roles.len());
        for (key, value) in raw.roles {
            let Some(role) = Role::from_name(key.get_ref()) else {
                let message = format!(
                    "unknown role `{}`; valid roles: {}",
                    key.get_ref(),
                    Role::ALL
                        .iter()
                        .map(|r| r.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                return Err(invalid(text, file, key.span(), message));
            };
            let span = value.span();
            let style = role_style(role, value.into_inner(), span)
                .map_err(|(span, message)| invalid(text, file, span, message))?;
            roles.push((role, style));
        }
        roles.sort_by_key(|(role, _)| *role);
        Ok(ThemeFile {
            name: raw.name,
            extends_span: raw.extends.as_ref().map(Spanned::span),
            extends: raw.extends.map(Spanned::into_inner),
            roles,
        })
    }

    /// Roles the file does not set; a built-in must leave none.
    pub fn missing_roles(&self) -> Vec<Role> {
        Role::ALL
            .iter()
            .copied()
            .filter(|r| !self.roles.iter().any(|(set, _)| set == r))
            .collect()
    }

    /// An error pointing at the `extends` value (or the top of the file).
    pub(crate) fn extends_error(&self, text: &str, file: &str, message: String) -> ThemeError {
        invalid(
            text,
            file,
            self.extends_span.clone().unwrap_or(0..0),
            message,
        )
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    name: Option<String>,
    extends: Option<Spanned<String>>,
    #[serde(default)]
    roles: BTreeMap<Spanned<String>, Spanned<RawRole>>,
}

/// A role's value: shorthand colour, or a table whose keys keep their spans.
enum RawRole {
    Short(toml::Value),
    Table(Vec<(Spanned<String>, Spanned<toml::Value>)>),
}

impl<'de> Deserialize<'de> for RawRole {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct RoleVisitor;
        impl<'de> Visitor<'de> for RoleVisitor {
            type Value = RawRole;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a colour string or a table such as { fg = \"red\", bold = true }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawRole, E> {
                Ok(RawRole::Short(toml::Value::String(v.to_owned())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawRole, E> {
                Ok(RawRole::Short(toml::Value::Integer(v)))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawRole, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    entries.push((key, map.next_value::<Spanned<toml::Value>>()?));
                }
                Ok(RawRole::Table(entries))
            }
        }
        d.deserialize_any(RoleVisitor)
    }
}

type SpanError = (Range<usize>, String);

fn role_style(role: Role, raw: RawRole, span: Range<usize>) -> Result<Style, SpanError> {
    let name = role.name();
    let entries = match raw {
        RawRole::Short(value) => {
            let fg = color_value(name, "fg", &value).map_err(|m| (span, m))?;
            return Ok(Style::default().fg(fg));
        }
        RawRole::Table(entries) => entries,
    };
    let mut style = Style::default();
    for (key, value) in entries {
        let (key_span, value_span) = (key.span(), value.span());
        let value = value.into_inner();
        let modifier = match key.get_ref().as_str() {
            "fg" => {
                style.fg = Some(color_value(name, "fg", &value).map_err(|m| (value_span, m))?);
                continue;
            }
            "bg" => {
                style.bg = Some(color_value(name, "bg", &value).map_err(|m| (value_span, m))?);
                continue;
            }
            "bold" => Modifier::BOLD,
            "italic" => Modifier::ITALIC,
            "underline" => Modifier::UNDERLINED,
            "dim" => Modifier::DIM,
            "reversed" => Modifier::REVERSED,
            "crossed_out" => Modifier::CROSSED_OUT,
            other => {
                let message = format!(
                    "role `{name}`: unknown attribute `{other}`; valid attributes: {}",
                    ATTRIBUTES.join(", ")
                );
                return Err((key_span, message));
            }
        };
        match value {
            toml::Value::Boolean(true) => style = style.add_modifier(modifier),
            toml::Value::Boolean(false) => style = style.remove_modifier(modifier),
            _ => {
                let message = format!("role `{name}`: `{}` must be true or false", key.get_ref());
                return Err((value_span, message));
            }
        }
    }
    Ok(style)
}

fn color_value(role: &str, attr: &str, value: &toml::Value) -> Result<Color, String> {
    let parsed = match value {
        toml::Value::String(s) => parse_color_str(s),
        toml::Value::Integer(n) => u8::try_from(*n).ok().map(Color::Indexed),
        _ => None,
    };
    parsed.ok_or_else(|| {
        format!(
            "role `{role}`: bad colour {value} for {attr}; {}",
            color_help()
        )
    })
}

fn invalid(text: &str, file: &str, span: Range<usize>, message: String) -> ThemeError {
    let (line, column) = line_col(text, span.start);
    ThemeError::Invalid {
        file: file.to_owned(),
        line,
        column,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        assert_eq!(line_col("ab\ncd", 0), (1, 1));
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
        assert_eq!(line_col("é\nx", 3), (2, 1));
    }

    #[test]
    fn shorthand_table_and_modifiers() {
        let text = "[roles]\npass = \"green\"\nfail = { fg = 196, bg = \"#000000\", bold = true, italic = false }\n";
        let file = ThemeFile::parse(text, "t.toml").unwrap();
        assert_eq!(
            file.roles[0],
            (Role::Pass, Style::default().fg(Color::Green))
        );
        let fail = Style::default()
            .fg(Color::Indexed(196))
            .bg(Color::Rgb(0, 0, 0))
            .add_modifier(Modifier::BOLD)
            .remove_modifier(Modifier::ITALIC);
        assert_eq!(file.roles[1], (Role::Fail, fail));
    }

    #[test]
    fn attribute_errors_point_at_the_key() {
        let text = "[roles]\npass = { fg = \"green\", bolt = true }\n";
        let err = ThemeFile::parse(text, "t.toml").unwrap_err().to_string();
        assert!(err.starts_with("t.toml:2:24:"), "{err}");
        assert!(err.contains("unknown attribute `bolt`") && err.contains("reversed"));
        let text = "[roles]\npass = { bold = \"yes\" }\n";
        let err = ThemeFile::parse(text, "t.toml").unwrap_err().to_string();
        assert!(
            err.contains("t.toml:2:17:") && err.contains("true or false"),
            "{err}"
        );
    }

    #[test]
    fn syntax_errors_have_positions() {
        let err = ThemeFile::parse("name = \n", "t.toml").unwrap_err();
        assert!(matches!(err, ThemeError::Invalid { line: 1, .. }), "{err}");
        let err = ThemeFile::parse("nmae = \"x\"\n", "t.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("t.toml:1:1") && err.contains("nmae"), "{err}");
    }
}
