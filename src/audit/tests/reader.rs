//! The reader the Audit screen keeps: only new bytes are read, and a changed file is reread.

use std::io::Write;

use super::*;

fn append_raw(path: &std::path::Path, bytes: &[u8]) {
    let mut f = std::fs::OpenOptions::new().append(true).open(path).unwrap();
    f.write_all(bytes).unwrap();
}

#[test]
fn a_refresh_reads_what_was_appended() {
    let (_dir, trail, _) = trail_with(1);
    let mut reader = Reader::load(trail.path()).unwrap();
    assert_eq!(reader.lines().len(), 2);
    assert!(!reader.refresh().unwrap(), "nothing new");

    trail.intent(&approve(5)).unwrap();
    assert!(reader.refresh().unwrap());
    assert_eq!(reader.lines().len(), 3);
    assert_eq!(reader.lines()[2].number, 3);
    assert_eq!(reader.report().verdict(), Verdict::Intact);

    // A torn tail shows, then becomes an acknowledged torn line once a writer recovers.
    append_raw(trail.path(), b"{\"v\":1,\"seq\"");
    assert!(reader.refresh().unwrap());
    assert_eq!(reader.entries().last().map(|(_, s)| s), Some(State::Torn));
    assert!(!reader.refresh().unwrap(), "the same tail is no change");
    trail.intent(&approve(6)).unwrap();
    assert!(reader.refresh().unwrap());
    let states: Vec<State> = reader.entries().map(|(_, s)| s).collect();
    assert_eq!(
        states,
        [State::Ok, State::Ok, State::Ok, State::Torn, State::Ok]
    );
    assert_eq!(reader.report().verdict(), Verdict::Torn);
    assert_eq!(reader.lines()[4].record().unwrap().seq, 4);
}

#[test]
fn a_changed_or_replaced_file_is_read_again() {
    let (dir, trail, _) = trail_with(2);
    let mut reader = Reader::load(trail.path()).unwrap();

    // Edited in place, same length: the last line read changed, so everything is reread.
    let mut text = lines(trail.path());
    text[3] = text[3].replace("approved", "approveD");
    rewrite(trail.path(), &text);
    assert!(reader.refresh().unwrap());
    assert_eq!(
        reader.report().verdict(),
        Verdict::Intact,
        "the last record's edit is invisible"
    );
    assert!(reader.lines()[3].record().unwrap().entry.target().run == Some(1));
    let Entry::Outcome(o) = &reader.lines()[3].record().unwrap().entry else {
        panic!("an outcome")
    };
    assert_eq!(o.result.message, "approveD", "reread, not kept from before");

    // Replaced by a shorter file.
    let other = dir.path().join("other.jsonl");
    let small = Trail::open(&other, actor()).unwrap();
    small.intent(&approve(9)).unwrap();
    std::fs::rename(&other, trail.path()).unwrap();
    assert!(reader.refresh().unwrap());
    assert_eq!(reader.lines().len(), 1);

    std::fs::remove_file(trail.path()).unwrap();
    assert!(reader.refresh().unwrap());
    assert!(reader.lines().is_empty());
    assert_eq!(reader.report().verdict(), Verdict::Intact);
}
