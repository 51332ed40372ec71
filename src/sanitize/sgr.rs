//! SGR parameters (`ESC [ ... m`, already parsed by vte) applied to a ratatui `Style`.
//!
//! `None` colours mean "the default", so a caller can lay the result over a base style (a red
//! `##[error]` line) and SGR 39/49 fall back to that base instead of the terminal's default.
//! Blink and hidden text are ignored on purpose: a log must not hide or flash its own text.

use ratatui::style::{Color, Modifier, Style};
use vte::Params;

/// The style after applying one SGR sequence's parameters to `style`.
pub(super) fn apply(mut style: Style, params: &Params) -> Style {
    let mut items = params.iter();
    // `ESC[m` has one empty parameter, which vte reports as 0: a reset.
    while let Some(item) = items.next() {
        let code = item.first().copied().unwrap_or(0);
        style = match code {
            0 => Style::default(),
            1 => style.add_modifier(Modifier::BOLD),
            2 => style.add_modifier(Modifier::DIM),
            3 => style.add_modifier(Modifier::ITALIC),
            4 => style.add_modifier(Modifier::UNDERLINED),
            7 => style.add_modifier(Modifier::REVERSED),
            9 => style.add_modifier(Modifier::CROSSED_OUT),
            22 => without(style, Modifier::BOLD | Modifier::DIM),
            23 => without(style, Modifier::ITALIC),
            24 => without(style, Modifier::UNDERLINED),
            27 => without(style, Modifier::REVERSED),
            29 => without(style, Modifier::CROSSED_OUT),
            30..=37 => fg(style, Some(basic(code - 30))),
            39 => fg(style, None),
            40..=47 => bg(style, Some(basic(code - 40))),
            49 => bg(style, None),
            90..=97 => fg(style, Some(bright(code - 90))),
            100..=107 => bg(style, Some(bright(code - 100))),
            38 | 48 => {
                // Colon form carries the colour in sub-parameters (`38:5:n`, `38:2::r:g:b`);
                // semicolon form in the parameters that follow (`38;5;n`, `38;2;r;g;b`).
                let color = if item.len() > 1 {
                    extended(&item[1..])
                } else {
                    extended_from(&mut items)
                };
                match (code, color) {
                    (38, Some(c)) => fg(style, Some(c)),
                    (48, Some(c)) => bg(style, Some(c)),
                    _ => style,
                }
            }
            _ => style,
        };
    }
    style
}

fn without(mut style: Style, modifier: Modifier) -> Style {
    style.add_modifier.remove(modifier);
    style
}

fn fg(mut style: Style, color: Option<Color>) -> Style {
    style.fg = color;
    style
}

fn bg(mut style: Style, color: Option<Color>) -> Style {
    style.bg = color;
    style
}

fn basic(n: u16) -> Color {
    match n {
        0 => Color::Black,
        1 => Color::Red,
        2 => Color::Green,
        3 => Color::Yellow,
        4 => Color::Blue,
        5 => Color::Magenta,
        6 => Color::Cyan,
        _ => Color::Gray,
    }
}

fn bright(n: u16) -> Color {
    match n {
        0 => Color::DarkGray,
        1 => Color::LightRed,
        2 => Color::LightGreen,
        3 => Color::LightYellow,
        4 => Color::LightBlue,
        5 => Color::LightMagenta,
        6 => Color::LightCyan,
        _ => Color::White,
    }
}

/// `5;n` or `2;r;g;b` read from the parameters after a 38/48.
fn extended_from<'a>(items: &mut impl Iterator<Item = &'a [u16]>) -> Option<Color> {
    let first = |item: Option<&[u16]>| item.and_then(|i| i.first().copied());
    match first(items.next())? {
        5 => index(first(items.next())?),
        2 => {
            let r = first(items.next())?;
            let g = first(items.next())?;
            let b = first(items.next())?;
            rgb(r, g, b)
        }
        _ => None,
    }
}

/// The same from sub-parameters; the RGB form may carry a colour-space id first (`2::r:g:b`).
fn extended(sub: &[u16]) -> Option<Color> {
    match sub {
        [5, n, ..] => index(*n),
        [2, _, r, g, b, ..] => rgb(*r, *g, *b),
        [2, r, g, b] => rgb(*r, *g, *b),
        _ => None,
    }
}

fn index(n: u16) -> Option<Color> {
    u8::try_from(n).ok().map(Color::Indexed)
}

fn rgb(r: u16, g: u16, b: u16) -> Option<Color> {
    Some(Color::Rgb(
        u8::try_from(r).ok()?,
        u8::try_from(g).ok()?,
        u8::try_from(b).ok()?,
    ))
}
