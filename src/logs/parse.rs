//! What one raw log line says before its text: a timestamp prefix (the Actions runner's
//! `2025-01-02T03:04:05.1234567Z ` or a pod log's RFC 3339 `timestamps=true` prefix) and a runner
//! marker (`##[group]`, `##[error]`, ...). Runs once per line at ingest, so it is written for speed:
//! no allocation, and the date part of a timestamp is computed once per minute of log.

use chrono::NaiveDate;

/// The runner's markers. Stored as one byte per line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Marker {
    Plain = 0,
    Group = 1,
    EndGroup = 2,
    Error = 3,
    Warning = 4,
    Notice = 5,
    Command = 6,
    Debug = 7,
    Section = 8,
}

impl Marker {
    /// The word shown before a marked line's text; search sees it too, so `/error` finds
    /// `##[error]` lines.
    pub fn label(self) -> &'static str {
        match self {
            Marker::Error => "Error: ",
            Marker::Warning => "Warning: ",
            Marker::Notice => "Notice: ",
            Marker::Debug => "Debug: ",
            _ => "",
        }
    }

    pub(super) fn from_bits(bits: u8) -> Marker {
        match bits & 0x0f {
            1 => Marker::Group,
            2 => Marker::EndGroup,
            3 => Marker::Error,
            4 => Marker::Warning,
            5 => Marker::Notice,
            6 => Marker::Command,
            7 => Marker::Debug,
            8 => Marker::Section,
            _ => Marker::Plain,
        }
    }
}

/// Splits a marker off the start of a line's text: `(marker, bytes it took)`.
pub fn marker(text: &[u8]) -> (Marker, usize) {
    // The runner writes `[command]` without the `##` in post-job steps.
    const COMMAND: &[u8] = b"[command]";
    if text.starts_with(COMMAND) {
        return (Marker::Command, COMMAND.len());
    }
    let Some(rest) = text.strip_prefix(b"##[") else {
        return (Marker::Plain, 0);
    };
    let Some(close) = rest.iter().take(10).position(|&b| b == b']') else {
        return (Marker::Plain, 0);
    };
    let kind = match &rest[..close] {
        b"group" => Marker::Group,
        b"endgroup" => Marker::EndGroup,
        b"error" => Marker::Error,
        b"warning" => Marker::Warning,
        b"notice" => Marker::Notice,
        b"command" => Marker::Command,
        b"debug" => Marker::Debug,
        b"section" => Marker::Section,
        _ => return (Marker::Plain, 0),
    };
    (kind, 3 + close + 1)
}

/// Remembers the last minute parsed (`YYYY-MM-DDTHH:MM`): consecutive log lines share it, and
/// turning a civil date into seconds is the slow part.
#[derive(Debug, Default, Clone)]
pub struct TimestampCache {
    minute: [u8; 16],
    seconds: i64,
}

/// A timestamp prefix: nanoseconds since the epoch (UTC) and where the text after it starts.
///
/// Accepts `YYYY-MM-DDTHH:MM:SS`, optional `.` and 1 to 9 fraction digits (more are read and
/// ignored), then `Z` or `+HH:MM` / `-HH:MM`, then one space or the end of the line.
pub fn timestamp(line: &[u8], cache: &mut TimestampCache) -> Option<(i64, usize)> {
    if line.len() < 20 || !shape(line) {
        return None;
    }
    let second = i64::from(two(line, 17)?);
    let mut pos = 19;
    let mut nanos: i64 = 0;
    if line[pos] == b'.' {
        pos += 1;
        let digits = line[pos..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 {
            return None;
        }
        for (i, &d) in line[pos..pos + digits].iter().enumerate() {
            if i < 9 {
                nanos = nanos * 10 + i64::from(d - b'0');
            }
        }
        nanos *= 10_i64.pow(9 - digits.min(9) as u32);
        pos += digits;
    }
    let offset = match line.get(pos)? {
        b'Z' | b'z' => {
            pos += 1;
            0
        }
        sign @ (b'+' | b'-') => {
            let rest = line.get(pos..pos + 6)?;
            if rest[3] != b':' {
                return None;
            }
            let minutes = i64::from(two(rest, 1)?) * 60 + i64::from(two(rest, 4)?);
            pos += 6;
            if *sign == b'+' {
                minutes * 60
            } else {
                -minutes * 60
            }
        }
        _ => return None,
    };
    let body = match line.get(pos) {
        None => pos,
        Some(b' ') => pos + 1,
        Some(_) => return None,
    };
    if second > 60 {
        return None;
    }
    let minute = minute_seconds(line, cache)?;
    let seconds = minute + second - offset;
    let total = seconds.checked_mul(1_000_000_000)?.checked_add(nanos)?;
    Some((total, body))
}

/// Separators in place and digits elsewhere in `YYYY-MM-DDTHH:MM:SS`.
fn shape(line: &[u8]) -> bool {
    line[..19].iter().enumerate().all(|(i, &b)| match i {
        4 | 7 => b == b'-',
        10 => b == b'T' || b == b't',
        13 | 16 => b == b':',
        _ => b.is_ascii_digit(),
    })
}

fn two(bytes: &[u8], at: usize) -> Option<u8> {
    let hi = bytes.get(at)?.checked_sub(b'0').filter(|d| *d < 10)?;
    let lo = bytes.get(at + 1)?.checked_sub(b'0').filter(|d| *d < 10)?;
    Some(hi * 10 + lo)
}

fn minute_seconds(line: &[u8], cache: &mut TimestampCache) -> Option<i64> {
    if line[..16] == cache.minute {
        return Some(cache.seconds);
    }
    let year = i32::from(two(line, 0)?) * 100 + i32::from(two(line, 2)?);
    let date = NaiveDate::from_ymd_opt(year, u32::from(two(line, 5)?), u32::from(two(line, 8)?))?;
    let time = date.and_hms_opt(u32::from(two(line, 11)?), u32::from(two(line, 14)?), 0)?;
    let seconds = time.and_utc().timestamp();
    cache.minute.copy_from_slice(&line[..16]);
    cache.seconds = seconds;
    Some(seconds)
}

/// True if the bytes hold anything the terminal could act on, or that only the sanitiser can make
/// safe: C0 controls but tab, DEL, ESC, and 0xC2 (the lead byte of every C1 control in UTF-8).
/// Most log lines hold none of these and are stored as they are.
pub fn needs_sanitising(bytes: &[u8]) -> bool {
    // Whole 32-byte blocks without an early exit, so the compiler can vectorise the loop.
    let mut blocks = bytes.chunks_exact(32);
    for block in blocks.by_ref() {
        if block.iter().fold(false, |seen, &b| seen | special(b)) {
            return true;
        }
    }
    blocks.remainder().iter().any(|&b| special(b))
}

#[inline(always)]
fn special(b: u8) -> bool {
    (b < 0x20 && b != b'\t') | (b == 0x7f) | (b == 0xc2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn nanos(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, n: u32) -> i64 {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s)
            .single()
            .and_then(|t| t.with_nanosecond(n))
            .and_then(|t| t.timestamp_nanos_opt())
            .unwrap()
    }

    use chrono::Timelike;

    #[test]
    fn timestamps() {
        let cases: &[(&str, Option<(i64, usize)>)] = &[
            (
                "2025-01-02T03:04:05.1234567Z hello",
                Some((nanos(2025, 1, 2, 3, 4, 5, 123_456_700), 29)),
            ),
            (
                "2025-01-02T03:04:05.123456789Z pod",
                Some((nanos(2025, 1, 2, 3, 4, 5, 123_456_789), 31)),
            ),
            (
                "2025-01-02T03:04:05Z x",
                Some((nanos(2025, 1, 2, 3, 4, 5, 0), 21)),
            ),
            (
                "2025-01-02T04:04:05.5+01:00 x",
                Some((nanos(2025, 1, 2, 3, 4, 5, 500_000_000), 28)),
            ),
            (
                "2025-01-02T03:04:05.1234567Z",
                Some((nanos(2025, 1, 2, 3, 4, 5, 123_456_700), 28)),
            ),
            (
                "2025-01-02T03:04:05.1234567890123Z long fraction",
                Some((nanos(2025, 1, 2, 3, 4, 5, 123_456_789), 35)),
            ),
            ("2025-01-02T03:04:05.1234567Zx", None),
            ("2025-01-02 03:04:05Z x", None),
            ("2025-13-02T03:04:05Z x", None),
            ("2025-02-30T03:04:05Z x", None),
            ("2025-01-02T03:04:05. x", None),
            ("2025-01-02T03:04:05", None),
            ("2025-01-02T03:04:05+0100 x", None),
            ("no timestamp here at all", None),
            ("", None),
        ];
        for (line, want) in cases {
            let mut cache = TimestampCache::default();
            assert_eq!(timestamp(line.as_bytes(), &mut cache), *want, "{line}");
        }
    }

    #[test]
    fn the_minute_cache_does_not_leak_between_minutes() {
        let mut cache = TimestampCache::default();
        let a = timestamp(b"2025-01-02T03:04:05Z a", &mut cache).unwrap().0;
        let b = timestamp(b"2025-01-02T03:05:05Z b", &mut cache).unwrap().0;
        let c = timestamp(b"2025-01-02T03:05:06Z c", &mut cache).unwrap().0;
        assert_eq!(b - a, 60_000_000_000);
        assert_eq!(c - b, 1_000_000_000);
    }

    #[test]
    fn markers() {
        let cases: &[(&str, Marker, usize)] = &[
            ("##[group]Run make", Marker::Group, 9),
            ("##[endgroup]", Marker::EndGroup, 12),
            ("##[error]boom", Marker::Error, 9),
            ("##[warning]hmm", Marker::Warning, 11),
            ("##[notice]fyi", Marker::Notice, 10),
            ("##[command]/usr/bin/git", Marker::Command, 11),
            ("[command]/usr/bin/git version", Marker::Command, 9),
            ("##[debug]x", Marker::Debug, 9),
            ("##[section]Starting: job", Marker::Section, 11),
            ("##[unknown]x", Marker::Plain, 0),
            ("##[group", Marker::Plain, 0),
            ("# [group]x", Marker::Plain, 0),
            ("plain", Marker::Plain, 0),
        ];
        for (text, kind, len) in cases {
            assert_eq!(marker(text.as_bytes()), (*kind, *len), "{text}");
            assert_eq!(Marker::from_bits(*kind as u8), *kind);
        }
    }

    #[test]
    fn special_bytes() {
        assert!(!needs_sanitising(
            b"plain text\twith a tab and \xe2\x9c\x93"
        ));
        assert!(needs_sanitising(b"\x1b[31mred"));
        assert!(needs_sanitising(b"bell\x07"));
        assert!(needs_sanitising(b"del\x7f"));
        assert!(needs_sanitising("c1 \u{9b}".as_bytes()));
        let mut long = vec![b'a'; 100];
        long[70] = 0x08;
        assert!(needs_sanitising(&long));
        long[70] = b'b';
        assert!(!needs_sanitising(&long));
    }
}
