//! Finding lines: a user's regex, and the error/warning lines `e` jumps to.
//!
//! A scan runs the regex over a whole chunk (thousands of lines in one haystack, as grep does)
//! rather than line by line, then maps each hit to its line and resumes at the next line. A hit
//! that runs across a line break is checked again on its line alone, so results are exactly those
//! of matching each line by itself.

use std::ops::ControlFlow;
use std::sync::LazyLock;

use regex::bytes::{Regex, RegexBuilder};

use super::LineId;
use super::buffer::{ChunkView, LogBuffer};
use super::parse::Marker;

/// A compiled search. Smart case: case-insensitive unless the pattern has an upper-case letter.
#[derive(Debug, Clone)]
pub struct Matcher {
    pattern: String,
    regex: Regex,
    /// `\A`, `\z` and inline flags (`(?-m)` turns `^` into `\A`) mean something else in a chunk
    /// than in a line: such patterns are matched line by line.
    per_line: bool,
}

impl Matcher {
    pub fn new(pattern: &str) -> Result<Matcher, regex::Error> {
        let insensitive = !pattern.chars().any(char::is_uppercase);
        let regex = RegexBuilder::new(pattern)
            .case_insensitive(insensitive)
            .multi_line(true)
            .build()?;
        Ok(Matcher {
            pattern: pattern.to_owned(),
            per_line: ["\\A", "\\z", "(?"].iter().any(|p| pattern.contains(p)),
            regex,
        })
    }

    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    pub fn is_match(&self, text: &[u8]) -> bool {
        self.regex.is_match(text)
    }

    /// Byte ranges of the matches in `text` (empty matches skipped: nothing to highlight).
    pub fn ranges<'a>(&'a self, text: &'a [u8]) -> impl Iterator<Item = (usize, usize)> + 'a {
        self.regex
            .find_iter(text)
            .filter(|m| !m.is_empty())
            .map(|m| (m.start(), m.end()))
    }
}

/// Severity for `e` and for colouring lines that carry no runner marker (pod logs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    None,
    Warning,
    Error,
}

/// Common shapes of an error line: klog `E0102`, `error:` / `Error:` / `fatal:` / `panic:` at the
/// start, Python tracebacks, upper-case level words, logfmt and JSON levels. Conservative on
/// purpose: "0 errors" is not an error.
const ERROR: &str = r#"(?m)^(?:[EF]\d{4} |(?:[Ee]rror|ERROR|fatal|FATAL|panic)(?:\[\w+\])?:|Traceback \(most recent call last\))|\b(?:ERROR|FATAL|PANIC|CRITICAL|FAILED)\b|\blevel=(?:error|fatal|panic|crit)|"level":\s*"(?:error|fatal|panic|critical)""#;
const WARNING: &str = r#"(?m)^(?:W\d{4} |(?:[Ww]arning|WARNING)(?:\[\w+\])?:)|\bWARN(?:ING)?\b|\blevel=warn|"level":\s*"warn"#;

static HEURISTICS: LazyLock<Option<(Regex, Regex)>> =
    LazyLock::new(|| Some((Regex::new(ERROR).ok()?, Regex::new(WARNING).ok()?)));

/// The level of a line from its marker, else from its text.
pub fn level(marker: Marker, text: &[u8]) -> Level {
    match marker {
        Marker::Error => Level::Error,
        Marker::Warning => Level::Warning,
        m if heuristic_applies(m) => match HEURISTICS.as_ref() {
            Some((error, _)) if error.is_match(text) => Level::Error,
            Some((_, warning)) if warning.is_match(text) => Level::Warning,
            _ => Level::None,
        },
        _ => Level::None,
    }
}

/// Tool output and commands may say ERROR; group titles, notices and debug lines only name it.
fn heuristic_applies(marker: Marker) -> bool {
    matches!(marker, Marker::Plain | Marker::Command | Marker::Section)
}

impl LogBuffer {
    /// Calls `f` with each line in `from..to` that `matcher` matches, in order, until it breaks.
    pub fn scan(
        &self,
        matcher: &Matcher,
        from: LineId,
        to: LineId,
        mut f: impl FnMut(LineId) -> ControlFlow<()>,
    ) {
        let from = from.max(self.first());
        let to = to.min(self.end());
        for chunk in self.chunk_views() {
            let chunk_end = chunk.first + chunk.ends.len() as u64;
            if chunk_end <= from {
                continue;
            }
            if chunk.first >= to {
                break;
            }
            let a = (from.max(chunk.first) - chunk.first) as usize;
            let b = (to.min(chunk_end) - chunk.first) as usize;
            // Hits in the text, then lines whose marker's word matches (`/error` finds
            // `##[error]` lines), merged in order.
            let mut hits = Vec::new();
            let mut collect = |id| {
                hits.push(id);
                ControlFlow::Continue(())
            };
            if matcher.per_line {
                let _ = scan_lines(&chunk, a, b, |t| matcher.is_match(t), &mut collect);
            } else {
                let _ = scan_chunk(&chunk, a, b, &matcher.regex, &mut collect);
            }
            for i in a..b {
                let word = Marker::from_bits(chunk.meta[i]).label();
                let id = chunk.first + i as u64;
                if word.is_empty() || hits.binary_search(&id).is_ok() {
                    continue;
                }
                let text = &chunk.text[chunk.start(i)..chunk.ends[i] as usize];
                let mut whole = Vec::with_capacity(word.len() + text.len());
                whole.extend_from_slice(word.as_bytes());
                whole.extend_from_slice(text);
                if matcher.is_match(&whole) {
                    let at = hits.partition_point(|h| *h < id);
                    hits.insert(at, id);
                }
            }
            for id in hits {
                if f(id).is_break() {
                    return;
                }
            }
        }
    }

    /// Every line in `from..to` that `matcher` matches.
    pub fn matches(&self, matcher: &Matcher, from: LineId, to: LineId) -> Vec<LineId> {
        let mut out = Vec::new();
        self.scan(matcher, from, to, |id| {
            out.push(id);
            ControlFlow::Continue(())
        });
        out
    }

    /// The first line in `from..to` at warning level or above.
    pub fn next_problem(&self, from: LineId, to: LineId) -> Option<LineId> {
        let from = from.max(self.first());
        let to = to.min(self.end());
        let (error, warning) = HEURISTICS.as_ref()?;
        for chunk in self.chunk_views() {
            let chunk_end = chunk.first + chunk.ends.len() as u64;
            if chunk_end <= from {
                continue;
            }
            if chunk.first >= to {
                break;
            }
            let a = (from.max(chunk.first) - chunk.first) as usize;
            let b = (to.min(chunk_end) - chunk.first) as usize;
            // Runner markers first (one byte a line), then each heuristic over the chunk.
            let marked = chunk.meta[a..b]
                .iter()
                .position(|m| matches!(Marker::from_bits(*m), Marker::Error | Marker::Warning));
            let mut best = marked.map(|m| a + m);
            for regex in [error, warning] {
                let limit = best.unwrap_or(b);
                let _ = scan_chunk(&chunk, a, limit, regex, &mut |id| {
                    let i = (id - chunk.first) as usize;
                    if heuristic_applies(Marker::from_bits(chunk.meta[i])) {
                        best = Some(i);
                        return ControlFlow::Break(());
                    }
                    ControlFlow::Continue(())
                });
            }
            if let Some(i) = best {
                return Some(chunk.first + i as u64);
            }
        }
        None
    }
}

/// Lines `a..b` of a chunk, one regex search over all of them.
fn scan_chunk(
    chunk: &ChunkView<'_>,
    a: usize,
    b: usize,
    regex: &Regex,
    f: &mut impl FnMut(LineId) -> ControlFlow<()>,
) -> ControlFlow<()> {
    if a >= b {
        return ControlFlow::Continue(());
    }
    // The haystack ends with line b-1's `\n`, so `$` and `\b` behave at its end as elsewhere.
    let haystack = &chunk.text[..chunk.ends[b - 1] as usize + 1];
    let mut pos = chunk.start(a);
    let mut line = a;
    while pos < haystack.len() {
        let Some(m) = regex.find_at(haystack, pos) else {
            break;
        };
        // Hits come in order, so the line search starts where the last one ended.
        line += chunk.ends[line..b].partition_point(|end| (*end as usize) < m.start());
        if line >= b {
            break;
        }
        let end = chunk.ends[line] as usize;
        let within = m.end() <= end;
        if within || regex.is_match(&chunk.text[chunk.start(line)..end]) {
            f(chunk.first + line as u64)?;
        }
        pos = end + 1;
        line += 1;
    }
    ControlFlow::Continue(())
}

/// Lines `a..b` of a chunk, each matched alone.
fn scan_lines(
    chunk: &ChunkView<'_>,
    a: usize,
    b: usize,
    is_match: impl Fn(&[u8]) -> bool,
    f: &mut impl FnMut(LineId) -> ControlFlow<()>,
) -> ControlFlow<()> {
    for i in a..b {
        if is_match(&chunk.text[chunk.start(i)..chunk.ends[i] as usize]) {
            f(chunk.first + i as u64)?;
        }
    }
    ControlFlow::Continue(())
}
