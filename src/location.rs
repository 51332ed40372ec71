//! Where in a file a parse error is: config and theme files both report `file:line:col`.

/// 1-based line and character column of a byte offset, clamped to the text (and to a character
/// boundary, so a span inside a multi-byte character cannot panic).
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}
