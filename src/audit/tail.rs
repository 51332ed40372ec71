//! The end of the trail, read by a writer under the lock: the last record to chain from, and the
//! lines after it that are not records (a torn write), which the new record acknowledges.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

use super::line::{Content, classify, sha256_hex};
use super::record::Skipped;

/// Bytes read from the end at first; a record is a few hundred bytes, evidence a few thousand.
const FIRST_WINDOW: u64 = 16 * 1024;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tail {
    /// Sequence number and line hash of the last record, if any.
    pub last: Option<(u64, String)>,
    /// Non-record lines after it, in file order.
    pub skipped: Vec<Skipped>,
    /// The file does not end with a newline: the next write must start with one.
    pub needs_newline: bool,
}

/// What the end of the file holds.
#[derive(Debug)]
pub enum TailError {
    Io(io::Error),
    /// The last record is a newer format; this build must not chain from it or skip it.
    Newer(u64),
}

impl From<io::Error> for TailError {
    fn from(e: io::Error) -> Self {
        TailError::Io(e)
    }
}

/// Scans back from the end until a complete record (or the start of the file), widening the
/// window when a line is longer than it.
pub fn read(file: &mut File) -> Result<Tail, TailError> {
    let len = file.metadata()?.len();
    let mut window = FIRST_WINDOW;
    loop {
        let start = len.saturating_sub(window);
        let mut buf = vec![0; usize::try_from(len - start).unwrap_or(usize::MAX)];
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(&mut buf)?;
        if let Some(tail) = scan(&buf, start == 0)? {
            return Ok(tail);
        }
        window = window.saturating_mul(4);
    }
}

/// The tail from the last `buf` bytes of the file, or None when no complete record and not the
/// start of the file was reached (the window must widen).
fn scan(buf: &[u8], at_start: bool) -> Result<Option<Tail>, TailError> {
    let needs_newline = buf.last().is_some_and(|&b| b != b'\n');
    // Unless the window reaches the start of the file, its first line starts before it.
    let whole = if at_start {
        buf
    } else {
        match buf.iter().position(|&b| b == b'\n') {
            Some(first_end) => &buf[first_end + 1..],
            None => return Ok(None),
        }
    };
    // Nothing follows the final newline; without one, the last piece is the unterminated tail.
    let body = whole.strip_suffix(b"\n").unwrap_or(whole);
    let mut skipped = Vec::new();
    // From the end, lazily: usually the last line is the record. An empty window has no lines.
    let lines = (!whole.is_empty()).then(|| body.rsplit(|&b| b == b'\n'));
    for piece in lines.into_iter().flatten() {
        match classify(piece) {
            Content::Record(record) => {
                skipped.reverse();
                return Ok(Some(Tail {
                    last: Some((record.seq, sha256_hex(piece))),
                    skipped,
                    needs_newline,
                }));
            }
            Content::Newer(v) => return Err(TailError::Newer(v)),
            Content::NotRecord(_) => skipped.push(Skipped {
                bytes: piece.len() as u64,
                sha256: sha256_hex(piece),
            }),
        }
    }
    if !at_start {
        return Ok(None);
    }
    skipped.reverse();
    Ok(Some(Tail {
        last: None,
        skipped,
        needs_newline,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(seq: u64) -> String {
        format!(
            r#"{{"v":1,"seq":{seq},"prev":"{}","time":"2026-05-01T03:14:00Z","actor":{{"user":"op","host":"h"}},"kind":"intent","action":"approve","origin":"cli","target":{{}}}}"#,
            super::super::GENESIS
        )
    }

    #[test]
    fn empty_file_has_no_tail() {
        assert_eq!(scan(b"", true).unwrap(), Some(Tail::default()));
    }

    #[test]
    fn last_record_and_the_torn_lines_after_it() {
        let text = format!("{}\n{}\ngarbage\n{{\"v\":1,\"se", record(1), record(2));
        let tail = scan(text.as_bytes(), true).unwrap().unwrap();
        assert_eq!(tail.last, Some((2, sha256_hex(record(2).as_bytes()))));
        assert!(tail.needs_newline);
        assert_eq!(tail.skipped.len(), 2);
        assert_eq!(tail.skipped[0].bytes, 7, "garbage first, in file order");
        assert_eq!(tail.skipped[1].sha256, sha256_hex(b"{\"v\":1,\"se"));
    }

    #[test]
    fn a_complete_record_missing_only_its_newline_is_chained_from() {
        let text = format!("{}\n{}", record(1), record(2));
        let tail = scan(text.as_bytes(), true).unwrap().unwrap();
        assert_eq!(tail.last.map(|l| l.0), Some(2));
        assert!(tail.needs_newline && tail.skipped.is_empty());
    }

    #[test]
    fn a_window_starting_mid_line_widens() {
        let text = format!("{}\n", record(1));
        assert_eq!(scan(&text.as_bytes()[5..], false).unwrap(), None);
    }

    #[test]
    fn empty_lines_count_as_lines() {
        let text = format!("{}\n\n", record(1));
        let tail = scan(text.as_bytes(), true).unwrap().unwrap();
        assert_eq!(tail.skipped.len(), 1);
        assert_eq!(tail.skipped[0].bytes, 0);
        let window = format!("xx\n{}\n", record(1));
        assert_eq!(
            scan(window.as_bytes(), false)
                .unwrap()
                .unwrap()
                .last
                .unwrap()
                .0,
            1
        );
    }

    #[test]
    fn newer_formats_are_not_skipped() {
        let text = "{\"v\":2,\"seq\":9}\n";
        assert!(matches!(
            scan(text.as_bytes(), true),
            Err(TailError::Newer(2))
        ));
    }
}
