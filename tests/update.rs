//! `update` tables: an action (or a key sequence) against a state, and what comes out.

mod support;

use gantry::app::overlay::{Dialog, Field, Overlay, Phase};
use gantry::app::{Action, Command, Effect, Pane, Screen, State, update};
use gantry::sources::{SourceId, github};
use support::{StateBuilder, at, key, keys, type_text};

fn state(w: u16, h: u16) -> State {
    StateBuilder::new().size(w, h).build()
}

#[test]
fn focus_cycles_through_the_visible_panes() {
    // (size, keys, expected focus)
    let table: &[((u16, u16), &str, Pane)] = &[
        ((120, 40), "", Pane::Pipeline),
        ((120, 40), "tab", Pane::Gates),
        ((120, 40), "tab tab", Pane::Environments),
        ((120, 40), "tab tab tab", Pane::Pipeline),
        ((120, 40), "shift-tab", Pane::Environments),
        ((200, 50), "tab tab tab", Pane::Rollout),
        ((200, 50), "tab tab tab tab", Pane::Logs),
        ((200, 50), "shift-tab", Pane::Logs),
        ((80, 24), "tab tab tab tab", Pane::Logs),
        ((120, 40), "e", Pane::Environments),
        ((120, 40), "c", Pane::Gates),
        ((120, 40), "p", Pane::Pipeline),
    ];
    for ((w, h), ks, want) in table {
        let mut s = state(*w, *h);
        keys(&mut s, ks);
        assert_eq!(s.focus(), *want, "{w}x{h} after `{ks}`");
        assert_eq!(s.screen, Screen::Overview);
    }
}

#[test]
fn direct_pane_keys_switch_to_a_screen_that_shows_the_pane() {
    let mut s = state(120, 40);
    key(&mut s, "o");
    assert_eq!((s.screen, s.focus()), (Screen::Rollout, Pane::Rollout));
    key(&mut s, "L");
    assert_eq!((s.screen, s.focus()), (Screen::Logs, Pane::Logs));
    key(&mut s, "1");
    key(&mut s, "e");
    assert_eq!(
        (s.screen, s.focus()),
        (Screen::Overview, Pane::Environments),
        "shown here: stay"
    );
}

#[test]
fn screens_by_number_and_back() {
    let mut s = state(120, 40);
    for (n, screen) in ["1", "2", "3", "4", "5", "6"].iter().zip(Screen::ALL) {
        key(&mut s, n);
        assert_eq!(s.screen, screen);
    }
    key(&mut s, "esc");
    assert_eq!(s.screen, Screen::Overview);
    assert!(!s.quit);
    // Each screen remembers its own focus.
    keys(&mut s, "tab 3 tab 1");
    assert_eq!(s.focus(), Pane::Gates);
    key(&mut s, "3");
    assert_eq!(s.focus(), Pane::Rollout);
}

#[test]
fn resize_moves_focus_off_a_pane_that_disappears() {
    let mut s = state(200, 50);
    keys(&mut s, "shift-tab");
    assert_eq!(s.focus(), Pane::Logs);
    update(&mut s, Action::Resize(120, 40));
    assert_eq!(s.focus(), Pane::Pipeline);
    assert_eq!((s.width, s.height), (120, 40));
    assert!(s.dirty);
}

#[test]
fn help_opens_scrolls_and_closes_without_acting() {
    let mut s = state(80, 24);
    key(&mut s, "?");
    assert!(s.help().is_some());
    keys(&mut s, "j j j k");
    assert_eq!(s.help(), Some(2));
    // Keys that act are not reachable from the overlay; q closes it rather than quitting.
    keys(&mut s, "R a");
    assert!(s.message.is_none());
    key(&mut s, "q");
    assert!(s.help().is_none());
    assert!(!s.quit);
    keys(&mut s, "? esc");
    assert!(s.help().is_none());
    keys(&mut s, "? ?");
    assert!(s.help().is_none());
}

#[test]
fn quit_goes_back_first_then_quits() {
    let mut s = state(80, 24);
    key(&mut s, "4");
    key(&mut s, "q");
    assert_eq!(s.screen, Screen::Overview);
    assert!(!s.quit);
    key(&mut s, "q");
    assert!(s.quit);

    let mut s = state(80, 24);
    keys(&mut s, "4 ctrl-c");
    assert!(s.quit, "ctrl-c quits from anywhere");

    let mut s = state(80, 24);
    update(&mut s, Action::Quit);
    assert!(s.quit, "a signal quits");

    // A warning banner does not hold q up (Esc dismisses it).
    let mut s = StateBuilder::new()
        .warning("GitHub source off: no token")
        .build();
    key(&mut s, "q");
    assert!(s.quit);
}

#[test]
fn chords_wait_for_the_second_key() {
    let mut s = state(80, 24);
    key(&mut s, "g");
    assert_eq!(s.pending.len(), 1);
    key(&mut s, "g");
    assert!(s.pending.is_empty());
    // A chord broken by another key runs that key alone.
    keys(&mut s, "g 3");
    assert!(s.pending.is_empty());
    assert_eq!(s.screen, Screen::Rollout);
}

#[test]
fn read_only_refuses_writes_with_a_bell() {
    let mut s = StateBuilder::new().size(120, 40).read_only().build();
    for k in ["a", "x", "r", "R", "P", "A", "C"] {
        let effects = key(&mut s, k);
        assert_eq!(effects, vec![Effect::BELL], "{k}");
        assert!(
            s.message
                .as_deref()
                .is_some_and(|m| m.starts_with("read-only")),
            "{k}"
        );
    }
    let mut s = state(120, 40);
    key(&mut s, "a");
    assert_eq!(
        s.message.as_deref(),
        Some("approve: pending reviews are not loaded yet (see the problems line)")
    );
}

#[test]
fn ticks_redraw_only_when_the_clock_text_changes() {
    let mut s = state(80, 24);
    s.dirty = false;
    update(&mut s, Action::Tick(at(3, 14, 30)));
    assert!(!s.dirty);
    update(&mut s, Action::Tick(at(3, 15, 0)));
    assert!(s.dirty);
}

#[test]
fn refresh_asks_the_sources_and_warnings_dismiss_with_esc() {
    let refresh = vec![Effect::Github(github::Command::Refresh)];
    let mut s = StateBuilder::new()
        .then(Action::SourceStarted(SourceId::Github))
        .warning("[keys].normal: unknown key `hyper-x`")
        .build();
    assert_eq!(key(&mut s, "ctrl-r"), refresh);
    key(&mut s, "esc");
    assert!(s.warnings.is_empty());
    assert!(!s.quit);
    assert_eq!(update(&mut s, Action::Command(Command::Refresh)), refresh);
    // With no source there is nothing to ask, and the status line says so.
    let mut s = state(80, 24);
    assert!(key(&mut s, "ctrl-r").is_empty());
    assert!(
        s.message
            .as_deref()
            .is_some_and(|m| m.contains("nothing to refresh"))
    );
}

fn production_dialog() -> Dialog {
    Dialog::new(
        7,
        "Approve production",
        vec!["acme/shop run #198: deploy a1b2c3d to production".into()],
        vec![Effect::Github(github::Command::Refresh)],
    )
    .with_field(Field::must_type(
        "Type the environment's name",
        "production",
    ))
    .with_field(Field::text("Comment"))
    .dangerous()
}

fn with_dialog(d: Dialog) -> State {
    StateBuilder::new()
        .size(120, 40)
        .then(Action::Open(Overlay::Dialog(d)))
        .build()
}

fn dialog(s: &State) -> &Dialog {
    match s.top_overlay() {
        Some(Overlay::Dialog(d)) => d,
        other => panic!("no dialog on top: {other:?}"),
    }
}

#[test]
fn a_dialog_in_input_mode_swallows_command_keys() {
    // (keys typed, what the field holds) -- none of them may quit, switch panes or refresh.
    let table = [
        ("q", "q"),
        ("p", "p"),
        ("r", "r"),
        ("production", "production"),
        ("?1ctrl", "?1ctrl"),
    ];
    for (typed, want) in table {
        let mut s = with_dialog(production_dialog());
        let effects = type_text(&mut s, typed);
        assert!(effects.is_empty(), "{typed}: {effects:?}");
        assert!(!s.quit, "{typed}");
        assert_eq!(s.screen, Screen::Overview, "{typed}");
        assert_eq!(s.focus(), Pane::Pipeline, "{typed}");
        assert_eq!(dialog(&s).fields[0].value, want, "{typed}");
        assert!(s.help().is_none());
    }
    // Named keys that are commands elsewhere are editing keys here, and ctrl-c still quits.
    let mut s = with_dialog(production_dialog());
    type_text(&mut s, "prod");
    keys(&mut s, "backspace tab");
    type_text(&mut s, "rollout ok");
    let d = dialog(&s);
    assert_eq!(
        (d.fields[0].value.as_str(), d.fields[1].value.as_str()),
        ("pro", "rollout ok")
    );
    key(&mut s, "ctrl-c");
    assert!(s.quit);
}

#[test]
fn confirming_takes_the_exact_name_and_sends_once() {
    let mut s = with_dialog(production_dialog());
    // Enter before the name is typed: nothing sent, and the status line says what is missing.
    assert_eq!(key(&mut s, "enter"), vec![Effect::BELL]);
    assert!(
        s.message
            .as_deref()
            .is_some_and(|m| m.contains("`production`"))
    );
    type_text(&mut s, "Production");
    assert_eq!(key(&mut s, "enter"), vec![Effect::BELL], "case matters");
    keys(
        &mut s,
        "backspace backspace backspace backspace backspace backspace backspace backspace backspace backspace",
    );
    type_text(&mut s, "production");
    let sent = key(&mut s, "enter");
    assert_eq!(sent, vec![Effect::Github(github::Command::Refresh)]);
    assert_eq!(dialog(&s).phase, Phase::Sent);
    // However often Enter is pressed again, nothing more is sent.
    for _ in 0..5 {
        assert!(key(&mut s, "enter").is_empty());
    }
    // The outcome shows in the dialog until dismissed.
    update(
        &mut s,
        Action::Outcome {
            dialog: 7,
            result: Ok("approved".into()),
        },
    );
    assert_eq!(dialog(&s).phase, Phase::Done(Ok("approved".into())));
    key(&mut s, "enter");
    assert!(s.overlays.is_empty());
}

#[test]
fn a_dialog_without_fields_confirms_with_enter_and_cancels_with_esc() {
    let plain = Dialog::new(
        3,
        "Rerun",
        vec!["rerun failed jobs".into()],
        vec![Effect::BELL],
    );
    let mut s = with_dialog(plain.clone());
    // Keys bound elsewhere do nothing behind a dialog.
    assert!(keys(&mut s, "a r 2 tab").is_empty());
    assert_eq!(s.screen, Screen::Overview);
    assert_eq!(key(&mut s, "enter"), vec![Effect::BELL]);
    assert!(key(&mut s, "enter").is_empty(), "sent once");
    key(&mut s, "esc");
    assert!(s.overlays.is_empty());
    // An outcome for a dismissed dialog lands on the status line.
    update(
        &mut s,
        Action::Outcome {
            dialog: 3,
            result: Err("422 not a required reviewer".into()),
        },
    );
    assert_eq!(
        s.message.as_deref(),
        Some("failed: 422 not a required reviewer")
    );
    // Cancelled before confirming: nothing at all.
    let mut s = with_dialog(plain);
    assert!(keys(&mut s, "esc").is_empty());
    assert!(s.overlays.is_empty());
}

#[test]
fn overlays_stack_and_keys_go_to_the_top() {
    let mut s = with_dialog(production_dialog());
    update(&mut s, Action::Open(Overlay::Help { scroll: 0 }));
    assert_eq!(s.overlays.len(), 2);
    key(&mut s, "j");
    assert_eq!(s.help(), Some(1), "help on top takes j");
    key(&mut s, "esc");
    assert_eq!(s.overlays.len(), 1);
    type_text(&mut s, "j");
    assert_eq!(
        dialog(&s).fields[0].value,
        "j",
        "then the dialog takes text"
    );
}

#[test]
fn the_jump_picker_filters_as_you_type_and_goes() {
    let mut s = state(120, 40);
    key(&mut s, ":");
    assert!(matches!(s.top_overlay(), Some(Overlay::Picker(_))));
    // `q` and `r` are text here: they filter the list.
    type_text(&mut s, "rollout s");
    assert!(!s.quit);
    key(&mut s, "enter");
    assert!(s.overlays.is_empty());
    assert_eq!(s.screen, Screen::Rollout);
    // Arrows move, Esc closes without going anywhere.
    keys(&mut s, "1 :");
    type_text(&mut s, "pane");
    keys(&mut s, "down down enter");
    assert_eq!(
        (s.screen, s.focus()),
        (Screen::Overview, Pane::Environments)
    );
    keys(&mut s, ": esc");
    assert!(s.overlays.is_empty());
}

#[test]
fn an_effect_that_could_not_be_delivered_is_reported() {
    let mut s = state(80, 24);
    let effects = update(
        &mut s,
        Action::EffectFailed {
            target: SourceId::Github,
            reason: "its queue is full (is it stuck?)".into(),
        },
    );
    assert_eq!(effects, vec![Effect::BELL]);
    assert_eq!(
        s.message.as_deref(),
        Some("GitHub did not take the request: its queue is full (is it stuck?)")
    );
}

#[test]
fn rerun_failed_asks_first_then_sends_one_audited_request() {
    use gantry::model::request::Operation;
    // GitHub reruns finished runs only: the CI run ended in failure.
    let mut snap = support::pipeline_snapshot();
    snap.runs[1].status =
        gantry::model::github::Status::Done(gantry::model::github::Conclusion::Failure);
    let mut s = StateBuilder::new().size(120, 40).github(snap).build();
    assert!(key(&mut s, "r").is_empty(), "only a dialog opens");
    let d = dialog(&s).clone();
    assert_eq!(d.title, "Rerun failed jobs");
    let body = d.body.join("\n");
    assert!(body.contains("acme/shop"), "{body}");
    assert!(body.contains("Enterprise CI Pipeline #412"), "{body}");
    assert!(body.contains("Code Quality Analysis"), "{body}");
    let effects = key(&mut s, "enter");
    match &effects[..] {
        [Effect::Act(req)] => {
            assert_eq!(
                req.op,
                Operation::RerunFailed {
                    repo: "acme/shop".into(),
                    run: 1,
                    debug: false
                }
            );
            assert_eq!(req.dialog, d.id);
            assert_eq!(req.intent.target.run, Some(1));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        key(&mut s, "enter").is_empty(),
        "a repeated key sends nothing"
    );
    // Read-only: refused before any dialog.
    let mut s = StateBuilder::new()
        .size(120, 40)
        .read_only()
        .github(support::pipeline_snapshot())
        .build();
    assert_eq!(key(&mut s, "r"), vec![Effect::BELL]);
    assert!(s.overlays.is_empty());
}
