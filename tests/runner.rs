//! The loop fed events headless: it drains what is pending, updates for each, and draws once, only
//! when something changed. A backend that counts flushes tells how many frames were drawn.

mod support;

use std::sync::{Arc, Mutex};

use gantry::app::effect::Terminal as TerminalEffect;
use gantry::app::{Action, State};
use gantry::event::{self, Event};
use gantry::runner::Tasks;
use gantry::sources::github;
use gantry::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, TestBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use support::StateBuilder;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// TestBackend plus a count of frames (each `Terminal::draw` ends with one flush) and, when asked,
/// a `q` pressed through the loop's own channel once a frame shows `needle`: the loop then ends
/// right after it drew what the test waits for, with no sleeping.
struct Counting {
    inner: TestBackend,
    frames: usize,
    quit_when_shown: Option<(&'static str, event::EventTx)>,
}

impl Counting {
    fn new(width: u16, height: u16) -> Self {
        Self {
            inner: TestBackend::new(width, height),
            frames: 0,
            quit_when_shown: None,
        }
    }
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
        if let Some((needle, _)) = self.quit_when_shown
            && support::text(self.inner.buffer()).contains(needle)
            && let Some((_, tx)) = self.quit_when_shown.take()
        {
            tx.try_send(key("q")).unwrap();
        }
        self.inner.flush()
    }
}

fn key(name: &str) -> Event {
    support::key_input(name)
}

fn tick(min: u32, sec: u32) -> Event {
    Event::Tick(support::at(3, min, sec))
}

type Starter = gantry::sources::Starter;

/// A GitHub source that passes every command it receives to `seen` and lives until cancelled.
fn recording_source(seen: mpsc::UnboundedSender<github::Command>) -> Starter {
    Starter::Github(Box::new(move |mut link| {
        Box::pin(async move {
            loop {
                tokio::select! {
                    _ = link.cancel.cancelled() => return,
                    cmd = link.commands.recv() => match cmd {
                        Some(c) => { let _ = seen.send(c); }
                        None => return,
                    },
                }
            }
        })
    }))
}

struct Ran {
    state: State,
    backend: Counting,
    terminal_effects: Vec<TerminalEffect>,
    /// Still running: the sources see what the loop handed them before it ended.
    _tasks: Tasks,
}

/// Runs the loop on `events` (all queued before it starts, so it sees them pending at once) with
/// `sources` started first, from `state`.
async fn run_with(events: Vec<Event>, sources: Vec<Starter>, state: State) -> Ran {
    let mut terminal = Terminal::new(Counting::new(100, 30)).unwrap();
    let (tx, rx) = event::channel();
    let recorded = Arc::new(Mutex::new(Vec::new()));
    let sink = recorded.clone();
    let mut tasks = Tasks::new(
        Box::new(move |e: &TerminalEffect| sink.lock().unwrap().push(e.clone())),
        CancellationToken::new(),
    );
    let initial: Vec<Action> = sources.into_iter().map(|s| tasks.start(s, &tx)).collect();
    for e in events {
        tx.send(e).await.unwrap();
    }
    drop(tx);
    let state = gantry::runner::drive(
        &mut terminal,
        state,
        &Theme::default(),
        rx,
        &mut tasks,
        initial,
    )
    .await
    .unwrap();
    let backend = std::mem::replace(terminal.backend_mut(), Counting::new(1, 1));
    let terminal_effects = recorded.lock().unwrap().clone();
    Ran {
        state,
        backend,
        terminal_effects,
        _tasks: tasks,
    }
}

async fn run(events: Vec<Event>) -> (State, Counting) {
    let ran = run_with(events, Vec::new(), StateBuilder::new().build()).await;
    (ran.state, ran.backend)
}

#[tokio::test]
async fn pending_events_are_drained_into_one_frame() {
    let (state, backend) = run(vec![key("tab"), key("tab"), key("3"), key("?")]).await;
    // The first frame, then one for the four keys together.
    assert_eq!(backend.frames, 2);
    assert!(state.help().is_some());
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
    let (state, backend) = run(vec![tick(14, 10)]).await;
    assert_eq!(backend.frames, 1, "only the first frame");
    assert_eq!(state.now, support::at(3, 14, 10));
    let (_, backend) = run(vec![tick(15, 0)]).await;
    assert_eq!(backend.frames, 2, "the clock's minute changed");
}

#[tokio::test]
async fn quit_ends_the_loop_without_drawing_again_and_effects_reach_their_task() {
    let (seen_tx, mut seen) = mpsc::unbounded_channel();
    let ran = run_with(
        vec![key("ctrl-r"), key("q"), key("?")],
        vec![recording_source(seen_tx)],
        StateBuilder::new().build(),
    )
    .await;
    assert!(ran.state.quit);
    assert_eq!(seen.recv().await, Some(github::Command::Refresh));
    assert_eq!(ran.backend.frames, 1, "no frame after quitting");
    assert!(
        ran.state.help().is_none(),
        "keys queued after the quit are not acted on"
    );
}

#[tokio::test]
async fn terminal_effects_reach_the_terminal() {
    let ran = run_with(
        vec![key("a")],
        Vec::new(),
        StateBuilder::new().read_only().build(),
    )
    .await;
    assert_eq!(ran.terminal_effects, vec![TerminalEffect::Bell]);
}

#[tokio::test]
async fn closed_input_quits() {
    let (state, _) = run(vec![Event::InputClosed("end of input".into())]).await;
    assert!(state.quit);
}

/// Runs the loop with `sources` and `events` until a frame shows `needle`; returns the final state
/// and the terminal effects carried out.
async fn run_until_shown(
    sources: Vec<Starter>,
    events: Vec<Event>,
    needle: &'static str,
) -> (State, String) {
    let (tx, rx) = event::channel();
    let mut tasks = Tasks::new(Box::new(|_: &TerminalEffect| {}), CancellationToken::new());
    let initial: Vec<Action> = sources.into_iter().map(|s| tasks.start(s, &tx)).collect();
    for e in events {
        tx.send(e).await.unwrap();
    }
    let mut backend = Counting::new(120, 30);
    backend.quit_when_shown = Some((needle, tx));
    let mut terminal = Terminal::new(backend).unwrap();
    let state = StateBuilder::new().build();
    let state = gantry::runner::drive(
        &mut terminal,
        state,
        &Theme::default(),
        rx,
        &mut tasks,
        initial,
    )
    .await
    .unwrap();
    tasks.shutdown().await;
    let shown = support::text(terminal.backend().inner.buffer());
    (state, shown)
}

#[tokio::test]
async fn a_source_task_that_panics_shows_as_failed() {
    let panics = Starter::Github(Box::new(|_link| {
        Box::pin(async {
            tokio::task::yield_now().await;
            panic!("boom in the GitHub source");
        })
    }));
    let (state, shown) = run_until_shown(vec![panics], Vec::new(), "stopped").await;
    assert_eq!(state.github.health, gantry::app::slot::Health::Stopped);
    assert!(
        shown.contains("GitHub: stopped: panicked: boom in the GitHub source"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_source_that_returns_is_not_ok_for_good() {
    let returns = Starter::Github(Box::new(|_link| Box::pin(async {})));
    let (state, shown) = run_until_shown(vec![returns], Vec::new(), "stopped").await;
    assert_eq!(state.github.health, gantry::app::slot::Health::Stopped);
    assert!(shown.contains("GitHub: stopped: the task ended"), "{shown}");
}

#[tokio::test]
async fn an_effect_to_a_full_channel_is_reported() {
    // A source that never reads its commands: its bounded channel fills, and the next refresh is
    // refused at once and said so, rather than dropped in silence or waited for.
    let (hold_tx, hold_rx) = tokio::sync::oneshot::channel::<()>();
    let stuck = Starter::Github(Box::new(move |link| {
        Box::pin(async move {
            let _keep = link;
            let _ = hold_rx.await;
        })
    }));
    let presses: Vec<Event> = (0..=gantry::sources::COMMAND_DEPTH)
        .map(|_| key("ctrl-r"))
        .collect();
    let (state, shown) = run_until_shown(vec![stuck], presses, "did not take").await;
    drop(hold_tx);
    assert!(state.quit);
    assert!(
        shown.contains("GitHub did not take the request: its queue is full (is it stuck?)"),
        "{shown}"
    );
}
