//! The approval dialog as `update` tables: `a` / `x` open it from the board, the waiting list and the
//! pipeline; environments a run waits on are listed approvable or not with GitHub's reason, the
//! approvable ones chosen; typing, backspace, toggling, cancel and confirm; a repeated confirm
//! yields one effect; a user who may not review sees why before typing anything.

mod support;

use gantry::app::overlay::{Dialog, Overlay, Phase};
use gantry::app::{Action, Command, Effect, Pane, Screen, State, update};
use gantry::model::request::Operation;
use support::*;

fn dialog(s: &State) -> &Dialog {
    match s.top_overlay() {
        Some(Overlay::Dialog(d)) => d,
        other => panic!("no dialog on top: {other:?}"),
    }
}

fn on_board(board: gantry::model::approval::Board) -> State {
    let mut s = StateBuilder::new().size(120, 40).board(board).build();
    update(&mut s, Action::Command(Command::Focus(Pane::Environments)));
    s
}

fn production() -> gantry::model::approval::Board {
    board_with(vec![pending_env(303, "production", None)])
}

/// The one review effect: (env ids, approve, comment).
fn review_of(effects: &[Effect]) -> (Vec<u64>, bool, String) {
    match effects {
        [Effect::Act(req)] => match &req.op {
            Operation::Review {
                environments,
                approve,
                comment,
                ..
            } => (
                environments.iter().map(|(id, _)| *id).collect(),
                *approve,
                comment.clone(),
            ),
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_opens_the_dialog_with_what_will_ship_and_the_gates_place() {
    let mut s = on_board(production());
    assert!(key(&mut s, "a").is_empty());
    let d = dialog(&s);
    assert_eq!(d.title, "Approve deployment");
    assert!(d.danger, "production is drawn as dangerous");
    let body = d.body.join("\n");
    for want in [
        "acme/shop",
        "Enterprise CD Pipeline #198 (run 42)",
        "a1b2c3d Fix checkout rounding",
        "1 commit(s)",
        "Gates       not evaluated",
        "GitHub fails the waiting job in 29d",
    ] {
        assert!(body.contains(want), "{want:?} in\n{body}");
    }
    assert_eq!(d.choices.len(), 1);
    assert!(d.choices[0].chosen);
    // The screen shows it.
    let shown = screen(&s);
    assert!(shown.contains("[x] production"), "{shown}");
}

#[test]
fn type_backspace_cancel_and_confirm_once() {
    // (keys, whether Enter sends)
    let table: [(&[&str], bool); 5] = [
        (&["product"], false),
        (&["production"], true),
        (&["productionx", "backspace"], true),
        (&["Production"], false),
        (&[""], false),
    ];
    for (typed, sends) in table {
        let mut s = on_board(production());
        key(&mut s, "a");
        for t in typed {
            if *t == "backspace" {
                key(&mut s, "backspace");
            } else {
                type_text(&mut s, t);
            }
        }
        let effects = key(&mut s, "enter");
        if sends {
            assert_eq!(
                review_of(&effects),
                (vec![303], true, String::new()),
                "{typed:?}"
            );
            assert_eq!(dialog(&s).phase, Phase::Sent);
            // A repeated confirm sends nothing more.
            assert!(key(&mut s, "enter").is_empty());
            assert!(key(&mut s, "enter").is_empty());
        } else {
            assert_eq!(effects, vec![Effect::BELL], "{typed:?}");
            assert_eq!(dialog(&s).phase, Phase::Asking);
            assert!(
                s.message
                    .as_deref()
                    .unwrap_or_default()
                    .contains("production")
            );
        }
    }
    // Esc cancels: the dialog goes, nothing is sent.
    let mut s = on_board(production());
    key(&mut s, "a");
    type_text(&mut s, "production");
    assert!(key(&mut s, "esc").is_empty());
    assert!(s.top_overlay().is_none());
}

#[test]
fn the_comment_goes_into_the_request_and_the_intent() {
    let mut s = on_board(production());
    key(&mut s, "x");
    assert_eq!(dialog(&s).title, "Reject deployment");
    type_text(&mut s, "production");
    key(&mut s, "tab");
    type_text(&mut s, "p95 too high");
    let effects = key(&mut s, "enter");
    assert_eq!(
        review_of(&effects),
        (vec![303], false, "p95 too high".into())
    );
    let Effect::Act(req) = &effects[0] else {
        unreachable!()
    };
    assert_eq!(req.intent.comment.as_deref(), Some("p95 too high"));
    assert_eq!(req.intent.target.environments, ["production"]);
    assert_eq!(req.intent.commits.len(), 1);
}

#[test]
fn several_environments_are_listed_with_what_github_allows() {
    let board = board_with(vec![
        pending_env(
            404,
            "production-eu",
            Some("self-review prevented: oncall triggered this run"),
        ),
        pending_env(505, "production-us", None),
        pending_env(
            606,
            "production-ap",
            Some("oncall is not a required reviewer"),
        ),
    ]);
    let mut s = on_board(board);
    key(&mut s, "a");
    let d = dialog(&s);
    let chosen: Vec<(&str, bool, bool)> = d
        .choices
        .iter()
        .map(|c| (c.label.as_str(), c.chosen, c.allowed.is_ok()))
        .collect();
    assert_eq!(
        chosen,
        [
            ("production-eu", false, false),
            ("production-us", true, true),
            ("production-ap", false, false)
        ]
    );
    let shown = screen(&s);
    assert!(shown.contains("self-review prevented"), "{shown}");
    assert!(shown.contains("not a required reviewer"), "{shown}");
    // The name to type is the chosen one's.
    type_text(&mut s, "production-us");
    // Tab back to the list: a refused environment cannot be chosen; toggling the allowed one off
    // leaves nothing chosen, so Enter refuses.
    keys(&mut s, "backtab backtab backtab");
    assert_eq!(dialog(&s).focus, 0);
    key(&mut s, "space");
    assert!(!dialog(&s).choices[0].chosen);
    key(&mut s, "tab");
    key(&mut s, "space");
    assert!(!dialog(&s).choices[1].chosen);
    assert_eq!(key(&mut s, "enter"), vec![Effect::BELL]);
    key(&mut s, "space");
    let effects = key(&mut s, "enter");
    assert_eq!(review_of(&effects).0, vec![505]);
}

#[test]
fn a_user_who_may_not_review_sees_why_before_typing() {
    let board = board_with(vec![pending_env(
        303,
        "production",
        Some("intern is not a required reviewer (reviewers: oncall, alice)"),
    )]);
    let mut s = on_board(board);
    assert_eq!(key(&mut s, "a"), vec![Effect::BELL]);
    let d = dialog(&s);
    assert!(d.fields.is_empty(), "nothing to type");
    assert!(matches!(&d.phase, Phase::Done(Err(m)) if m.contains("may not approve")));
    assert!(
        d.body
            .join("\n")
            .contains("intern is not a required reviewer")
    );
    // Enter only dismisses it.
    assert!(key(&mut s, "enter").is_empty());
    assert!(s.top_overlay().is_none());
}

#[test]
fn read_only_refuses_before_any_dialog() {
    let mut s = StateBuilder::new()
        .size(120, 40)
        .read_only()
        .board(production())
        .build();
    update(&mut s, Action::Command(Command::Focus(Pane::Environments)));
    assert_eq!(key(&mut s, "a"), vec![Effect::BELL]);
    assert!(s.top_overlay().is_none());
    assert!(
        s.message
            .as_deref()
            .unwrap_or_default()
            .contains("read-only")
    );
}

#[test]
fn a_from_the_waiting_screen_and_nothing_waiting() {
    let mut s = StateBuilder::new()
        .size(120, 40)
        .board(production())
        .build();
    key(&mut s, "5");
    assert_eq!(s.screen, Screen::Waiting);
    let shown = screen(&s);
    assert!(shown.contains("Enterprise CD Pipeline #198"), "{shown}");
    key(&mut s, "a");
    assert_eq!(dialog(&s).title, "Approve deployment");
    // Nothing waiting: a message, no dialog.
    let mut s = StateBuilder::new()
        .size(120, 40)
        .board(gantry::model::approval::Board::default())
        .build();
    key(&mut s, "5");
    assert!(screen(&s).contains("Nothing waits for you"));
    key(&mut s, "a");
    assert!(s.top_overlay().is_none());
    assert!(
        s.message
            .as_deref()
            .unwrap_or_default()
            .contains("nothing is waiting")
    );
}

#[test]
fn read_only_shows_actions_as_unavailable_in_help_and_status_line() {
    let mut s = StateBuilder::new()
        .size(200, 60)
        .read_only()
        .board(production())
        .build();
    update(&mut s, Action::Command(Command::Focus(Pane::Environments)));
    let shown = screen(&s);
    assert!(shown.contains("a approve (read-only)"), "{shown}");
    key(&mut s, "?");
    let shown = screen(&s);
    assert!(shown.contains("(unavailable: read-only)"), "{shown}");
    // Not read-only: the keys are offered.
    let mut s = on_board(production());
    let shown = screen(&s);
    assert!(shown.contains("a approve  x reject"), "{shown}");
    key(&mut s, "?");
    assert!(!screen(&s).contains("unavailable"));
}

#[test]
fn the_board_lists_environments_with_what_waits() {
    let s = on_board(production());
    let shown = screen(&s);
    assert!(shown.contains("production"), "{shown}");
    assert!(shown.contains("a1b2c3d waits 14m"), "{shown}");
    assert!(shown.contains("you can approve"), "{shown}");
    assert!(shown.contains("+1 commit(s) would ship"), "{shown}");
    assert!(shown.contains("gates: not evaluated"), "{shown}");
}

#[test]
fn the_audit_screen_lists_records_newest_first_with_the_verdict() {
    use gantry::model::trail::TrailView;
    let row = |n: &str, action: &str| {
        [
            n.to_string(),
            "ok".to_string(),
            "2026-11-27 03:14:00".to_string(),
            "oncall (me@bastion)".to_string(),
            action.to_string(),
            "acme/shop run 42 -> production".to_string(),
            "ok (intent 1) 200: approved production".to_string(),
        ]
    };
    let view = TrailView {
        path: "/state/audit.jsonl".into(),
        verdict: "intact".into(),
        findings: 0,
        rows: vec![row("2", "approve"), row("1", "approve")],
    };
    let mut s = StateBuilder::new()
        .size(120, 40)
        .then(Action::SourceStarted(gantry::sources::SourceId::Trail))
        .then(Action::Source(gantry::event::SourceEvent::Audit(
            gantry::event::Update::Loaded(view),
        )))
        .build();
    key(&mut s, "6");
    let shown = screen(&s);
    assert!(shown.contains("chain intact"), "{shown}");
    assert!(shown.contains("2 records"), "{shown}");
    let first = shown.find("    2 ok").expect("line 2 shown");
    let second = shown.find("    1 ok").expect("line 1 shown");
    assert!(first < second, "newest first:\n{shown}");
}
