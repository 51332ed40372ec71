//! The shipped theme files, user overrides and their errors, colour detection and adaptation,
//! and the symbol sets.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use gantry::theme::{
    ANSI16, ColorSupport, Role, Symbols, Theme, ThemeError, ThemeFile, is_utf8_locale,
};
use ratatui::style::{Color, Modifier};

fn themes_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("themes")
}

fn shipped_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(themes_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    files
}

fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |key| map.get(key).cloned()
}

#[test]
fn every_shipped_theme_parses_and_sets_every_role() {
    for path in shipped_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let label = path.display().to_string();
        let file = ThemeFile::parse(&text, &label).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(file.missing_roles(), Vec::<Role>::new(), "{label}");
        assert_eq!(file.extends, None, "{label}: built-ins stand alone");
        let stem = path.file_stem().unwrap().to_str().unwrap();
        assert_eq!(
            file.name.as_deref(),
            Some(stem),
            "{label}: name matches file"
        );
    }
}

#[test]
fn builtin_names_match_the_files_and_embedded_text() {
    let files: BTreeSet<String> = shipped_files()
        .iter()
        .map(|p| p.file_stem().unwrap().to_str().unwrap().to_owned())
        .collect();
    let names: BTreeSet<String> = Theme::builtin_names()
        .into_iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(names, files);
    for name in Theme::builtin_names() {
        let on_disk = std::fs::read_to_string(themes_dir().join(format!("{name}.toml"))).unwrap();
        assert_eq!(Theme::builtin_source(name), Some(on_disk.as_str()));
        let theme = Theme::builtin(name).unwrap();
        assert_eq!(theme.name, name);
        assert!(theme.is_builtin());
    }
    assert_eq!(Theme::default(), Theme::builtin("dark").unwrap());
}

#[test]
fn ansi16_builtin_uses_only_the_sixteen() {
    assert!(!Theme::builtin("ansi16").unwrap().uses_rich_color());
    assert!(Theme::builtin("dark").unwrap().uses_rich_color());
}

#[test]
fn partial_user_theme_overrides_only_its_roles() {
    let dir = tempfile::tempdir().unwrap();
    let text = "name = \"mine\"\nextends = \"light\"\n[roles]\npass = \"lightgreen\"\nselected = { fg = \"black\", bg = \"#ffcc00\", bold = true }\n";
    std::fs::write(dir.path().join("mine.toml"), text).unwrap();

    let mine = Theme::load("mine", Some(dir.path())).unwrap();
    let light = Theme::builtin("light").unwrap();
    assert_eq!(mine.name, "mine");
    assert!(!mine.is_builtin());
    assert_eq!(mine.pass.fg, Some(Color::LightGreen));
    assert_eq!(mine.selected.bg, Some(Color::Rgb(0xff, 0xcc, 0)));
    for role in Role::ALL {
        if !matches!(role, Role::Pass | Role::Selected) {
            assert_eq!(mine.style(*role), light.style(*role), "{}", role.name());
        }
    }
    // Loading by path gives the same theme.
    let by_path = Theme::load(dir.path().join("mine.toml").to_str().unwrap(), None).unwrap();
    assert_eq!(by_path, mine);
}

#[test]
fn user_theme_defaults_to_dark_and_user_dir_shadows_builtins() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("dark.toml"),
        "[roles]\nfail = \"magenta\"\n",
    )
    .unwrap();
    let theme = Theme::load("dark", Some(dir.path())).unwrap();
    let dark = Theme::builtin("dark").unwrap();
    assert_eq!(theme.fail.fg, Some(Color::Magenta));
    assert_eq!(theme.pass, dark.pass);
    assert_eq!(
        Theme::load("light", Some(dir.path())).unwrap(),
        Theme::builtin("light").unwrap()
    );
    assert_eq!(
        Theme::available(Some(dir.path())),
        vec!["dark", "light", "high-contrast", "ansi16"]
    );
}

#[test]
fn unknown_role_names_file_line_and_valid_roles() {
    let text = "extends = \"dark\"\n\n[roles]\npass = \"green\"\npas = \"red\"\n";
    let err = Theme::from_user_toml(text, "/home/me/t.toml", "t").unwrap_err();
    match &err {
        ThemeError::Invalid {
            file,
            line,
            column,
            message,
        } => {
            assert_eq!((file.as_str(), *line, *column), ("/home/me/t.toml", 5, 1));
            assert!(message.contains("unknown role `pas`"), "{message}");
            for role in Role::ALL {
                assert!(
                    message.contains(role.name()),
                    "{message} lacks {}",
                    role.name()
                );
            }
        }
        other => panic!("wrong error: {other}"),
    }
    assert!(
        err.to_string()
            .starts_with("/home/me/t.toml:5:1: unknown role")
    );
}

#[test]
fn bad_colour_names_role_and_line() {
    let text = "[roles]\ntext = \"white\"\nfail = { fg = \"redd\", bold = true }\n";
    let err = Theme::from_user_toml(text, "t.toml", "t")
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("t.toml:3:15:"), "{err}");
    assert!(
        err.contains("role `fail`") && err.contains("\"redd\""),
        "{err}"
    );
    assert!(err.contains("#rrggbb"), "{err}");

    let err = Theme::from_user_toml("[roles]\n\npass = 300\n", "t.toml", "t")
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("t.toml:3:8:") && err.contains("role `pass`"),
        "{err}"
    );
}

#[test]
fn unknown_base_and_missing_theme_are_errors() {
    let err = Theme::from_user_toml("extends = \"drak\"\n", "t.toml", "t").unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.starts_with("t.toml:1:11:") && msg.contains("drak"),
        "{msg}"
    );
    assert!(msg.contains("high-contrast"), "{msg}");

    let err = Theme::load("nope", Some(Path::new("/nonexistent"))).unwrap_err();
    assert!(matches!(err, ThemeError::NotFound { .. }), "{err}");
    assert!(err.to_string().contains("dark, light"), "{err}");
    let err = Theme::load("/nonexistent/x.toml", None).unwrap_err();
    assert!(matches!(err, ThemeError::Io { .. }), "{err}");
}

#[test]
fn detection_table() {
    use ColorSupport::*;
    let cases: &[(&[(&str, &str)], ColorSupport)] = &[
        (&[], Ansi16),
        (&[("NO_COLOR", "1"), ("COLORTERM", "truecolor")], NoColor),
        (&[("NO_COLOR", ""), ("COLORTERM", "truecolor")], TrueColor),
        (&[("COLORTERM", "truecolor"), ("TERM", "xterm")], TrueColor),
        (
            &[("COLORTERM", "24bit"), ("TERM", "screen-256color")],
            TrueColor,
        ),
        (&[("COLORTERM", "yes"), ("TERM", "xterm-256color")], Ansi256),
        (&[("TERM", "xterm-256color")], Ansi256),
        (&[("TERM", "tmux-256color")], Ansi256),
        (&[("TERM", "screen-256color")], Ansi256),
        (&[("TERM", "xterm-direct")], TrueColor),
        (&[("TERM", "xterm")], Ansi16),
        (&[("TERM", "screen")], Ansi16),
        (&[("TERM", "linux")], Ansi16),
        (&[("TERM", "rxvt-unicode")], Ansi16),
        (&[("TERM", "dumb")], NoColor),
        (&[("TERM", "dumb"), ("COLORTERM", "truecolor")], NoColor),
        (&[("TERM", "vt100")], NoColor),
        (&[("TERM", "vt220")], NoColor),
    ];
    for (env, expected) in cases {
        assert_eq!(ColorSupport::detect(&env_of(env)), *expected, "{env:?}");
    }
}

fn every_color(theme: &Theme) -> Vec<Color> {
    Role::ALL
        .iter()
        .flat_map(|r| [theme.style(*r).fg, theme.style(*r).bg])
        .flatten()
        .collect()
}

fn user_theme_with_rgb() -> Theme {
    let text = "extends = \"light\"\n[roles]\npass = \"#00aa00\"\nsha = 208\n";
    Theme::from_user_toml(text, "t.toml", "t").unwrap()
}

fn all_themes() -> Vec<Theme> {
    let mut themes: Vec<Theme> = Theme::builtin_names()
        .into_iter()
        .map(|n| Theme::builtin(n).unwrap())
        .collect();
    themes.push(user_theme_with_rgb());
    themes
}

#[test]
fn no_color_keeps_modifiers_and_drops_colours() {
    for theme in all_themes() {
        let plain = theme.clone().adapt(ColorSupport::NoColor);
        assert!(every_color(&plain).is_empty(), "{}", theme.name);
        for role in Role::ALL {
            let (before, after) = (theme.style(*role), plain.style(*role));
            assert!(
                after.add_modifier.contains(before.add_modifier),
                "{}",
                role.name()
            );
            assert_eq!(after.sub_modifier, before.sub_modifier, "{}", role.name());
        }
        // Selection and the status line must still stand out with no colour at all.
        for role in [Role::Selected, Role::StatusBar, Role::BadgeReadOnly] {
            let m = plain.style(role).add_modifier;
            assert!(
                m.contains(Modifier::REVERSED),
                "{} {}",
                theme.name,
                role.name()
            );
        }
    }
}

#[test]
fn ansi16_uses_only_the_sixteen_named_colours() {
    for theme in all_themes() {
        let adapted = theme.clone().adapt(ColorSupport::Ansi16);
        for color in every_color(&adapted) {
            assert!(
                ANSI16.contains(&color) || color == Color::Reset,
                "{}: {color:?}",
                theme.name
            );
        }
    }
    // An RGB built-in becomes the hand-made ansi16; a named-colour one stays itself.
    let dark = Theme::builtin("dark").unwrap().adapt(ColorSupport::Ansi16);
    assert_eq!(dark, Theme::builtin("ansi16").unwrap());
    let hc = Theme::builtin("high-contrast").unwrap();
    assert_eq!(hc.clone().adapt(ColorSupport::Ansi16), hc);
    // A user theme keeps its name and its overrides, mapped to the nearest colour.
    let mine = user_theme_with_rgb().adapt(ColorSupport::Ansi16);
    assert_eq!(mine.name, "t");
    assert_eq!(mine.pass.fg, Some(Color::Green));
    assert_eq!(mine.text, Theme::builtin("ansi16").unwrap().text);
}

#[test]
fn ansi256_has_no_rgb_and_truecolor_keeps_everything() {
    for theme in all_themes() {
        let adapted = theme.clone().adapt(ColorSupport::Ansi256);
        assert!(
            every_color(&adapted)
                .iter()
                .all(|c| !matches!(c, Color::Rgb(..))),
            "{}",
            theme.name
        );
        assert_eq!(theme.clone().adapt(ColorSupport::TrueColor), theme);
    }
    let dark = Theme::builtin("dark").unwrap().adapt(ColorSupport::Ansi256);
    assert!(matches!(dark.pass.fg, Some(Color::Indexed(n)) if n >= 16));
}

#[test]
fn ascii_symbols_are_ascii_and_unicode_differs() {
    let ascii = Symbols::ASCII.all();
    let unicode = Symbols::UNICODE.all();
    assert!(
        ascii.iter().all(|s| !s.is_empty() && s.is_ascii()),
        "{ascii:?}"
    );
    assert!(unicode.iter().any(|s| !s.is_ascii()));
    assert_ne!(Symbols::ASCII, Symbols::UNICODE);
    // Distinct status glyphs within each set, so states never look alike.
    for set in [Symbols::ASCII, Symbols::UNICODE] {
        let status = [
            set.success,
            set.failure,
            set.running,
            set.queued,
            set.waiting,
            set.skipped,
            set.cancelled,
            set.neutral,
            set.pending,
        ];
        let unique: BTreeSet<_> = status.iter().collect();
        assert_eq!(unique.len(), status.len(), "{status:?}");
    }
    // Unicode status glyphs are one cell wide, so columns line up.
    for s in [
        Symbols::UNICODE.success,
        Symbols::UNICODE.failure,
        Symbols::UNICODE.running,
        Symbols::UNICODE.queued,
        Symbols::UNICODE.waiting,
        Symbols::UNICODE.skipped,
        Symbols::UNICODE.cancelled,
    ] {
        assert_eq!(unicode_width::UnicodeWidthStr::width(s), 1, "{s}");
    }
}

#[test]
fn symbols_follow_the_locale_or_the_config() {
    let utf8 = env_of(&[("LANG", "en_US.UTF-8")]);
    assert!(is_utf8_locale(&utf8));
    assert_eq!(Symbols::for_locale(&utf8), Symbols::UNICODE);
    assert_eq!(Symbols::choose(true, &utf8), Symbols::ASCII);
    assert_eq!(Symbols::for_locale(&env_of(&[])), Symbols::ASCII);
    assert_eq!(
        Symbols::for_locale(&env_of(&[("LANG", "C")])),
        Symbols::ASCII
    );
    // LC_ALL overrides LANG; an empty LC_ALL does not count.
    let c_over_utf8 = env_of(&[("LC_ALL", "C"), ("LANG", "en_US.UTF-8")]);
    assert_eq!(Symbols::for_locale(&c_over_utf8), Symbols::ASCII);
    let empty_all = env_of(&[("LC_ALL", ""), ("LC_CTYPE", "C.utf8")]);
    assert_eq!(Symbols::for_locale(&empty_all), Symbols::UNICODE);
    assert_eq!(Symbols::ASCII.spinner_frame(5), "/");
}
