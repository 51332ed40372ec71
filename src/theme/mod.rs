//! Semantic roles resolved into `Style`s. Render code takes `&Theme` and asks for a role
//! (`theme.pass`, `theme.selected`); it never names a colour. There is no global theme.
//!
//! Built-ins live in `themes/*.toml` at the repo root and are embedded. A user theme file may
//! set only some roles; the rest come from its base (`extends`, default `dark`).

mod color;
mod detect;
mod file;
mod roles;
mod symbols;

use std::path::Path;

use ratatui::style::{Color, Modifier, Style};

pub use roles::{Role, Theme};

pub use color::{ANSI16, COLOR_NAMES};
pub use detect::ColorSupport;
pub use file::{ATTRIBUTES, ThemeError, ThemeFile};
pub use symbols::{Symbols, is_utf8_locale};

/// Where a theme came from; `adapt` needs it to fall back to `ansi16` sensibly.
#[derive(Debug, Clone, PartialEq)]
enum Origin {
    Builtin,
    /// A user file over a built-in base, with the roles the file set.
    User {
        base: String,
        overrides: Vec<(Role, Style)>,
    },
}

const BUILTINS: &[(&str, &str)] = &[
    (
        "dark",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/dark.toml")),
    ),
    (
        "light",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/light.toml")),
    ),
    (
        "high-contrast",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/high-contrast.toml"
        )),
    ),
    (
        "ansi16",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/ansi16.toml")),
    ),
];

/// The base of a user theme that names none.
pub const DEFAULT_THEME: &str = "dark";

impl Theme {
    /// Names of the built-in themes.
    pub fn builtin_names() -> Vec<&'static str> {
        BUILTINS.iter().map(|(name, _)| *name).collect()
    }

    /// The embedded TOML of a built-in, e.g. for a "dump theme" command to start a user file from.
    pub fn builtin_source(name: &str) -> Option<&'static str> {
        BUILTINS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, text)| *text)
    }

    /// A built-in theme by name.
    pub fn builtin(name: &str) -> Result<Theme, ThemeError> {
        let text = Theme::builtin_source(name).ok_or_else(|| ThemeError::NotFound {
            name: name.to_owned(),
            hint: format!("built-in themes are {}", Theme::builtin_names().join(", ")),
        })?;
        let label = format!("themes/{name}.toml (built-in)");
        let file = ThemeFile::parse(text, &label)?;
        // Built-ins set every role (a test checks), so they start from blank, not from a base.
        let mut theme = Theme::blank(name, Origin::Builtin);
        for (role, style) in file.roles {
            *theme.style_mut(role) = style;
        }
        Ok(theme)
    }

    /// Loads a theme by name or path.
    ///
    /// Something containing a path separator or ending in `.toml` is read as a file. A name is
    /// looked up as `NAME.toml` in `user_themes_dir` first, then among the built-ins.
    pub fn load(name_or_path: &str, user_themes_dir: Option<&Path>) -> Result<Theme, ThemeError> {
        let looks_like_path = name_or_path.contains(std::path::MAIN_SEPARATOR)
            || name_or_path.contains('/')
            || name_or_path.ends_with(".toml");
        if looks_like_path {
            return Theme::from_path(Path::new(name_or_path));
        }
        if let Some(dir) = user_themes_dir {
            let candidate = dir.join(format!("{name_or_path}.toml"));
            if candidate.is_file() {
                return Theme::from_path(&candidate);
            }
        }
        if Theme::builtin_source(name_or_path).is_some() {
            return Theme::builtin(name_or_path);
        }
        let mut hint = format!("built-in themes are {}", Theme::builtin_names().join(", "));
        if let Some(dir) = user_themes_dir {
            hint.push_str(&format!("; no {name_or_path}.toml in {}", dir.display()));
        }
        Err(ThemeError::NotFound {
            name: name_or_path.to_owned(),
            hint,
        })
    }

    /// Reads a user theme file.
    pub fn from_path(path: &Path) -> Result<Theme, ThemeError> {
        let text = std::fs::read_to_string(path).map_err(|source| ThemeError::Io {
            path: path.to_owned(),
            source,
        })?;
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "custom".to_owned());
        Theme::from_user_toml(&text, &path.display().to_string(), &stem)
    }

    /// Parses user theme text laid over its base. `file` labels errors; `default_name` is used
    /// when the file has no `name`.
    pub fn from_user_toml(text: &str, file: &str, default_name: &str) -> Result<Theme, ThemeError> {
        let parsed = ThemeFile::parse(text, file)?;
        // Bases are built-ins only: that rules out cycles, and a user `dark.toml` can still
        // extend the built-in `dark`.
        let base_name = parsed.extends.as_deref().unwrap_or(DEFAULT_THEME);
        let mut theme = Theme::builtin(base_name).map_err(|_| {
            let message = format!(
                "unknown base theme `{base_name}` in `extends`; built-in themes are {}",
                Theme::builtin_names().join(", ")
            );
            parsed.extends_error(text, file, message)
        })?;
        for (role, style) in &parsed.roles {
            *theme.style_mut(*role) = *style;
        }
        theme.name = parsed.name.unwrap_or_else(|| default_name.to_owned());
        theme.origin = Origin::User {
            base: base_name.to_owned(),
            overrides: parsed.roles,
        };
        Ok(theme)
    }

    /// Theme names available to `load`: the user's files then the built-ins, without repeats.
    pub fn available(user_themes_dir: Option<&Path>) -> Vec<String> {
        let mut names: Vec<String> = user_themes_dir
            .and_then(|dir| std::fs::read_dir(dir).ok())
            .into_iter()
            .flatten()
            .filter_map(|entry| {
                let path = entry.ok()?.path();
                (path.extension()? == "toml")
                    .then(|| path.file_stem()?.to_str().map(str::to_owned))?
            })
            .collect();
        names.sort();
        for builtin in Theme::builtin_names() {
            if !names.iter().any(|n| n == builtin) {
                names.push(builtin.to_owned());
            }
        }
        names
    }

    /// True for a theme loaded from the embedded built-ins.
    pub fn is_builtin(&self) -> bool {
        self.origin == Origin::Builtin
    }

    /// True if any role uses a colour a 16-colour terminal cannot show (RGB, index >= 16).
    pub fn uses_rich_color(&self) -> bool {
        Role::ALL.iter().any(|r| {
            let s = self.style(*r);
            s.fg.is_some_and(color::is_rich) || s.bg.is_some_and(color::is_rich)
        })
    }

    /// Fits the theme to what the terminal can show.
    ///
    /// TrueColor keeps it; Ansi256 maps RGB to the nearest palette index; Ansi16 swaps an RGB
    /// built-in (or a user file's RGB base) for the hand-made `ansi16` theme, then maps whatever
    /// is left to the nearest of the 16; NoColor drops every colour but keeps the modifiers.
    pub fn adapt(self, support: ColorSupport) -> Theme {
        match support {
            ColorSupport::TrueColor => self,
            ColorSupport::Ansi256 => self.map_colors(color::to_ansi256),
            ColorSupport::Ansi16 => self.rebase_ansi16().map_colors(color::to_ansi16),
            ColorSupport::NoColor => self.strip_colors(),
        }
    }

    fn rebase_ansi16(self) -> Theme {
        // A mechanical nearest-colour mapping of a tuned RGB palette reads badly; the ansi16
        // built-in was chosen by hand, so prefer it wherever the colours are ours.
        let base_is_rich = match &self.origin {
            Origin::Builtin => self.uses_rich_color(),
            Origin::User { base, .. } => Theme::builtin(base).is_ok_and(|b| b.uses_rich_color()),
        };
        if !base_is_rich {
            return self;
        }
        let Ok(mut theme) = Theme::builtin("ansi16") else {
            return self;
        };
        if let Origin::User { overrides, .. } = &self.origin {
            for (role, style) in overrides {
                *theme.style_mut(*role) = *style;
            }
            theme.name = self.name;
            theme.origin = self.origin;
        }
        theme
    }

    fn map_colors(mut self, map: fn(Color) -> Color) -> Theme {
        for role in Role::ALL {
            let style = self.style_mut(*role);
            style.fg = style.fg.map(map);
            style.bg = style.bg.map(map);
        }
        self
    }

    fn strip_colors(mut self) -> Theme {
        for role in Role::ALL {
            let style = self.style_mut(*role);
            let had_bg = style.bg.is_some_and(|c| c != Color::Reset);
            let mut plain = Style::default()
                .add_modifier(style.add_modifier)
                .remove_modifier(style.sub_modifier);
            // Where a background colour was the highlight, reverse video is what is left to
            // show it; without it the selection and badges would vanish.
            if had_bg {
                if let Some(fallback) = no_color_highlight(*role) {
                    plain = plain.add_modifier(fallback);
                }
            }
            *style = plain;
        }
        self
    }
}

fn no_color_highlight(role: Role) -> Option<Modifier> {
    match role {
        Role::Selected
        | Role::TabActive
        | Role::Header
        | Role::StatusBar
        | Role::SearchMatchCurrent
        | Role::BannerError
        | Role::BannerWarning
        | Role::BannerInfo
        | Role::BadgeReadOnly
        | Role::BadgeProduction
        | Role::Input => Some(Modifier::REVERSED),
        Role::SelectedInactive | Role::SearchMatch => Some(Modifier::UNDERLINED),
        _ => None,
    }
}

impl Default for Theme {
    /// The `dark` built-in.
    fn default() -> Self {
        Theme::builtin(DEFAULT_THEME)
            .unwrap_or_else(|_| Theme::blank(DEFAULT_THEME, Origin::Builtin))
    }
}
