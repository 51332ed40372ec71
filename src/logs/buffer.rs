//! The bounded store of log lines. Text lives in chunks of about a megabyte (each line's text
//! followed by `\n`, so a chunk is one haystack for a regex), with four bytes of end offset, eight
//! of timestamp and one of marker per line. Lines are sanitised once, as they arrive: most have no
//! control byte and are copied as they are; the rest go through the sanitiser, which keeps their
//! SGR colours as style runs beside the text. The oldest lines are dropped past the caps.

use std::borrow::Cow;
use std::collections::VecDeque;

use ratatui::style::Style;

use super::LineId;
use super::groups::{Group, Groups};
use super::parse::{self, Marker, TimestampCache};
use crate::sanitize;

/// Bytes of text per chunk; a longer line gets a chunk of its own.
const CHUNK_BYTES: usize = 1 << 20;
/// A line with no timestamp.
const NO_TIME: i64 = i64::MIN;
const STYLED: u8 = 0x10;
const CUT: u8 = 0x20;

/// How much a buffer may hold. The oldest lines go first when either cap is passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Lines held (`[logs] max_lines`).
    pub max_lines: usize,
    /// Bytes of text held, counted in whole chunks: what bounds memory when lines are long.
    pub max_bytes: usize,
    /// Longer lines keep this much and are marked as cut; the rest is discarded as it arrives.
    pub max_line_bytes: usize,
}

impl Limits {
    pub const DEFAULT_MAX_LINES: usize = 1_000_000;
    pub const DEFAULT_MAX_BYTES: usize = 512 << 20;
    pub const DEFAULT_MAX_LINE_BYTES: usize = 16 << 20;

    /// `max_lines` with the default byte caps.
    pub fn lines(max_lines: usize) -> Limits {
        Limits {
            max_lines,
            ..Limits::default()
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_lines: Limits::DEFAULT_MAX_LINES,
            max_bytes: Limits::DEFAULT_MAX_BYTES,
            max_line_bytes: Limits::DEFAULT_MAX_LINE_BYTES,
        }
    }
}

#[derive(Debug, Default, Clone)]
struct Chunk {
    /// Id of the chunk's first line (some may have been dropped since).
    first: LineId,
    text: Vec<u8>,
    /// Offset of each line's terminating `\n` in `text`.
    ends: Vec<u32>,
    stamps: Vec<i64>,
    meta: Vec<u8>,
    /// Source tag per line; empty while no line of the chunk has one.
    tags: Vec<u16>,
    /// `(line index in chunk, index of its first run)` for lines that carry colours.
    styled: Vec<(u32, u32)>,
    runs: Vec<(u32, Style)>,
}

impl Chunk {
    fn new(first: LineId, capacity: usize) -> Chunk {
        Chunk {
            first,
            text: Vec::with_capacity(capacity),
            ..Chunk::default()
        }
    }

    fn len(&self) -> u64 {
        self.ends.len() as u64
    }

    fn start(&self, i: usize) -> usize {
        if i == 0 {
            0
        } else {
            self.ends[i - 1] as usize + 1
        }
    }

    fn runs_of(&self, i: usize) -> &[(u32, Style)] {
        let at = self
            .styled
            .partition_point(|(line, _)| (*line as usize) < i);
        match self.styled.get(at) {
            Some((line, from)) if *line as usize == i => {
                let to = self
                    .styled
                    .get(at + 1)
                    .map_or(self.runs.len(), |(_, next)| *next as usize);
                &self.runs[*from as usize..to]
            }
            _ => &[],
        }
    }
}

/// One stored line, borrowed from the buffer.
#[derive(Debug, Clone, Copy)]
pub struct LineRef<'a> {
    pub id: LineId,
    /// Sanitised text, without its timestamp and marker. Valid UTF-8 (kept as bytes for regexes).
    pub bytes: &'a [u8],
    /// Nanoseconds since the epoch, UTC.
    pub timestamp: Option<i64>,
    pub marker: Marker,
    /// The line was longer than `max_line_bytes`; its end was discarded.
    pub cut: bool,
    pub tag: Option<u16>,
    /// `(byte offset, style from there)`: the line's own SGR colours.
    pub runs: &'a [(u32, Style)],
}

impl<'a> LineRef<'a> {
    /// The text as a string (it is always valid UTF-8; a lossy view costs nothing then).
    pub fn text(&self) -> Cow<'a, str> {
        String::from_utf8_lossy(self.bytes)
    }

    /// At most the first `max` bytes of the text, cut at a character boundary.
    pub fn text_prefix(&self, max: usize) -> Cow<'a, str> {
        String::from_utf8_lossy(&self.bytes[..floor_boundary(self.bytes, max)])
    }
}

/// The largest index `<= max` that does not split a UTF-8 character.
pub(super) fn floor_boundary(bytes: &[u8], max: usize) -> usize {
    let mut at = max.min(bytes.len());
    while at > 0 && at < bytes.len() && (bytes[at] & 0xc0) == 0x80 {
        at -= 1;
    }
    at
}

/// The log: lines with ids that count from the first line ever received, so ids (and the line
/// numbers shown) stay put when old lines are dropped.
// Clone because the app's `State` is: tests copy states; the runner never does.
#[derive(Debug, Default, Clone)]
pub struct LogBuffer {
    chunks: VecDeque<Chunk>,
    first: LineId,
    end: LineId,
    limits: Limits,
    /// The start of a line whose `\n` has not arrived.
    pending: Vec<u8>,
    pending_cut: bool,
    pending_tag: Option<u16>,
    cache: TimestampCache,
    pub(super) groups: Groups,
    origin: Option<i64>,
    text_bytes: usize,
    tags: Vec<String>,
}

impl LogBuffer {
    pub fn new(limits: Limits) -> LogBuffer {
        let max_line_bytes = limits.max_line_bytes.clamp(1, 1 << 30);
        LogBuffer {
            limits: Limits {
                max_lines: limits.max_lines.max(1),
                max_line_bytes,
                ..limits
            },
            ..LogBuffer::default()
        }
    }

    /// Id of the oldest line held; also how many lines were dropped.
    pub fn first(&self) -> LineId {
        self.first
    }

    /// One past the newest line's id; also how many lines were ever received.
    pub fn end(&self) -> LineId {
        self.end
    }

    /// Lines held.
    pub fn len(&self) -> u64 {
        self.end - self.first
    }

    pub fn is_empty(&self) -> bool {
        self.first == self.end
    }

    /// Lines dropped to stay within the caps.
    pub fn dropped(&self) -> u64 {
        self.first
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Bytes of text held (whole chunks, as the byte cap counts them).
    pub fn text_bytes(&self) -> usize {
        self.text_bytes
    }

    /// The first timestamp ever received: "relative" times count from it.
    pub fn origin(&self) -> Option<i64> {
        self.origin
    }

    /// True once any line had a timestamp, so the viewer keeps a column for them.
    pub fn has_timestamps(&self) -> bool {
        self.origin.is_some()
    }

    /// True if a line has started to arrive without its end yet.
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty() || self.pending_cut
    }

    /// The id for a source name (a pod, a container), registering it on first use.
    pub fn tag(&mut self, name: &str) -> u16 {
        if let Some(i) = self.tags.iter().position(|t| t == name) {
            return i as u16;
        }
        // Past 65,535 sources the last id is shared rather than the count overflowing.
        let id = self.tags.len().min(u16::MAX as usize) as u16;
        if self.tags.len() < u16::MAX as usize {
            self.tags.push(name.to_owned());
        }
        id
    }

    pub fn tag_name(&self, tag: u16) -> Option<&str> {
        self.tags.get(tag as usize).map(String::as_str)
    }

    pub fn tag_count(&self) -> usize {
        self.tags.len()
    }

    /// Raw bytes as they arrive (a file, an HTTP body, a stream), split at `\n`. A line without
    /// its `\n` yet waits for the next call or for [`LogBuffer::finish`].
    pub fn push_bytes(&mut self, data: &[u8]) {
        let mut rest = data;
        if self.has_pending() {
            let Some(nl) = memchr::memchr(b'\n', rest) else {
                self.extend_pending(rest);
                return;
            };
            self.extend_pending(&rest[..nl]);
            self.finish();
            rest = &rest[nl + 1..];
        }
        // UTF-8 is checked over the whole block at once (fast), then again only after a fault.
        let mut valid_to = 0;
        let mut start = 0;
        for nl in memchr::memchr_iter(b'\n', rest) {
            if valid_to <= start {
                valid_to = start + valid_prefix(&rest[start..]);
            }
            let valid = nl <= valid_to;
            self.push_raw(&rest[start..nl], valid, None);
            start = nl + 1;
        }
        self.extend_pending(&rest[start..]);
        self.enforce_limits();
    }

    /// Ends the line still waiting for its `\n`, if any (the end of a file or a stream).
    pub fn finish(&mut self) {
        if !self.has_pending() {
            return;
        }
        let line = std::mem::take(&mut self.pending);
        let cut = std::mem::take(&mut self.pending_cut);
        let tag = self.pending_tag.take();
        let valid = std::str::from_utf8(&line).is_ok();
        self.push_raw_cut(&line, valid, tag, cut);
        self.pending = line;
        self.pending.clear();
        self.enforce_limits();
    }

    /// One whole line (a pod log stream gives them one at a time), optionally from a tagged
    /// source. A `\n` inside it still splits it.
    pub fn push_line(&mut self, line: &[u8], tag: Option<u16>) {
        self.finish();
        for part in line.split(|b| *b == b'\n') {
            let valid = std::str::from_utf8(part).is_ok();
            self.push_raw(part, valid, tag);
        }
        self.enforce_limits();
    }

    fn extend_pending(&mut self, bytes: &[u8]) {
        let room = self
            .limits
            .max_line_bytes
            .saturating_sub(self.pending.len());
        if bytes.len() > room {
            self.pending.extend_from_slice(&bytes[..room]);
            self.pending_cut = true;
        } else {
            self.pending.extend_from_slice(bytes);
        }
    }

    fn push_raw(&mut self, raw: &[u8], valid: bool, tag: Option<u16>) {
        if raw.len() > self.limits.max_line_bytes {
            let keep = floor_boundary(raw, self.limits.max_line_bytes);
            self.push_raw_cut(&raw[..keep], valid, tag, true);
        } else {
            self.push_raw_cut(raw, valid, tag, false);
        }
    }

    fn push_raw_cut(&mut self, raw: &[u8], valid: bool, tag: Option<u16>, cut: bool) {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let (stamp, rest) = match parse::timestamp(raw, &mut self.cache) {
            Some((nanos, body)) => (nanos, &raw[body..]),
            None => (NO_TIME, raw),
        };
        if stamp != NO_TIME && self.origin.is_none() {
            self.origin = Some(stamp);
        }
        let (marker, skip) = parse::marker(rest);
        let text = &rest[skip..];
        let id = self.end;
        match marker {
            Marker::Group => self.groups.open(id),
            Marker::EndGroup => self.groups.close(id),
            _ => {}
        }
        let mut meta = marker as u8 | if cut { CUT } else { 0 };
        let sanitised = (!valid || parse::needs_sanitising(text)).then(|| sanitize::styled(text));
        let len = sanitised.as_ref().map_or(text.len(), |s| s.text.len());
        let chunk = self.chunk_with_room(len + 1);
        let start = chunk.text.len();
        match &sanitised {
            Some(s) => {
                chunk.text.extend_from_slice(s.text.as_bytes());
                if !s.runs.is_empty() {
                    meta |= STYLED;
                    chunk
                        .styled
                        .push((chunk.ends.len() as u32, chunk.runs.len() as u32));
                    chunk
                        .runs
                        .extend(s.runs.iter().map(|(at, style)| (*at as u32, *style)));
                }
            }
            None => chunk.text.extend_from_slice(text),
        }
        chunk.ends.push(chunk.text.len() as u32);
        chunk.text.push(b'\n');
        chunk.stamps.push(stamp);
        chunk.meta.push(meta);
        if let Some(tag) = tag {
            let before = chunk.ends.len() - 1;
            chunk.tags.resize(before, u16::MAX);
            chunk.tags.push(tag);
        } else if !chunk.tags.is_empty() {
            chunk.tags.push(u16::MAX);
        }
        self.text_bytes += chunk.text.len() - start;
        self.end += 1;
    }

    /// The chunk to append `len` bytes to, starting a new one (and applying the caps) when full.
    fn chunk_with_room(&mut self, len: usize) -> &mut Chunk {
        let full = self
            .chunks
            .back()
            .is_none_or(|c| !c.ends.is_empty() && c.text.len() + len > CHUNK_BYTES);
        if full {
            self.enforce_limits();
            self.chunks
                .push_back(Chunk::new(self.end, CHUNK_BYTES.max(len)));
        }
        let last = self.chunks.len() - 1;
        &mut self.chunks[last]
    }

    fn enforce_limits(&mut self) {
        let max_lines = self.limits.max_lines as u64;
        if self.end - self.first > max_lines {
            self.first = self.end - max_lines;
        }
        // The byte cap drops whole chunks, but never the one being written.
        while self.text_bytes > self.limits.max_bytes && self.chunks.len() > 1 {
            if let Some(front) = self.chunks.front() {
                self.first = self.first.max(front.first + front.len());
            }
            self.pop_front_chunk();
        }
        while self
            .chunks
            .front()
            .is_some_and(|c| c.first + c.len() <= self.first)
            && self.chunks.len() > 1
        {
            self.pop_front_chunk();
        }
        self.groups.drop_before(self.first);
    }

    fn pop_front_chunk(&mut self) {
        if let Some(chunk) = self.chunks.pop_front() {
            self.text_bytes -= chunk.text.len();
        }
    }

    /// The chunk holding `id` and the line's index in it.
    fn locate(&self, id: LineId) -> Option<(&Chunk, usize)> {
        if id < self.first || id >= self.end {
            return None;
        }
        let at = self.chunks.partition_point(|c| c.first + c.len() <= id);
        let chunk = self.chunks.get(at)?;
        Some((chunk, (id - chunk.first) as usize))
    }

    /// A line by id, if it is still held.
    pub fn line(&self, id: LineId) -> Option<LineRef<'_>> {
        let (chunk, i) = self.locate(id)?;
        let meta = chunk.meta[i];
        let stamp = chunk.stamps[i];
        Some(LineRef {
            id,
            bytes: &chunk.text[chunk.start(i)..chunk.ends[i] as usize],
            timestamp: (stamp != NO_TIME).then_some(stamp),
            marker: Marker::from_bits(meta),
            cut: meta & CUT != 0,
            tag: chunk.tags.get(i).copied().filter(|t| *t != u16::MAX),
            runs: if meta & STYLED != 0 {
                chunk.runs_of(i)
            } else {
                &[]
            },
        })
    }

    /// The marker of a line (cheaper than [`LogBuffer::line`]).
    pub fn marker(&self, id: LineId) -> Option<Marker> {
        let (chunk, i) = self.locate(id)?;
        Some(Marker::from_bits(chunk.meta[i]))
    }

    /// Groups whose header is still held, in order.
    pub fn groups(&self) -> impl Iterator<Item = &Group> {
        self.groups.iter()
    }

    /// The held chunks as (first line id, number of lines, text, line end offsets), for scans.
    pub(super) fn chunk_views(&self) -> impl Iterator<Item = ChunkView<'_>> {
        self.chunks.iter().map(|c| ChunkView {
            first: c.first,
            text: &c.text,
            ends: &c.ends,
            meta: &c.meta,
        })
    }
}

/// A chunk as the search sees it.
pub(super) struct ChunkView<'a> {
    pub first: LineId,
    pub text: &'a [u8],
    pub ends: &'a [u32],
    pub meta: &'a [u8],
}

impl ChunkView<'_> {
    pub fn start(&self, i: usize) -> usize {
        if i == 0 {
            0
        } else {
            self.ends[i - 1] as usize + 1
        }
    }
}

/// How many leading bytes are valid UTF-8.
fn valid_prefix(bytes: &[u8]) -> usize {
    match std::str::from_utf8(bytes) {
        Ok(_) => bytes.len(),
        Err(e) => e.valid_up_to(),
    }
}
