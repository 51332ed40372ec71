//! One line of the trail as read back: its bytes' hash and what it holds. The writer and verify
//! classify lines with the same function, so they agree on what is a record.

use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::record::{FORMAT_VERSION, Record};

/// `prev` of the first record: no record came before it.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// What a line holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Record(Box<Record>),
    /// Valid JSON with a `"v"` newer than this build reads.
    Newer(u64),
    /// Anything else (a torn write, garbage, an older or broken record); the reason for verify.
    NotRecord(String),
}

/// A line of the file, numbered from 1, without its newline.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub number: usize,
    /// Byte offset of its first byte in the file.
    pub start: u64,
    /// Length in bytes, without the newline.
    pub len: u64,
    pub hash: String,
    /// False only for a last line with no newline after it: a torn tail.
    pub terminated: bool,
    pub content: Content,
}

impl Line {
    pub fn new(number: usize, start: u64, bytes: &[u8], terminated: bool) -> Line {
        Line {
            number,
            start,
            len: bytes.len() as u64,
            hash: sha256_hex(bytes),
            terminated,
            content: classify(bytes),
        }
    }

    pub fn record(&self) -> Option<&Record> {
        match &self.content {
            Content::Record(r) => Some(r),
            _ => None,
        }
    }
}

#[derive(Deserialize)]
struct Version {
    v: Option<u64>,
}

/// A record of this format, a newer format, or not a record (and why).
pub fn classify(bytes: &[u8]) -> Content {
    match serde_json::from_slice::<Record>(bytes) {
        Ok(record) if record.v == FORMAT_VERSION => Content::Record(Box::new(record)),
        Ok(record) if record.v > FORMAT_VERSION => Content::Newer(record.v.into()),
        Ok(record) => Content::NotRecord(format!("unknown format version {}", record.v)),
        Err(e) => match serde_json::from_slice::<Version>(bytes) {
            Ok(Version { v: Some(v) }) if v > u64::from(FORMAT_VERSION) => Content::Newer(v),
            _ if bytes.is_empty() => Content::NotRecord("an empty line".into()),
            _ => Content::NotRecord(e.to_string()),
        },
    }
}
