//! The tamper-evident audit trail: one append-only JSON Lines file of every action that changes
//! something, a record of intent before each request and a record of outcome after it.
//!
//! # Format (v1)
//! Each line is one compact JSON object ([`Record`]) followed by `\n`:
//! `{"v":1,"seq":N,"prev":HASH,["skipped":[..],]"time":..,"actor":{..},"kind":"intent"|"outcome",..}`.
//! `seq` is 1 for the first record and one more for each record after it. `prev` is the SHA-256,
//! in lowercase hex, of the previous record's line exactly as written, without its newline; the
//! first record's `prev` is [`GENESIS`] (64 zeros). An outcome names its intent by `seq` and hash.
//!
//! # Writing ([`Trail::append`])
//! Under an exclusive lock on the file (flock, so other gantry processes and threads wait), the
//! writer reads the end of the file back to the last complete record, chains from it, writes the
//! whole line with one `write`, and calls `sync_data` before returning: the request is sent only
//! after that. Secrets are replaced by `[REDACTED]` first ([`redact`]).
//!
//! # Crash safety
//! A writer killed mid-write leaves a torn line: bytes with no newline after them. The next writer
//! finds it under the lock and writes `\n` plus its record in one write, so the torn bytes become a
//! line of their own, and its record lists them in `skipped` (length and SHA-256) and chains from
//! the last complete record before them. A complete record that lost only its newline is kept and
//! chained from. Verify reports every torn line: an acknowledged one as torn (the chain runs across
//! it), an unterminated last line as a torn tail, and a non-record line nobody acknowledged as
//! broken, since writers never leave one.
//!
//! # What verify can and cannot see
//! Editing, removing, reordering or inserting a record breaks a link and is named by its line.
//! Anyone who can write the file can also rewrite every record after an edit, or cut the last
//! records off; only a copy of the head hash kept elsewhere (verify prints it) shows that.

mod actor;
pub mod display;
mod error;
mod line;
mod lock;
pub mod private;
mod reader;
mod record;
pub mod redact;
mod tail;
mod verify;
mod writer;

#[cfg(test)]
mod tests;

pub use error::AuditError;
pub use line::{Content, GENESIS, Line, sha256_hex};
pub use reader::Reader;
pub use record::{
    Action, ActionResult, Actor, Commit, Entry, Evidence, FORMAT_VERSION, Intent, Origin, Outcome,
    Record, Skipped, Status, Target, Workload,
};
pub use verify::{Finding, Kind, Report, State, Summary, Verdict, check};
pub use writer::{Receipt, Trail};
