//! `update` tables: an action (or a key sequence) against a state, and what comes out.

use chrono::{TimeZone, Utc};
use crossterm::event::KeyEvent;
use gantry::app::{Action, Command, Effect, Pane, Screen, State, update};
use gantry::keymap::Keymap;

fn state(w: u16, h: u16) -> State {
    let (keymap, warnings) = Keymap::load(None);
    assert!(warnings.is_empty());
    let mut s = State::new(
        keymap,
        Utc.with_ymd_and_hms(2026, 11, 27, 3, 14, 0).unwrap(),
    );
    update(&mut s, Action::Resize(w, h));
    s
}

fn key(s: &mut State, name: &str) -> Vec<Effect> {
    let k = gantry::keymap::Key::parse(name).expect(name);
    update(s, Action::Key(KeyEvent::new(k.code, k.mods)))
}

fn keys(s: &mut State, names: &str) -> Vec<Effect> {
    names.split_whitespace().flat_map(|n| key(s, n)).collect()
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
    assert!(s.help.is_some());
    keys(&mut s, "j j j k");
    assert_eq!(s.help.map(|h| h.scroll), Some(2));
    // Keys that act are not reachable from the overlay; q closes it rather than quitting.
    keys(&mut s, "R a");
    assert!(s.message.is_none());
    key(&mut s, "q");
    assert!(s.help.is_none());
    assert!(!s.quit);
    keys(&mut s, "? esc");
    assert!(s.help.is_none());
    keys(&mut s, "? ?");
    assert!(s.help.is_none());
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
    let mut s = state(80, 24);
    s.warnings.push("GitHub source off: no token".into());
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
    let mut s = state(120, 40);
    s.read_only = true;
    for k in ["a", "x", "r", "R", "P", "A", "C"] {
        let effects = key(&mut s, k);
        assert_eq!(effects, vec![Effect::Bell], "{k}");
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
        Some("nothing is waiting for review here")
    );
}

#[test]
fn ticks_redraw_only_when_the_clock_text_changes() {
    let mut s = state(80, 24);
    s.dirty = false;
    update(
        &mut s,
        Action::Tick(Utc.with_ymd_and_hms(2026, 11, 27, 3, 14, 30).unwrap()),
    );
    assert!(!s.dirty);
    update(
        &mut s,
        Action::Tick(Utc.with_ymd_and_hms(2026, 11, 27, 3, 15, 0).unwrap()),
    );
    assert!(s.dirty);
}

#[test]
fn refresh_asks_the_sources_and_warnings_dismiss_with_esc() {
    let mut s = state(80, 24);
    assert_eq!(key(&mut s, "ctrl-r"), vec![Effect::Refresh]);
    s.warnings
        .push("[keys].normal: unknown key `hyper-x`".into());
    key(&mut s, "esc");
    assert!(s.warnings.is_empty());
    assert!(!s.quit);
    assert_eq!(
        update(&mut s, Action::Command(Command::Refresh)),
        vec![Effect::Refresh]
    );
}
