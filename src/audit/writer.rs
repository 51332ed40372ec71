//! Appending to the trail: one record per call, chained, locked, on disk before returning.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{SubsecRound, Utc};

use super::error::AuditError;
use super::line::{GENESIS, sha256_hex};
use super::lock;
use super::private;
use super::record::{Actor, Entry, FORMAT_VERSION, Intent, Outcome, Record};
use super::redact::Redactor;
use super::tail::{self, TailError};

/// What the trail is called in messages and permission warnings.
const WHAT: &str = "audit trail";

/// A handle on the trail for one process. Cheap: each append opens the file, so two handles (two
/// threads, two processes) exclude each other through the lock.
#[derive(Debug, Clone)]
pub struct Trail {
    path: PathBuf,
    actor: Actor,
    redactor: Redactor,
    warnings: Vec<String>,
}

/// A record written: the outcome names its intent by these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub seq: u64,
    /// SHA-256 (hex) of the record's line: the next record's `prev`.
    pub hash: String,
    /// How many secrets were replaced by `[REDACTED]`.
    pub redacted: usize,
    /// How many non-record lines (a torn write) this record acknowledged.
    pub skipped: usize,
}

impl Trail {
    /// Creates the trail's directory (0700) and file (0600) if missing. Looser modes of existing
    /// ones are left alone and listed in [`Trail::warnings`].
    pub fn open(path: impl Into<PathBuf>, actor: Actor) -> Result<Trail, AuditError> {
        let path = path.into();
        let (_file, warnings) =
            private::prepare_file(&path, WHAT).map_err(AuditError::io(&path, "create"))?;
        Ok(Trail {
            path,
            actor,
            redactor: Redactor::default(),
            warnings,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Permission warnings found when opening, for the UI's banner or stderr.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The GitHub login, once known (after the token is checked).
    pub fn set_login(&mut self, login: Option<String>) {
        self.actor.login = login;
    }

    /// Never record this value (the token in use, a webhook URL...).
    pub fn mark_secret(&mut self, secret: &str) {
        self.redactor.mark(secret);
    }

    /// Writes an intent; send the request only after this returns Ok.
    pub fn intent(&self, intent: &Intent) -> Result<Receipt, AuditError> {
        self.append(&Entry::Intent(intent.clone()))
    }

    /// Writes how an action ended.
    pub fn outcome(&self, outcome: &Outcome) -> Result<Receipt, AuditError> {
        self.append(&Entry::Outcome(outcome.clone()))
    }

    /// Appends one record: takes the exclusive lock, chains from the last complete record,
    /// acknowledges any torn lines after it, writes the line in one write and syncs it.
    pub fn append(&self, entry: &Entry) -> Result<Receipt, AuditError> {
        let (entry, actor, redacted) = self.redacted(entry)?;
        let io = |op| AuditError::io(&self.path, op);
        let (file, _) = private::open_append(&self.path, WHAT).map_err(io("open"))?;
        // Released when the guard drops, on every path out of here.
        let mut file = lock::exclusive(file).map_err(io("lock"))?;
        let tail = match tail::read(&mut file) {
            Ok(t) => t,
            Err(TailError::Io(e)) => return Err(io("read the end of")(e)),
            Err(TailError::Newer(v)) => {
                return Err(AuditError::NewerFormat {
                    path: self.path.clone(),
                    v,
                });
            }
        };
        let (seq, prev) = match tail.last {
            Some((seq, hash)) => (seq.saturating_add(1), hash),
            None => (1, GENESIS.to_owned()),
        };
        let skipped = tail.skipped.len();
        let record = Record {
            v: FORMAT_VERSION,
            seq,
            prev,
            skipped: tail.skipped,
            time: Utc::now().trunc_subsecs(3),
            actor,
            entry,
        };
        // Compact JSON escapes every control character, so the line holds no newline.
        let line = serde_json::to_string(&record)?;
        let mut buf = Vec::with_capacity(line.len() + 2);
        if tail.needs_newline {
            buf.push(b'\n');
        }
        buf.extend_from_slice(line.as_bytes());
        buf.push(b'\n');
        write_once(&mut file, &buf).map_err(io("write"))?;
        file.sync_data().map_err(io("sync"))?;
        Ok(Receipt {
            seq,
            hash: sha256_hex(line.as_bytes()),
            redacted,
            skipped,
        })
    }

    /// The entry and actor with secrets replaced, through JSON so that no string field is missed.
    fn redacted(&self, entry: &Entry) -> Result<(Entry, Actor, usize), AuditError> {
        let mut entry_json = serde_json::to_value(entry)?;
        let mut actor_json = serde_json::to_value(&self.actor)?;
        let short = |_| AuditError::ShortSecret;
        let n = self.redactor.value(&mut entry_json).map_err(short)?
            + self.redactor.value(&mut actor_json).map_err(short)?;
        if n == 0 {
            return Ok((entry.clone(), self.actor.clone(), 0));
        }
        Ok((
            serde_json::from_value(entry_json)?,
            serde_json::from_value(actor_json)?,
            n,
        ))
    }
}

/// One write call for the whole line, so a writer killed between calls cannot leave half of it;
/// a short write (a full disk) is completed under the same lock, or fails.
fn write_once(file: &mut File, buf: &[u8]) -> std::io::Result<()> {
    let n = file.write(buf)?;
    if n < buf.len() {
        file.write_all(&buf[n..])?;
    }
    Ok(())
}
