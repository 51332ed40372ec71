//! The loop fed events headless: it drains what is pending, updates for each, and draws once, only
//! when something changed. A backend that counts flushes tells how many frames were drawn.

use chrono::{TimeZone, Utc};
use crossterm::event::KeyEvent;
use gantry::app::{Action, Effect, State};
use gantry::event::{self, Event};
use gantry::keymap::{Key, Keymap};
use gantry::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, TestBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

/// TestBackend plus a count of frames (each `Terminal::draw` ends with one flush).
struct Counting {
    inner: TestBackend,
    frames: usize,
}

impl Backend for Counting {
    type Error = <TestBackend as Backend>::Error;
    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }
    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }
    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }
    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, p: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(p)
    }
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }
    fn clear_region(&mut self, t: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(t)
    }
    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }
    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        self.frames += 1;
        self.inner.flush()
    }
}

fn key(name: &str) -> Event {
    let k = Key::parse(name).unwrap();
    Event::Action(Action::Key(KeyEvent::new(k.code, k.mods)))
}

fn tick(min: u32, sec: u32) -> Event {
    Event::Action(Action::Tick(
        Utc.with_ymd_and_hms(2026, 11, 27, 3, min, sec).unwrap(),
    ))
}

async fn run(events: Vec<Event>) -> (State, Counting, Vec<Effect>) {
    let (keymap, _) = Keymap::load(None);
    let state = State::new(
        keymap,
        Utc.with_ymd_and_hms(2026, 11, 27, 3, 14, 0).unwrap(),
    );
    let mut terminal = Terminal::new(Counting {
        inner: TestBackend::new(100, 30),
        frames: 0,
    })
    .unwrap();
    let (tx, rx) = event::channel();
    // Everything is queued before the loop starts, so the loop sees it all pending at once.
    for e in events {
        tx.send(e).await.unwrap();
    }
    drop(tx);
    let mut effects = Vec::new();
    let state = gantry::runner::drive(&mut terminal, state, &Theme::default(), rx, &mut |e| {
        effects.push(e)
    })
    .await
    .unwrap();
    let backend = Counting {
        inner: terminal.backend().inner.clone(),
        frames: terminal.backend().frames,
    };
    (state, backend, effects)
}

#[tokio::test]
async fn pending_events_are_drained_into_one_frame() {
    let (state, backend, _) = run(vec![key("tab"), key("tab"), key("3"), key("?")]).await;
    // The first frame, then one for the four keys together.
    assert_eq!(backend.frames, 2);
    assert!(state.help.is_some());
    let text: String = backend
        .inner
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(text.contains("Help: keys"));
}

#[tokio::test]
async fn ticks_within_the_same_minute_draw_nothing() {
    let (state, backend, _) = run(vec![tick(14, 10)]).await;
    assert_eq!(backend.frames, 1, "only the first frame");
    assert_eq!(
        state.now,
        Utc.with_ymd_and_hms(2026, 11, 27, 3, 14, 10).unwrap()
    );
    let (_, backend, _) = run(vec![tick(15, 0)]).await;
    assert_eq!(backend.frames, 2, "the clock's minute changed");
}

#[tokio::test]
async fn quit_ends_the_loop_without_drawing_again_and_effects_come_out() {
    let (state, backend, effects) = run(vec![key("ctrl-r"), key("q"), key("?")]).await;
    assert!(state.quit);
    assert_eq!(effects, vec![Effect::Refresh]);
    assert_eq!(backend.frames, 1, "no frame after quitting");
    assert!(
        state.help.is_none(),
        "keys queued after the quit are not acted on"
    );
}

#[tokio::test]
async fn closed_input_quits() {
    let (state, _, _) = run(vec![Event::InputClosed("end of input".into())]).await;
    assert!(state.quit);
}
