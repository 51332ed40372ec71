//! The pipeline pane from a fixed snapshot, at 80x24 and 200x50, plus the failed-source note and
//! a cell-style check that statuses carry both symbol and role.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use gantry::app::state::{Context, Quota};
use gantry::app::{Action, State, update};
use gantry::keymap::Keymap;
use gantry::sources::SourceEvent;
use gantry::sources::github::{Job, Run};
use gantry::theme::{Symbols, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use serde_json::json;

fn run(id: u64, name: &str, number: u64, status: &str, conclusion: Option<&str>) -> Run {
    serde_json::from_value(json!({
        "id": id, "name": name, "head_sha": "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
        "head_branch": "main", "status": status, "conclusion": conclusion, "run_number": number,
        "event": "push", "created_at": format!("2026-11-27T03:0{}:00Z", id % 10),
        "display_title": "Fix checkout rounding", "html_url": "https://github.com/acme/shop/actions/runs/1",
        "head_commit": {"message": "Fix checkout rounding\n\nDetails.", "author": {"name": "alice"}}
    }))
    .unwrap()
}

fn job(
    id: u64,
    run_id: u64,
    name: &str,
    status: &str,
    conclusion: Option<&str>,
    span: (Option<&str>, Option<&str>),
) -> Job {
    serde_json::from_value(json!({
        "id": id, "run_id": run_id, "name": name, "status": status, "conclusion": conclusion,
        "started_at": span.0.map(|t| format!("2026-11-27T{t}Z")),
        "completed_at": span.1.map(|t| format!("2026-11-27T{t}Z")), "steps": []
    }))
    .unwrap()
}

fn loaded() -> SourceEvent {
    let ci = vec![
        job(
            11,
            1,
            "Security Analysis",
            "completed",
            Some("success"),
            (Some("03:01:00"), Some("03:02:12")),
        ),
        job(
            12,
            1,
            "Code Quality \x1b[31mAnalysis",
            "completed",
            Some("failure"),
            (Some("03:01:01"), Some("03:03:41")),
        ),
        job(
            13,
            1,
            "Build Container",
            "in_progress",
            None,
            (Some("03:04:00"), None),
        ),
        job(14, 1, "Performance Testing", "queued", None, (None, None)),
        job(
            15,
            1,
            "Compliance Validation",
            "completed",
            Some("skipped"),
            (Some("03:04:10"), Some("03:04:10")),
        ),
    ];
    let cd = vec![
        job(
            21,
            2,
            "deploy-staging",
            "completed",
            Some("success"),
            (Some("03:06:00"), Some("03:09:10")),
        ),
        job(22, 2, "deploy-production", "waiting", None, (None, None)),
        job(23, 2, "smoke-test", "requested", None, (None, None)),
    ];
    SourceEvent::GithubLoaded {
        runs: vec![
            run(2, "Enterprise CD Pipeline", 198, "waiting", None),
            run(1, "Enterprise CI Pipeline", 412, "in_progress", None),
        ],
        jobs_by_run: BTreeMap::from([(1, ci), (2, cd)]),
        quota: Quota {
            remaining: 4987,
            limit: 5000,
            not_modified: 212,
        },
    }
}

fn state(w: u16, h: u16, ascii: bool) -> State {
    let (keymap, _) = Keymap::load(None);
    let mut s = State::new(
        keymap,
        Utc.with_ymd_and_hms(2026, 11, 27, 3, 14, 0).unwrap(),
    );
    s.symbols = if ascii {
        Symbols::ASCII
    } else {
        Symbols::UNICODE
    };
    s.context = Context {
        repo: Some("acme/shop".into()),
        branch: Some("main".into()),
        cluster: Some("gantry-demo".into()),
    };
    update(&mut s, Action::Resize(w, h));
    update(&mut s, Action::Source(loaded()));
    s
}

fn render(s: &State) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(s.width, s.height)).unwrap();
    term.draw(|f| gantry::ui::draw(f, s, &Theme::default()))
        .unwrap();
    term.backend().buffer().clone()
}

fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let line: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[test]
fn pipeline_80x24() {
    insta::assert_snapshot!(text(&render(&state(80, 24, false))));
}

#[test]
fn pipeline_200x50() {
    insta::assert_snapshot!(text(&render(&state(200, 50, false))));
}

#[test]
fn pipeline_80x24_ascii_with_failed_source() {
    let mut s = state(80, 24, true);
    update(
        &mut s,
        Action::Tick(Utc.with_ymd_and_hms(2026, 11, 27, 3, 16, 0).unwrap()),
    );
    update(
        &mut s,
        Action::Source(SourceEvent::GithubFailed {
            message: "connection refused".into(),
            retry_in: Duration::from_secs(8),
        }),
    );
    let out = text(&render(&s));
    assert!(
        out.contains("GitHub: connection refused; retrying in 8 s"),
        "{out}"
    );
    assert!(out.contains("data from 2m ago"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn statuses_have_symbol_and_role() {
    let s = state(200, 50, false);
    let buf = render(&s);
    let theme = Theme::default();
    let out = text(&buf);
    assert!(out.contains("waiting for review"));
    assert!(!out.contains('\x1b'));
    // Find each job's symbol cell and check its style's foreground matches the role.
    for (name, symbol, role) in [
        ("Security Analysis", "✓", theme.pass),
        ("Build Container", "●", theme.running),
        ("deploy-production", "⏸", theme.waiting),
    ] {
        let (x, y) = find(&buf, name).unwrap_or_else(|| panic!("{name} not drawn"));
        let cell = &buf[(x - 2, y)];
        assert_eq!(cell.symbol(), symbol, "{name}");
        assert_eq!(cell.fg, role.fg.unwrap_or_default(), "{name}");
    }
}

fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    for y in 0..buf.area.height {
        let line: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        if let Some(i) = line.find(needle) {
            let x = line[..i].chars().count() as u16;
            return Some((x, y));
        }
    }
    None
}
