//! The log viewer wired into the app: keys drive the view through `update`, `/` takes its pattern
//! as text (no keymap while typing), `s` and `y` produce their effects, stale source events are
//! dropped, and the Logs pane and screen 4 draw the widget.

mod support;

use gantry::app::effect::Terminal;
use gantry::app::{Action, Effect, Overlay, Pane, Screen, update};
use gantry::model::logs::{LogFeed, LogSubject, PodLine};
use gantry::sources::logs::Command as LogCommand;
use support::*;

const ACTIONS: &[u8] = include_bytes!("fixtures/logs/actions.log");

/// The logs screen at 120x40 with the Actions fixture loaded.
fn logs_screen() -> gantry::app::State {
    let mut s = StateBuilder::new().size(120, 40).build();
    keys(&mut s, "4");
    with_log(&mut s, job_subject(12, "Code Quality"), ACTIONS);
    s
}

#[test]
fn opening_a_log_asks_the_log_source_for_it_with_a_new_generation() {
    let mut s = StateBuilder::new().build();
    let first = gantry::app::update::logs::open(&mut s, job_subject(12, "lint"));
    let second = gantry::app::update::logs::open(&mut s, job_subject(13, "build"));
    assert_eq!(
        first,
        vec![Effect::Logs(LogCommand::Open {
            generation: 1,
            subject: job_subject(12, "lint")
        })]
    );
    assert!(matches!(
        &second[..],
        [Effect::Logs(LogCommand::Open { generation: 2, .. })]
    ));
    // A late event for the first log is dropped; the second's is taken.
    log_feed(&mut s, 1, LogFeed::Bytes(b"old\n".to_vec()));
    assert_eq!(s.logs.buffer.len(), 0);
    log_feed(&mut s, 2, LogFeed::Bytes(b"new\n".to_vec()));
    assert_eq!(s.logs.buffer.len(), 1);
}

#[test]
fn keys_drive_the_view_follow_pauses_on_scroll_and_f_resumes() {
    let mut s = logs_screen();
    assert_eq!(s.screen, Screen::Logs);
    assert_eq!(s.focus(), Pane::Logs);
    assert!(s.logs.view.following());
    let last = s.logs.view.cursor();
    key(&mut s, "k");
    assert!(!s.logs.view.following(), "scrolling up pauses following");
    assert_eq!(s.logs.view.cursor(), last - 1);
    keys(&mut s, "g g");
    assert_eq!(s.logs.view.cursor(), 0);
    key(&mut s, "f");
    assert!(s.logs.view.following());
    assert_eq!(s.logs.view.cursor(), last);
    key(&mut s, "w");
    assert!(s.logs.view.wrapping());
    let before = s.logs.view.time_mode();
    key(&mut s, "t");
    assert_ne!(s.logs.view.time_mode(), before);
}

#[test]
fn slash_takes_text_not_keys_and_enter_searches_then_n_moves() {
    let mut s = logs_screen();
    key(&mut s, "/");
    assert!(matches!(s.top_overlay(), Some(Overlay::Search(_))));
    // `q`, `f` and `n` are text here: nothing quits, nothing toggles.
    type_text(&mut s, "FAILED|fq");
    assert!(!s.quit);
    assert!(s.logs.view.following());
    key(&mut s, "enter");
    assert!(s.overlays.is_empty());
    let search = s.logs.view.search().expect("a search");
    assert_eq!(search.matcher.pattern(), "FAILED|fq");
    let matches = search.matches().to_vec();
    assert!(!matches.is_empty());
    keys(&mut s, "g g");
    key(&mut s, "n");
    assert_eq!(s.logs.view.cursor(), matches[0]);
    assert!(screen(&s).contains("search /FAILED|fq/"));
    // Esc drops the search before it leaves the screen.
    key(&mut s, "esc");
    assert!(s.logs.view.search().is_none());
    assert_eq!(s.screen, Screen::Logs);
}

#[test]
fn an_invalid_pattern_stays_in_the_input_with_its_error() {
    let mut s = logs_screen();
    key(&mut s, "/");
    type_text(&mut s, "(unclosed");
    key(&mut s, "enter");
    match s.top_overlay() {
        Some(Overlay::Search(input)) => assert!(input.error.is_some()),
        other => panic!("input closed: {other:?}"),
    }
    assert!(s.logs.view.search().is_none());
}

#[test]
fn tab_in_the_input_filters_and_ampersand_toggles_it() {
    let mut s = logs_screen();
    key(&mut s, "/");
    type_text(&mut s, "FAILED");
    key(&mut s, "tab");
    key(&mut s, "enter");
    assert!(s.logs.view.filtering());
    let shown = screen(&s);
    assert!(shown.contains("filter /FAILED/"), "{shown}");
    assert!(!shown.contains("Current runner version"), "{shown}");
    key(&mut s, "&");
    assert!(!s.logs.view.filtering());
    keys(&mut s, "g g");
    assert!(screen(&s).contains("Current runner version"));
}

#[test]
fn e_goes_to_the_next_error_or_warning_and_z_folds() {
    let mut s = logs_screen();
    keys(&mut s, "g g e");
    let at = s.logs.view.cursor();
    let line = s.logs.buffer.line(at).unwrap();
    let level = gantry::logs::level(line.marker, line.bytes);
    assert_ne!(level, gantry::logs::Level::None, "{:?}", line.text());
    // The first line of the second group: fold it from its header.
    keys(&mut s, "g g j");
    let header = s.logs.view.cursor();
    key(&mut s, "z");
    assert!(s.logs.view.is_folded(header));
    key(&mut s, "z");
    assert!(!s.logs.view.is_folded(header));
}

#[test]
fn y_copies_the_selection_through_osc52_and_s_saves_through_the_log_source() {
    let mut s = logs_screen();
    keys(&mut s, "g g v j");
    let effects = key(&mut s, "y");
    match &effects[..] {
        [Effect::Terminal(Terminal::Copy(text))] => {
            assert_eq!(text.lines().count(), 2, "{text:?}");
            assert!(text.contains("Current runner version"));
            assert!(!text.contains('\x1b'));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        s.message
            .as_deref()
            .unwrap_or("")
            .contains("copied 2 lines")
    );
    let effects = key(&mut s, "s");
    match &effects[..] {
        [Effect::Logs(LogCommand::Save { path, text })] => {
            let name = path.file_name().unwrap().to_string_lossy();
            assert!(name.starts_with("job-Code-Quality-12-"), "{name}");
            assert!(name.ends_with(".log"));
            assert_eq!(
                text.lines().count(),
                ACTIONS
                    .split(|b| *b == b'\n')
                    .filter(|l| !l.is_empty())
                    .count()
            );
            assert!(!text.contains('\x1b'), "saved text is plain");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_logs_screen_draws_the_viewer_with_its_title_and_status() {
    let s = logs_screen();
    let shown = screen(&s);
    assert!(shown.contains("job Code Quality (#12)"), "{shown}");
    assert!(shown.contains("complete"), "{shown}");
    assert!(shown.contains("line 28 of 28"), "{shown}");
    assert!(!shown.contains("[36;1m"), "colour codes never show as text");
}

#[test]
fn a_running_job_shows_its_steps_and_says_the_log_comes_when_it_completes() {
    let mut s = StateBuilder::new().size(120, 40).build();
    key(&mut s, "4");
    gantry::app::update::logs::open(&mut s, job_subject(13, "Build Container"));
    let mut running = job(
        13,
        1,
        "Build Container",
        "in_progress",
        None,
        (Some("03:04:00"), None),
    );
    running.steps = vec![gantry::model::github::Step {
        name: "Run docker build".into(),
        number: 3,
        status: gantry::model::github::Status::Running,
        started_at: None,
        completed_at: None,
    }];
    log_feed(&mut s, 1, LogFeed::Running(running.clone()));
    let shown = screen(&s);
    assert!(shown.contains("only when the job completes"), "{shown}");
    assert!(shown.contains("3. Run docker build"), "{shown}");
    // The same progress again draws nothing new.
    s.dirty = false;
    log_feed(&mut s, 1, LogFeed::Running(running));
    assert!(!s.dirty);
}

#[test]
fn merged_pod_lines_carry_their_pod_as_a_tag() {
    let mut s = StateBuilder::new().size(120, 40).build();
    key(&mut s, "4");
    gantry::app::update::logs::open(
        &mut s,
        LogSubject::Pods(gantry::model::logs::PodQuery {
            namespace: "shop".into(),
            selector: Some("app=shop".into()),
            follow: true,
            ..Default::default()
        }),
    );
    let line = |pod: &str, text: &str| PodLine {
        pod: pod.into(),
        text: text.as_bytes().to_vec(),
    };
    log_feed(
        &mut s,
        1,
        LogFeed::Lines(vec![
            line("shop-a", "2026-11-27T03:14:00.1Z level=info msg=a"),
            line("shop-b", "2026-11-27T03:14:00.2Z level=error msg=b"),
        ]),
    );
    assert_eq!(s.logs.buffer.len(), 2);
    let tags: Vec<_> = (0..2)
        .map(|id| {
            let l = s.logs.buffer.line(id).unwrap();
            s.logs.buffer.tag_name(l.tag.unwrap()).unwrap().to_string()
        })
        .collect();
    assert_eq!(tags, ["shop-a", "shop-b"]);
    let shown = screen(&s);
    assert!(shown.contains("shop-b"), "{shown}");
}

#[test]
fn enter_on_the_pipeline_lists_its_jobs_and_picking_one_opens_its_log() {
    let mut s = StateBuilder::new()
        .size(120, 40)
        .github(pipeline_snapshot())
        .build();
    let effects = key(&mut s, "enter");
    assert!(effects.is_empty());
    let Some(Overlay::Picker(p)) = s.top_overlay() else {
        panic!("no picker: {:?}", s.top_overlay())
    };
    assert!(
        p.items
            .iter()
            .any(|(label, _)| label.contains("Build Container"))
    );
    type_text(&mut s, "Build");
    let effects = key(&mut s, "enter");
    match &effects[..] {
        [Effect::Logs(LogCommand::Open { subject, .. })] => {
            assert_eq!(subject, &job_subject(13, "Build Container"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s.focus(), Pane::Logs);
}

#[test]
fn l_with_no_log_open_shows_the_failed_job() {
    let mut s = StateBuilder::new()
        .size(120, 40)
        .github(pipeline_snapshot())
        .build();
    let effects = key(&mut s, "L");
    match &effects[..] {
        [
            Effect::Logs(LogCommand::Open {
                subject: LogSubject::Job { job_id, .. },
                ..
            }),
        ] => {
            assert_eq!(*job_id, 12, "the failed job");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s.screen, Screen::Logs);
}

#[test]
fn the_log_source_failing_shows_in_the_problems_banner() {
    let mut s = logs_screen();
    update(
        &mut s,
        Action::SourceStarted(gantry::sources::SourceId::Logs),
    );
    update(
        &mut s,
        Action::Source(gantry::event::SourceEvent::Logs(
            gantry::event::Update::Failed {
                message: "job log 12: HTTP 502".into(),
                retry_in: std::time::Duration::from_secs(4),
            },
        )),
    );
    let shown = screen(&s);
    assert!(shown.contains("Logs"), "{shown}");
    assert!(shown.contains("HTTP 502"), "{shown}");
}
