//! Reading the trail for the Audit screen and the CLI: every line with its verification state.
//! A refresh after the file grew reads and hashes only the new bytes (the offset is remembered)
//! and re-runs the cheap chain check over everything. A file that shrank, was replaced, or whose
//! last line read has changed is read again from the start.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::line::{Line, sha256_hex};
use super::lock;
use super::verify::{self, Report, State};

#[derive(Debug, Clone)]
pub struct Reader {
    path: PathBuf,
    /// Every line read; only the last may be unterminated (a torn tail, read again each refresh).
    lines: Vec<Line>,
    /// Where the last terminated line ends (after its newline).
    offset: u64,
    identity: Option<(u64, u64)>,
    report: Report,
}

impl Reader {
    /// A reader that has read nothing yet; call [`Reader::refresh`].
    pub fn new(path: impl Into<PathBuf>) -> Reader {
        Reader {
            path: path.into(),
            lines: Vec::new(),
            offset: 0,
            identity: None,
            report: Report::default(),
        }
    }

    /// Reads the trail at `path` once.
    pub fn load(path: impl Into<PathBuf>) -> io::Result<Reader> {
        let mut reader = Reader::new(path);
        reader.refresh()?;
        Ok(reader)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The lines in file order.
    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    pub fn report(&self) -> &Report {
        &self.report
    }

    /// Each line with its state, in file order.
    pub fn entries(&self) -> impl DoubleEndedIterator<Item = (&Line, State)> {
        self.lines.iter().zip(self.report.states.iter().copied())
    }

    /// Reads what was appended since the last call. A missing file reads as empty. Returns
    /// whether anything changed.
    pub fn refresh(&mut self) -> io::Result<bool> {
        let file = match File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let changed = !self.lines.is_empty();
                self.reset(None);
                return Ok(changed);
            }
            Err(e) => return Err(e),
        };
        // Writers hold the exclusive lock while writing, so no line is read half-written.
        let mut file = lock::shared(file)?;
        let meta = file.metadata()?;
        let identity = file_identity(&meta);
        let mut changed = false;
        if identity != self.identity
            || meta.len() < self.offset
            || !self.last_line_unchanged(&mut file)?
        {
            changed = !self.lines.is_empty();
            self.reset(identity);
        }
        let old_tail = match self.lines.last() {
            Some(l) if !l.terminated => self.lines.pop(),
            _ => None,
        };
        file.seek(SeekFrom::Start(self.offset))?;
        let mut input = BufReader::new(&*file);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            let n = input.read_until(b'\n', &mut buf)?;
            if n == 0 {
                break;
            }
            let terminated = buf.last() == Some(&b'\n');
            let bytes = if terminated { &buf[..n - 1] } else { &buf[..] };
            let line = Line::new(self.lines.len() + 1, self.offset, bytes, terminated);
            if terminated {
                self.offset += n as u64;
                changed = true;
            } else {
                changed |= old_tail.as_ref().is_none_or(|t| t.hash != line.hash);
            }
            self.lines.push(line);
        }
        changed |= old_tail.is_some() && self.lines.last().is_none_or(|l| l.terminated);
        if changed || self.report.states.len() != self.lines.len() {
            self.report = verify::check(&self.lines);
        }
        Ok(changed)
    }

    fn reset(&mut self, identity: Option<(u64, u64)>) {
        self.lines.clear();
        self.offset = 0;
        self.identity = identity;
        self.report = verify::check(&[]);
    }

    /// Whether the last terminated line read is still there, byte for byte.
    fn last_line_unchanged(&self, file: &mut File) -> io::Result<bool> {
        let Some(last) = self.lines.iter().rev().find(|l| l.terminated) else {
            return Ok(true);
        };
        let mut bytes = vec![0; usize::try_from(last.len + 1).unwrap_or(usize::MAX)];
        file.seek(SeekFrom::Start(last.start))?;
        if file.read_exact(&mut bytes).is_err() {
            return Ok(false);
        }
        Ok(bytes.pop() == Some(b'\n') && sha256_hex(&bytes) == last.hash)
    }
}

#[cfg(unix)]
fn file_identity(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_identity(_meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}
