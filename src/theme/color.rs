//! Colour names in theme files, and mapping rich colours down to what a terminal can show.

use ratatui::style::Color;

/// The names a theme file may use, in the order shown in error messages.
pub const COLOR_NAMES: &[&str] = &[
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "gray",
    "darkgray",
    "lightred",
    "lightgreen",
    "lightyellow",
    "lightblue",
    "lightmagenta",
    "lightcyan",
    "white",
    "reset",
];

/// The 16 ANSI colours in index order (0-15).
pub const ANSI16: [Color; 16] = [
    Color::Black,
    Color::Red,
    Color::Green,
    Color::Yellow,
    Color::Blue,
    Color::Magenta,
    Color::Cyan,
    Color::Gray,
    Color::DarkGray,
    Color::LightRed,
    Color::LightGreen,
    Color::LightYellow,
    Color::LightBlue,
    Color::LightMagenta,
    Color::LightCyan,
    Color::White,
];

/// xterm's default palette for the 16 colours: the usual reference when matching RGB to them.
const ANSI16_RGB: [(u8, u8, u8); 16] = [
    (0, 0, 0),
    (205, 0, 0),
    (0, 205, 0),
    (205, 205, 0),
    (0, 0, 238),
    (205, 0, 205),
    (0, 205, 205),
    (229, 229, 229),
    (127, 127, 127),
    (255, 0, 0),
    (0, 255, 0),
    (255, 255, 0),
    (92, 92, 255),
    (255, 0, 255),
    (0, 255, 255),
    (255, 255, 255),
];

const CUBE_LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];

/// A short description of the accepted colour forms, for error messages.
pub fn color_help() -> String {
    format!(
        "expected a colour name ({}), \"#rrggbb\", \"ansi(N)\" or an integer 0-255",
        COLOR_NAMES.join(", ")
    )
}

/// Parses a colour written as a string: a name, `#rrggbb`, `#rgb` or `ansi(N)`.
pub fn parse_color_str(s: &str) -> Option<Color> {
    let trimmed = s.trim();
    if let Some(hex) = trimmed.strip_prefix('#') {
        return parse_hex(hex);
    }
    // Be lenient about spelling: "dark_gray", "Light-Red" and "grey" all mean what they say.
    let norm: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .replace("grey", "gray");
    if let Some(inner) = norm
        .strip_prefix("ansi(")
        .and_then(|rest| rest.strip_suffix(')'))
    {
        return inner.parse::<u8>().ok().map(Color::Indexed);
    }
    let color = match norm.as_str() {
        "reset" | "default" => Color::Reset,
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" => Color::Gray,
        "darkgray" => Color::DarkGray,
        "lightred" => Color::LightRed,
        "lightgreen" => Color::LightGreen,
        "lightyellow" => Color::LightYellow,
        "lightblue" => Color::LightBlue,
        "lightmagenta" => Color::LightMagenta,
        "lightcyan" => Color::LightCyan,
        "white" => Color::White,
        _ => return None,
    };
    Some(color)
}

fn parse_hex(hex: &str) -> Option<Color> {
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    let nibble = |i: usize| u8::from_str_radix(hex.get(i..=i)?, 16).ok().map(|n| n * 17);
    match hex.len() {
        6 => Some(Color::Rgb(byte(0)?, byte(2)?, byte(4)?)),
        3 => Some(Color::Rgb(nibble(0)?, nibble(1)?, nibble(2)?)),
        _ => None,
    }
}

/// True for colours a 16-colour terminal cannot show as written.
pub fn is_rich(color: Color) -> bool {
    matches!(color, Color::Rgb(..)) || matches!(color, Color::Indexed(n) if n >= 16)
}

/// Maps a colour to the nearest xterm-256 palette entry; named and indexed colours stay.
pub fn to_ansi256(color: Color) -> Color {
    match color {
        Color::Rgb(r, g, b) => Color::Indexed(nearest_256(r, g, b)),
        other => other,
    }
}

/// Maps a colour to the nearest of the 16 named colours.
pub fn to_ansi16(color: Color) -> Color {
    match color {
        // Indexed 0-15 is sent as a 256-colour escape, which a 16-colour terminal may not know.
        Color::Indexed(n) if n < 16 => ANSI16[usize::from(n)],
        Color::Indexed(n) => {
            let (r, g, b) = indexed_rgb(n);
            nearest_16(r, g, b)
        }
        Color::Rgb(r, g, b) => nearest_16(r, g, b),
        other => other,
    }
}

fn nearest_16(r: u8, g: u8, b: u8) -> Color {
    let mut best = (u32::MAX, Color::Reset);
    for (rgb, color) in ANSI16_RGB.iter().zip(ANSI16) {
        let d = distance((r, g, b), *rgb);
        if d < best.0 {
            best = (d, color);
        }
    }
    best.1
}

/// The 6x6x6 cube (16-231) or the grey ramp (232-255), whichever is closer; 0-15 are left
/// out because terminals recolour them.
fn nearest_256(r: u8, g: u8, b: u8) -> u8 {
    let level = |v: u8| -> usize {
        CUBE_LEVELS
            .iter()
            .enumerate()
            .min_by_key(|(_, l)| (i32::from(**l) - i32::from(v)).abs())
            .map_or(0, |(i, _)| i)
    };
    let (ri, gi, bi) = (level(r), level(g), level(b));
    let cube = (CUBE_LEVELS[ri], CUBE_LEVELS[gi], CUBE_LEVELS[bi]);
    let cube_index = 16 + 36 * ri + 6 * gi + bi;

    let avg = (u32::from(r) + u32::from(g) + u32::from(b)) / 3;
    let grey_step = (avg.saturating_sub(3) / 10).min(23);
    let grey_value = (8 + 10 * grey_step) as u8;
    let grey = (grey_value, grey_value, grey_value);

    if distance((r, g, b), grey) < distance((r, g, b), cube) {
        (232 + grey_step) as u8
    } else {
        cube_index as u8
    }
}

fn indexed_rgb(n: u8) -> (u8, u8, u8) {
    match n {
        0..=15 => ANSI16_RGB[usize::from(n)],
        16..=231 => {
            let i = usize::from(n - 16);
            (
                CUBE_LEVELS[i / 36],
                CUBE_LEVELS[(i / 6) % 6],
                CUBE_LEVELS[i % 6],
            )
        }
        _ => {
            let v = 8 + 10 * (n - 232);
            (v, v, v)
        }
    }
}

/// "Redmean" weighted distance: cheap, and much closer to what the eye sees than plain RGB.
fn distance(a: (u8, u8, u8), b: (u8, u8, u8)) -> u32 {
    let rmean = (u32::from(a.0) + u32::from(b.0)) / 2;
    let dr = u32::from(a.0.abs_diff(b.0));
    let dg = u32::from(a.1.abs_diff(b.1));
    let db = u32::from(a.2.abs_diff(b.2));
    (((512 + rmean) * dr * dr) >> 8) + 4 * dg * dg + (((767 - rmean) * db * db) >> 8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form() {
        assert_eq!(parse_color_str("green"), Some(Color::Green));
        assert_eq!(parse_color_str("Dark_Grey"), Some(Color::DarkGray));
        assert_eq!(parse_color_str("light-red"), Some(Color::LightRed));
        assert_eq!(parse_color_str("#ff8000"), Some(Color::Rgb(255, 128, 0)));
        assert_eq!(parse_color_str("#f80"), Some(Color::Rgb(255, 136, 0)));
        assert_eq!(parse_color_str("ansi(208)"), Some(Color::Indexed(208)));
        assert_eq!(parse_color_str("reset"), Some(Color::Reset));
        for bad in ["gren", "#12345", "#gggggg", "ansi(256)", "ansi()", ""] {
            assert_eq!(parse_color_str(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_listed_name_parses() {
        for name in COLOR_NAMES {
            assert!(parse_color_str(name).is_some(), "{name}");
        }
    }

    #[test]
    fn nearest_256_is_exact_on_the_palette() {
        assert_eq!(nearest_256(255, 0, 0), 196);
        assert_eq!(nearest_256(0, 0, 0), 16);
        assert_eq!(nearest_256(128, 128, 128), 244);
        for n in 16..=255u8 {
            let (r, g, b) = indexed_rgb(n);
            assert_eq!(indexed_rgb(nearest_256(r, g, b)), (r, g, b), "index {n}");
        }
    }

    #[test]
    fn nearest_16_picks_the_obvious_colour() {
        assert_eq!(to_ansi16(Color::Rgb(0x3f, 0xb9, 0x50)), Color::Green);
        assert_eq!(to_ansi16(Color::Rgb(0xf8, 0x51, 0x49)), Color::LightRed);
        assert_eq!(to_ansi16(Color::Rgb(250, 250, 250)), Color::White);
        assert_eq!(to_ansi16(Color::Rgb(10, 10, 12)), Color::Black);
        assert_eq!(to_ansi16(Color::Indexed(3)), Color::Yellow);
        assert_eq!(to_ansi16(Color::Indexed(196)), Color::LightRed);
    }
}
