//! Write, tamper with the file, verify names the line.

use super::*;

#[test]
fn a_good_trail_is_intact_and_outcomes_name_their_intents() {
    let (_dir, trail, receipts) = trail_with(5);
    let reader = Reader::load(trail.path()).unwrap();
    let report = reader.report();
    assert_eq!(report.verdict(), Verdict::Intact, "{:?}", report.findings);
    assert_eq!(report.summary.records, 10);
    assert_eq!(
        report.summary.head.as_deref(),
        Some(receipts[9].hash.as_str())
    );
    assert!(report.summary.first <= report.summary.last);
    assert!(report.states.iter().all(|s| *s == State::Ok));

    let first = reader.lines()[0].record().unwrap();
    assert_eq!((first.seq, first.prev.as_str()), (1, GENESIS));
    assert_eq!(first.actor, actor());
    let Entry::Intent(intent) = &first.entry else {
        panic!("first is the intent")
    };
    assert_eq!(intent, &approve(0));
    let Entry::Outcome(outcome) = &reader.lines()[1].record().unwrap().entry else {
        panic!("second is the outcome")
    };
    assert_eq!(
        (outcome.intent, &outcome.intent_hash),
        (1, &receipts[0].hash)
    );
    assert_eq!(outcome.result.status, Status::Ok);
    assert_eq!(
        receipts.iter().map(|r| r.seq).collect::<Vec<_>>(),
        (1..=10).collect::<Vec<_>>()
    );
}

#[test]
fn the_line_format_is_versioned_and_chain_first() {
    let (_dir, trail, _) = trail_with(1);
    let text = lines(trail.path());
    assert!(
        text[0].starts_with(&format!(r#"{{"v":1,"seq":1,"prev":"{GENESIS}","time":""#)),
        "{}",
        text[0]
    );
    assert!(
        text[0].contains(r#""kind":"intent","action":"approve","origin":"tui""#),
        "{}",
        text[0]
    );
    assert!(
        text[1].contains(r#""kind":"outcome","intent":1,"#),
        "{}",
        text[1]
    );
    assert!(
        text[1].contains(r#""result":{"status":"ok","sent":true,"http":204,"message":"approved"}"#)
    );
    assert_eq!(
        sha256_hex(text[0].as_bytes()),
        text[1].split(r#""prev":""#).nth(1).unwrap()[..64],
        "prev is the hash of the previous line's bytes"
    );
}

#[test]
fn an_edited_record_is_named_by_its_line() {
    let (_dir, trail, _) = trail_with(5);
    let path = path(&trail);
    let mut text = lines(&path);
    text[3] = text[3].replace("approved", "rejected");
    rewrite(&path, &text);
    let r = report(&path);
    assert_eq!(r.verdict(), Verdict::Broken);
    assert_eq!(kinds_at(&r), [(4, Kind::Edited)]);
    assert!(
        r.findings[0].message.contains("line 5"),
        "{}",
        r.findings[0].message
    );
    assert_eq!(r.states[3], State::Broken);
    assert_eq!(r.states.iter().filter(|s| **s == State::Ok).count(), 9);
}

#[test]
fn a_removed_record_is_named_by_the_line_where_it_is_missing() {
    let (_dir, trail, _) = trail_with(5);
    let path = path(&trail);
    let mut text = lines(&path);
    text.remove(4);
    rewrite(&path, &text);
    let r = report(&path);
    assert_eq!(kinds_at(&r), [(5, Kind::Removed)]);
    assert!(
        r.findings[0].message.contains("record 5 is missing"),
        "{:?}",
        r.findings
    );
}

#[test]
fn reordered_records_are_named() {
    let (_dir, trail, _) = trail_with(5);
    let path = path(&trail);
    let mut text = lines(&path);
    text.swap(2, 3);
    rewrite(&path, &text);
    let r = report(&path);
    assert_eq!(
        kinds_at(&r),
        [(3, Kind::Reordered)],
        "a swap moves one record"
    );
    assert!(
        r.findings[0].message.contains("after record 3 at line 4"),
        "{:?}",
        r.findings
    );

    // One record moved from the start to the end is the only one named.
    let mut text = lines(&path);
    text.swap(2, 3);
    let moved = text.remove(1);
    text.push(moved);
    rewrite(&path, &text);
    assert_eq!(kinds_at(&report(&path)), [(10, Kind::Reordered)]);
}

#[test]
fn a_removed_first_record_duplicates_and_inserted_lines_are_named() {
    let (_dir, trail, _) = trail_with(3);
    let path = path(&trail);
    let text = lines(&path);
    rewrite(&path, &text[1..]);
    assert_eq!(kinds_at(&report(&path)), [(1, Kind::BadFirst)]);

    let mut dup = text.clone();
    dup.insert(3, text[2].clone());
    rewrite(&path, &dup);
    assert_eq!(kinds_at(&report(&path)), [(4, Kind::Duplicate)]);

    let mut inserted = text.clone();
    inserted.insert(2, r#"{"note":"looks harmless"}"#.into());
    rewrite(&path, &inserted);
    let r = report(&path);
    assert_eq!(kinds_at(&r), [(3, Kind::NotARecord)]);
    assert_eq!(
        r.verdict(),
        Verdict::Broken,
        "writers never leave an unacknowledged line"
    );
}

#[test]
fn a_torn_tail_at_any_byte_is_reported_and_the_next_write_recovers() {
    let (dir, trail, receipts) = trail_with(2);
    let good = std::fs::read(trail.path()).unwrap();
    let last_start = good[..good.len() - 1]
        .iter()
        .rposition(|&b| b == b'\n')
        .unwrap()
        + 1;
    let copy = dir.path().join("copy.jsonl");
    let copy_trail = Trail::open(&copy, actor()).unwrap();
    // Every cut inside the last line, from its first byte to just before its newline.
    for cut in last_start + 1..good.len() {
        std::fs::write(&copy, &good[..cut]).unwrap();
        let torn = report(&copy);
        assert_eq!(kinds_at(&torn), [(4, Kind::TornTail)], "cut at {cut}");
        assert_eq!(torn.verdict(), Verdict::Torn);
        assert_eq!(torn.states[3], State::Torn);

        let r = copy_trail.intent(&approve(9)).unwrap();
        let after = report(&copy);
        let complete = cut == good.len() - 1;
        if complete {
            // Only the newline was lost: the record is whole and kept.
            assert_eq!(after.verdict(), Verdict::Intact, "{:?}", after.findings);
            assert_eq!((r.seq, r.skipped), (5, 0));
        } else {
            assert_eq!(kinds_at(&after), [(4, Kind::Torn)], "cut at {cut}");
            assert_eq!(after.verdict(), Verdict::Torn);
            assert_eq!(
                (r.seq, r.skipped),
                (4, 1),
                "chains from the last complete record"
            );
            let record = Reader::load(&copy).unwrap().lines()[4]
                .record()
                .unwrap()
                .clone();
            assert_eq!(record.prev, receipts[2].hash);
        }
    }
}

#[test]
fn a_torn_line_removed_after_recovery_is_reported() {
    let (_dir, trail, _) = trail_with(1);
    let path = path(&trail);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(br#"{"v":1,"seq":3,"pr"#);
    std::fs::write(&path, &bytes).unwrap();
    trail.intent(&approve(1)).unwrap();
    let mut text = lines(&path);
    assert_eq!(kinds_at(&report(&path)), [(3, Kind::Torn)]);
    text.remove(2);
    rewrite(&path, &text);
    assert_eq!(kinds_at(&report(&path)), [(3, Kind::MissingTorn)]);
}

#[test]
fn two_torn_writes_in_a_row_are_both_acknowledged() {
    let (_dir, trail, _) = trail_with(1);
    let path = path(&trail);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(b"{\"v\":1,\"se\n{\"v\":1,\"seq\":3,\"p");
    std::fs::write(&path, &bytes).unwrap();
    let r = trail.intent(&approve(1)).unwrap();
    assert_eq!((r.seq, r.skipped), (3, 2));
    let report = report(&path);
    assert_eq!(kinds_at(&report), [(3, Kind::Torn), (4, Kind::Torn)]);
    assert_eq!(report.verdict(), Verdict::Torn);
}

#[test]
fn a_newer_format_at_the_end_is_not_skipped_or_chained_from() {
    let (_dir, trail, _) = trail_with(1);
    let path = path(&trail);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(b"{\"v\":2,\"seq\":3,\"whatever\":true}\n");
    std::fs::write(&path, &bytes).unwrap();
    let err = trail.intent(&approve(1)).unwrap_err();
    assert!(matches!(err, AuditError::NewerFormat { v: 2, .. }), "{err}");
    assert_eq!(lines(&path).len(), 3, "nothing written");
    assert_eq!(kinds_at(&report(&path)), [(3, Kind::Newer)]);
}

#[test]
fn control_characters_are_escaped_in_the_file() {
    let (_dir, trail, _) = trail_with(0);
    let mut intent = approve(1);
    intent.comment = Some("ok\x1b]0;pwned\x07\nnext line\r".into());
    trail.intent(&intent).unwrap();
    let bytes = std::fs::read(trail.path()).unwrap();
    assert_eq!(
        bytes.iter().filter(|&&b| b < 0x20).count(),
        1,
        "only the final newline"
    );
    let back = Reader::load(trail.path()).unwrap();
    let Entry::Intent(read) = &back.lines()[0].record().unwrap().entry else {
        panic!("an intent")
    };
    assert_eq!(
        read.comment, intent.comment,
        "kept exactly, escaped in JSON"
    );
}

#[test]
fn threads_never_interleave_and_every_record_is_there() {
    let (_dir, trail, _) = trail_with(0);
    let handles: Vec<_> = (0..8u64)
        .map(|t| {
            let trail = trail.clone();
            std::thread::spawn(move || {
                for i in 0..25u64 {
                    trail.intent(&approve(t * 1000 + i)).unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let reader = Reader::load(trail.path()).unwrap();
    assert_eq!(
        reader.report().verdict(),
        Verdict::Intact,
        "{:?}",
        reader.report().findings
    );
    let mut runs: Vec<u64> = reader
        .lines()
        .iter()
        .map(|l| l.record().unwrap().entry.target().run.unwrap())
        .collect();
    let seqs: Vec<u64> = reader
        .lines()
        .iter()
        .map(|l| l.record().unwrap().seq)
        .collect();
    assert_eq!(seqs, (1..=200).collect::<Vec<_>>());
    runs.sort_unstable();
    let want: Vec<u64> = (0..8)
        .flat_map(|t| (0..25).map(move |i| t * 1000 + i))
        .collect();
    assert_eq!(runs, want);
}
