//! Checking the lines of a trail: every record chained to the one before, torn lines
//! acknowledged, and each problem named by its line.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::line::{Content, GENESIS, Line};

/// The state of one line, for the Audit screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// A record that chains.
    Ok,
    /// Edited, removed around, out of order, or not a record at all.
    Broken,
    /// A writer was interrupted here: a torn tail, or a torn line the next record acknowledged.
    Torn,
}

/// What is wrong at a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The last line has no newline: a writer was interrupted (or the file was cut).
    TornTail,
    /// A torn line that the next record acknowledges; the chain runs across it.
    Torn,
    /// Not a record, and no record acknowledges it.
    NotARecord,
    /// A record in a newer format than this build reads.
    Newer,
    /// The next record in the chain holds a different hash for this one.
    Edited,
    /// Records missing before this line.
    Removed,
    /// A record out of its place in the chain.
    Reordered,
    /// A sequence number seen on an earlier line.
    Duplicate,
    /// The first record does not start a chain.
    BadFirst,
    /// A record acknowledges a torn line that is no longer in the file.
    MissingTorn,
}

impl Kind {
    /// Torn lines come from crashes; everything else means the file was changed after writing.
    pub fn is_crash(self) -> bool {
        matches!(self, Kind::TornTail | Kind::Torn)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub line: usize,
    pub kind: Kind,
    pub message: String,
}

/// The verdict on the whole file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Intact,
    /// Only torn lines: every record chains.
    Torn,
    Broken,
}

/// The trail's figures for the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub lines: usize,
    pub records: usize,
    pub first: Option<DateTime<Utc>>,
    pub last: Option<DateTime<Utc>>,
    /// Hash of the last record in the file: what the next record will chain from.
    pub head: Option<String>,
}

/// The whole check: one state per line (same order as the lines), findings in line order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub states: Vec<State>,
    pub findings: Vec<Finding>,
    pub summary: Summary,
}

impl Report {
    pub fn verdict(&self) -> Verdict {
        if self.findings.is_empty() {
            Verdict::Intact
        } else if self.findings.iter().all(|f| f.kind.is_crash()) {
            Verdict::Torn
        } else {
            Verdict::Broken
        }
    }
}

/// A record's place in the file, for the chain checks.
struct Link<'a> {
    idx: usize,
    line: usize,
    seq: u64,
    prev: &'a str,
    hash: &'a str,
}

/// Checks `lines` (the whole file, in order; only the last may be unterminated).
pub fn check(lines: &[Line]) -> Report {
    let mut report = Report {
        states: vec![State::Ok; lines.len()],
        ..Report::default()
    };
    acknowledge_torn(lines, &mut report);
    let links: Vec<Link> = lines
        .iter()
        .enumerate()
        .filter_map(|(idx, l)| {
            l.record().map(|r| Link {
                idx,
                line: l.number,
                seq: r.seq,
                prev: &r.prev,
                hash: &l.hash,
            })
        })
        .collect();
    check_chain(links, &mut report);
    report.findings.sort_by_key(|f| f.line);
    report.summary = summary(lines);
    report
}

/// Non-record lines must be acknowledged, by hash and in order, by the record after them.
fn acknowledge_torn(lines: &[Line], report: &mut Report) {
    let mut pending: Vec<usize> = Vec::new();
    for (idx, line) in lines.iter().enumerate() {
        if !line.terminated {
            report.states[idx] = State::Torn;
            report.findings.push(Finding {
                line: line.number,
                kind: Kind::TornTail,
                message: format!(
                    "torn last line ({} bytes, no newline): a writer was interrupted{}",
                    line.len,
                    if line.record().is_some() {
                        "; it holds a complete record, which the next write keeps"
                    } else {
                        "; the next write acknowledges it and chains from the record before"
                    }
                ),
            });
            continue;
        }
        let Some(record) = line.record() else {
            pending.push(idx);
            continue;
        };
        let mut acks = record.skipped.iter().peekable();
        for &p in &pending {
            let torn = &lines[p];
            if acks
                .next_if(|a| a.sha256 == torn.hash && a.bytes == torn.len)
                .is_some()
            {
                report.states[p] = State::Torn;
                report.findings.push(Finding {
                    line: torn.number,
                    kind: Kind::Torn,
                    message: format!(
                        "torn line ({} bytes): a writer was interrupted; line {} acknowledges it",
                        torn.len, line.number
                    ),
                });
            } else {
                unacknowledged(torn, report, p);
            }
        }
        let missing = acks.count();
        if missing > 0 {
            report.states[idx] = State::Broken;
            report.findings.push(Finding {
                line: line.number,
                kind: Kind::MissingTorn,
                message: format!(
                    "record {} acknowledges {missing} torn line(s) before it that are no longer in the file",
                    record.seq
                ),
            });
        }
        pending.clear();
    }
    for p in pending {
        unacknowledged(&lines[p], report, p);
    }
}

fn unacknowledged(line: &Line, report: &mut Report, idx: usize) {
    report.states[idx] = State::Broken;
    let (kind, message) = match &line.content {
        Content::Newer(v) => (
            Kind::Newer,
            format!("a format v{v} record, written by a newer gantry; this one cannot check it"),
        ),
        Content::NotRecord(why) => (
            Kind::NotARecord,
            format!("not a record ({why}), and no record acknowledges it as torn"),
        ),
        Content::Record(_) => return,
    };
    report.findings.push(Finding {
        line: line.number,
        kind,
        message,
    });
}

/// Duplicates, then order (records off the longest increasing run of sequence numbers moved),
/// then the links in sequence order: gaps are removals, a wrong hash an edit.
fn check_chain(links: Vec<Link>, report: &mut Report) {
    let mut seen: HashMap<u64, usize> = HashMap::new();
    let mut unique = Vec::with_capacity(links.len());
    for link in links {
        if let Some(&first) = seen.get(&link.seq) {
            broken(
                report,
                &link,
                Kind::Duplicate,
                format!("record {} again (first at line {first})", link.seq),
            );
        } else {
            seen.insert(link.seq, link.line);
            unique.push(link);
        }
    }
    let in_order = longest_increasing(&unique);
    for (i, link) in unique.iter().enumerate() {
        if !in_order[i] {
            let pred = link.seq.checked_sub(1);
            let place = match pred.and_then(|p| Some((p, seen.get(&p)?))) {
                Some((p, line)) => format!("it belongs after record {p} at line {line}"),
                None => "out of sequence".to_owned(),
            };
            broken(
                report,
                link,
                Kind::Reordered,
                format!("record {} is out of order: {place}", link.seq),
            );
        }
    }
    unique.sort_by_key(|l| l.seq);
    if let Some(first) = unique.first() {
        if first.seq != 1 {
            broken(
                report,
                first,
                Kind::BadFirst,
                format!(
                    "the first record is {}, not 1: the records before it were removed",
                    first.seq
                ),
            );
        } else if first.prev != GENESIS {
            broken(
                report,
                first,
                Kind::BadFirst,
                "the first record does not start a chain: \
                its prev is not the genesis hash (the records before it were removed)"
                    .to_owned(),
            );
        }
    }
    for pair in unique.windows(2) {
        let [a, b] = pair else { continue };
        if b.seq > a.seq + 1 {
            let missing = if b.seq == a.seq + 2 {
                format!("record {} is", a.seq + 1)
            } else {
                format!("records {} to {} are", a.seq + 1, b.seq - 1)
            };
            broken(
                report,
                b,
                Kind::Removed,
                format!(
                    "{missing} missing before record {} (the previous record, {}, is at line {})",
                    b.seq, a.seq, a.line
                ),
            );
        } else if b.prev != a.hash {
            broken(
                report,
                a,
                Kind::Edited,
                format!(
                    "record {} was edited: line {} (record {}) holds a different hash for it",
                    a.seq, b.line, b.seq
                ),
            );
        }
    }
}

fn broken(report: &mut Report, link: &Link, kind: Kind, message: String) {
    report.states[link.idx] = State::Broken;
    report.findings.push(Finding {
        line: link.line,
        kind,
        message,
    });
}

/// Marks the members of one longest strictly increasing run of `seq` (patience sorting).
fn longest_increasing(links: &[Link]) -> Vec<bool> {
    // tails[k]: index of the smallest last element of a run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut before: Vec<Option<usize>> = vec![None; links.len()];
    for (i, link) in links.iter().enumerate() {
        let k = tails.partition_point(|&t| links[t].seq < link.seq);
        before[i] = k.checked_sub(1).map(|p| tails[p]);
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut member = vec![false; links.len()];
    let mut at = tails.last().copied();
    while let Some(i) = at {
        member[i] = true;
        at = before[i];
    }
    member
}

fn summary(lines: &[Line]) -> Summary {
    let records: Vec<_> = lines
        .iter()
        .filter_map(|l| l.record().map(|r| (l, r)))
        .collect();
    Summary {
        lines: lines.len(),
        records: records.len(),
        first: records.first().map(|(_, r)| r.time),
        last: records.last().map(|(_, r)| r.time),
        head: records.last().map(|(l, _)| l.hash.clone()),
    }
}
