use super::{buffer, texts};
use crate::logs::{Level, Limits, LogBuffer, Marker, Matcher, level};

#[test]
fn lines_split_however_the_bytes_arrive() {
    let text = "2025-01-02T03:04:05.1234567Z one\r\ntwo\n\nthree ✓ done\nfour";
    let whole = buffer(text);
    assert_eq!(texts(&whole), ["one", "two", "", "three ✓ done", "four"]);
    // Byte by byte, splitting the check mark too.
    let mut bytewise = LogBuffer::new(Limits::default());
    for b in text.as_bytes() {
        bytewise.push_bytes(std::slice::from_ref(b));
    }
    assert!(bytewise.has_pending());
    assert_eq!(bytewise.len(), 4);
    bytewise.finish();
    assert_eq!(texts(&bytewise), texts(&whole));
    assert_eq!(
        whole.line(0).unwrap().timestamp,
        bytewise.line(0).unwrap().timestamp
    );
}

#[test]
fn markers_and_timestamps_come_off_the_text() {
    let buf = buffer(
        "2025-01-02T03:04:05.1000000Z ##[group]Run make\n\
         2025-01-02T03:04:06.0000000Z ##[command]make all\n\
         2025-01-02T03:04:07Z ##[error]boom\n\
         ##[endgroup]\n\
         [command]/usr/bin/git version\n",
    );
    let kinds: Vec<Marker> = (0..5).map(|i| buf.line(i).unwrap().marker).collect();
    assert_eq!(
        kinds,
        [
            Marker::Group,
            Marker::Command,
            Marker::Error,
            Marker::EndGroup,
            Marker::Command
        ]
    );
    assert_eq!(
        texts(&buf),
        ["Run make", "make all", "boom", "", "/usr/bin/git version"]
    );
    let t0 = buf.line(0).unwrap().timestamp.unwrap();
    assert_eq!(buf.line(2).unwrap().timestamp.unwrap() - t0, 1_900_000_000);
    assert_eq!(buf.origin(), Some(t0));
    assert_eq!(buf.line(3).unwrap().timestamp, None);
    let group = buf.groups().next().copied().unwrap();
    assert_eq!((group.header, group.end), (0, Some(3)));
}

#[test]
fn ansi_colours_become_runs_and_nothing_else_survives() {
    let buf = buffer("\x1b[36;1mecho hi\x1b[0m\nplain\n\x1b]0;title\x07x\x1b[2Jy\n");
    let l = buf.line(0).unwrap();
    assert_eq!(l.text(), "echo hi");
    assert_eq!(l.runs.len(), 1);
    assert_eq!(l.runs[0].0, 0);
    assert!(buf.line(1).unwrap().runs.is_empty());
    assert_eq!(buf.line(2).unwrap().text(), "xy");
}

#[test]
fn invalid_utf8_shows_replacement_characters() {
    let mut buf = LogBuffer::new(Limits::default());
    buf.push_bytes(b"ok\nbad \xff\xfe here\nalso ok \xe2\x9c\x93\nlatin1 caf\xe9\n");
    assert_eq!(
        texts(&buf),
        [
            "ok",
            "bad \u{fffd}\u{fffd} here",
            "also ok ✓",
            "latin1 caf\u{fffd}"
        ]
    );
}

#[test]
fn the_line_cap_drops_the_oldest_and_counts_them() {
    let mut buf = LogBuffer::new(Limits::lines(1_000));
    for i in 0..10_000 {
        buf.push_bytes(format!("line {i}\n").as_bytes());
    }
    assert_eq!(buf.len(), 1_000);
    assert_eq!(buf.dropped(), 9_000);
    assert_eq!(buf.line(8_999).map(|l| l.id), None);
    assert_eq!(buf.line(9_000).unwrap().text(), "line 9000");
    assert_eq!(buf.line(9_999).unwrap().text(), "line 9999");
    // Whole chunks behind the cap are freed: held text stays near 1,000 lines' worth.
    assert!(buf.text_bytes() < 2 * (1 << 20), "{}", buf.text_bytes());
}

#[test]
fn the_byte_cap_bounds_memory_however_long_the_lines() {
    let mut buf = LogBuffer::new(Limits {
        max_lines: 1_000_000,
        max_bytes: 4 << 20,
        max_line_bytes: 1 << 20,
    });
    let line = vec![b'x'; 200_000];
    for _ in 0..200 {
        buf.push_bytes(&line);
        buf.push_bytes(b"\n");
    }
    assert!(
        buf.text_bytes() <= (4 << 20) + (1 << 20),
        "{}",
        buf.text_bytes()
    );
    assert!(buf.dropped() > 150, "{}", buf.dropped());
    assert_eq!(buf.end(), 200);
}

#[test]
fn a_line_longer_than_the_line_cap_is_cut_and_marked() {
    let mut buf = LogBuffer::new(Limits {
        max_line_bytes: 1_000,
        ..Limits::default()
    });
    // In one block, and spread over many (never held whole while it arrives).
    buf.push_bytes(&[b'a'; 5_000]);
    buf.push_bytes(b"\n");
    for _ in 0..50 {
        buf.push_bytes(&[b'b'; 100]);
    }
    buf.push_bytes(b"\nshort\n");
    let a = buf.line(0).unwrap();
    assert_eq!((a.bytes.len(), a.cut), (1_000, true));
    let b = buf.line(1).unwrap();
    assert_eq!((b.bytes.len(), b.cut), (1_000, true));
    assert_eq!(buf.line(2).unwrap().text(), "short");
    assert!(!buf.line(2).unwrap().cut);
}

#[test]
fn a_ten_megabyte_line_is_held_and_searched_whole() {
    let mut big = vec![b'z'; 10 << 20];
    big[9 << 20..(9 << 20) + 6].copy_from_slice(b"needle");
    let mut buf = LogBuffer::new(Limits::default());
    buf.push_bytes(b"before\n");
    for block in big.chunks(64 << 10) {
        buf.push_bytes(block);
    }
    buf.push_bytes(b"\nafter\n");
    assert_eq!(buf.len(), 3);
    assert_eq!(buf.line(1).unwrap().bytes.len(), 10 << 20);
    let m = Matcher::new("needle").unwrap();
    assert_eq!(buf.matches(&m, 0, buf.end()), [1]);
}

#[test]
fn tagged_lines_keep_their_source() {
    let mut buf = LogBuffer::new(Limits::default());
    let a = buf.tag("web-1");
    let b = buf.tag("web-2");
    assert_eq!(buf.tag("web-1"), a);
    buf.push_line(b"untagged", None);
    buf.push_line(b"from a", Some(a));
    buf.push_line(b"from b", Some(b));
    assert_eq!(buf.line(0).unwrap().tag, None);
    assert_eq!(buf.line(1).unwrap().tag, Some(a));
    assert_eq!(
        buf.tag_name(buf.line(2).unwrap().tag.unwrap()),
        Some("web-2")
    );
}

#[test]
fn search_matches_lines_exactly_as_one_by_one() {
    let text = "alpha beta\ngamma\n\x1b[31merr\x1b[0mor here\nbeta gamma\nBETA\nend\n";
    let buf = buffer(text);
    let cases: &[(&str, &[u64])] = &[
        ("beta", &[0, 3, 4]),
        ("Beta", &[]),
        ("BETA", &[4]),
        ("^gamma", &[1]),
        ("gamma$", &[1, 3]),
        // Escape codes are gone, so colour changes do not split words.
        ("error here", &[2]),
        ("31m", &[]),
        // A pattern that could span a line break matches within lines only.
        (r"beta\s+gamma", &[3]),
        (r"a\sg", &[3]),
        (r"beta\ngamma", &[]),
        (r"ta\s+ga", &[3]),
        (r"\Aend\z", &[5]),
        (r"(?-m)^gamma$", &[1]),
        ("", &[0, 1, 2, 3, 4, 5]),
    ];
    for (pattern, want) in cases {
        let m = Matcher::new(pattern).unwrap();
        assert_eq!(buf.matches(&m, 0, buf.end()), *want, "/{pattern}/");
        assert_eq!(
            buf.matches(&m, 2, 4),
            want.iter()
                .copied()
                .filter(|i| (2..4).contains(i))
                .collect::<Vec<_>>(),
            "/{pattern}/ in 2..4"
        );
    }
}

#[test]
fn search_sees_the_words_markers_show_as() {
    let buf = buffer(
        "##[error]Process completed\nan error here\n##[warning]slow\n##[group]Error group\n",
    );
    let cases: &[(&str, &[u64])] = &[
        ("error", &[0, 1, 3]),
        ("^Error: Proc", &[0]),
        ("warning: slow", &[2]),
        ("##", &[]),
    ];
    for (pattern, want) in cases {
        let m = Matcher::new(pattern).unwrap();
        assert_eq!(buf.matches(&m, 0, buf.end()), *want, "/{pattern}/");
    }
}

#[test]
fn search_spans_chunks() {
    let mut buf = LogBuffer::new(Limits::default());
    for i in 0..60_000 {
        buf.push_bytes(format!("{i:05} some padding text to fill the chunks quickly\n").as_bytes());
    }
    let m = Matcher::new("^(00000|29999|59999) ").unwrap();
    assert_eq!(buf.matches(&m, 0, buf.end()), [0, 29_999, 59_999]);
}

#[test]
fn levels_from_markers_and_words() {
    let cases: &[(Marker, &str, Level)] = &[
        (Marker::Error, "anything", Level::Error),
        (Marker::Warning, "anything", Level::Warning),
        (Marker::Plain, "ERROR: disk full", Level::Error),
        (
            Marker::Plain,
            "error[E0425]: cannot find value",
            Level::Error,
        ),
        (
            Marker::Plain,
            "E0102 12:00:00 controller.go:42] failed",
            Level::Error,
        ),
        (
            Marker::Plain,
            r#"{"level":"error","msg":"x"}"#,
            Level::Error,
        ),
        (Marker::Plain, "ts=1 level=error msg=x", Level::Error),
        (
            Marker::Plain,
            "FAILED tests/test_api.py::test_x",
            Level::Error,
        ),
        (
            Marker::Plain,
            "Traceback (most recent call last):",
            Level::Error,
        ),
        (Marker::Plain, "warning: unused variable", Level::Warning),
        (Marker::Plain, "level=warn msg=slow", Level::Warning),
        (Marker::Plain, "W0102 12:00:00 x.go:1] hmm", Level::Warning),
        (Marker::Plain, "0 errors, 0 warnings", Level::None),
        (Marker::Plain, "terror is not error:", Level::None),
        (Marker::Group, "Run ERROR check", Level::None),
    ];
    for (marker, text, want) in cases {
        assert_eq!(level(*marker, text.as_bytes()), *want, "{text}");
    }
}

#[test]
fn next_problem_finds_markers_and_words_in_order() {
    let buf = buffer("a\n##[warning]w\nb\nERROR x\n##[group]ERROR in a title\n##[error]e\n");
    assert_eq!(buf.next_problem(0, buf.end()), Some(1));
    assert_eq!(buf.next_problem(2, buf.end()), Some(3));
    assert_eq!(buf.next_problem(4, buf.end()), Some(5));
    assert_eq!(buf.next_problem(6, buf.end()), None);
}

#[test]
fn write_plain_reads_back_the_same() {
    let text = "2025-01-02T03:04:05.1234567Z ##[group]Run x\n2025-01-02T03:04:05Z \x1b[31mred\x1b[0m\n##[endgroup]\nplain\n";
    let buf = buffer(text);
    let mut out = Vec::new();
    crate::logs::write_plain(&buf, &mut out, true).unwrap();
    let saved = String::from_utf8(out).unwrap();
    assert_eq!(
        saved,
        "2025-01-02T03:04:05.123456700Z ##[group]Run x\n2025-01-02T03:04:05Z red\n##[endgroup]\nplain\n"
    );
    let again = buffer(&saved);
    assert_eq!(texts(&again), texts(&buf));
}
