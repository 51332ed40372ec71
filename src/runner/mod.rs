//! The event loop: await one event, drain the rest, update for each, carry the effects to their
//! tasks, and draw once, only if something changed.

mod tasks;

pub use tasks::{Tasks, TerminalSink};

use std::io::Write;
use std::time::Duration;

use anyhow::Result;
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio_util::sync::CancellationToken;

use crate::app::effect::Terminal as TerminalEffect;
use crate::app::{Action, State, update};
use crate::event::{self, Event, EventRx};
use crate::sources::Starter;
use crate::theme::Theme;
use crate::tui::TerminalGuard;
use crate::ui;

/// How often the clock is checked; the screen changes only when something shown depends on it.
pub const TICK: Duration = Duration::from_secs(1);

/// Runs the TUI on the real terminal until the user quits or a signal arrives. `init` are the
/// set-up's first actions (warnings and the like); they reach the state through `update` too.
pub async fn run(
    state: State,
    theme: &Theme,
    sources: Vec<Starter>,
    init: Vec<Action>,
) -> Result<State> {
    let mut guard = TerminalGuard::enter()?;
    let size = guard.terminal.size()?;
    let (tx, rx) = event::channel();
    let cancel = CancellationToken::new();
    event::spawn_input(tx.clone(), cancel.clone());
    event::spawn_ticks(tx.clone(), cancel.clone(), TICK);
    event::spawn_signals(tx.clone(), cancel.clone());
    let mut tasks = Tasks::new(Box::new(perform), cancel.child_token());
    let mut first = vec![Action::Resize(size.width, size.height)];
    first.extend(init);
    for source in sources {
        first.push(tasks.start(source, &tx));
    }
    drop(tx);
    let result = drive(&mut guard.terminal, state, theme, rx, &mut tasks, first).await;
    cancel.cancel();
    tasks.shutdown().await;
    drop(guard);
    result
}

/// Carries out a terminal effect on the real terminal.
fn perform(effect: &TerminalEffect) {
    let mut out = std::io::stdout();
    let written = match effect {
        // OSC 52: the terminal (even over SSH) puts the text on the local clipboard.
        TerminalEffect::Copy(text) => write!(out, "\x1b]52;c;{}\x07", base64(text.as_bytes())),
        TerminalEffect::Bell => write!(out, "\x07"),
    };
    if let Err(e) = written.and_then(|()| out.flush()) {
        tracing::warn!("effect {effect:?} failed: {e}");
    }
}

/// The loop itself, generic over the backend so tests can feed events to a TestBackend.
pub async fn drive<B: Backend>(
    terminal: &mut Terminal<B>,
    mut state: State,
    theme: &Theme,
    mut rx: EventRx,
    tasks: &mut Tasks,
    initial: Vec<Action>,
) -> Result<State>
where
    B::Error: Send + Sync + 'static,
{
    for action in initial {
        handle(&mut state, action, tasks);
    }
    draw(terminal, &mut state, theme)?;
    loop {
        let first = tokio::select! {
            ev = rx.recv() => match ev {
                Some(ev) => to_action(ev),
                None => break,
            },
            ended = tasks.ended() => ended,
        };
        handle(&mut state, first, tasks);
        // Keys typed after a quit are not acted on (a stray `a` must not reach a confirmation).
        while !state.quit {
            let Ok(more) = rx.try_recv() else { break };
            handle(&mut state, to_action(more), tasks);
        }
        if state.quit {
            break;
        }
        if state.dirty {
            draw(terminal, &mut state, theme)?;
        }
    }
    Ok(state)
}

fn to_action(event: Event) -> Action {
    match event {
        Event::Key(k) => Action::Key(k),
        Event::Resize(w, h) => Action::Resize(w, h),
        Event::Tick(now) => Action::Tick(now),
        Event::Source(ev) => Action::Source(ev),
        Event::Outcome { dialog, result } => Action::Outcome { dialog, result },
        Event::Signal(_) => Action::Quit,
        Event::InputClosed(why) => {
            tracing::info!("input closed: {why}");
            Action::Quit
        }
    }
}

fn handle(state: &mut State, action: Action, tasks: &mut Tasks) {
    for effect in update(state, action) {
        if let Some(failed) = tasks.carry(effect) {
            // The failure's own effects (a bell) go to the terminal, which cannot fail this way.
            for effect in update(state, failed) {
                let _ = tasks.carry(effect);
            }
        }
    }
}

fn draw<B: Backend>(terminal: &mut Terminal<B>, state: &mut State, theme: &Theme) -> Result<()>
where
    B::Error: Send + Sync + 'static,
{
    // Keep the model's idea of the size in step with the terminal (a resize may race the event).
    let size = terminal.size()?;
    if (size.width, size.height) != (state.width, state.height) {
        update(state, Action::Resize(size.width, size.height));
    }
    terminal.draw(|frame| ui::draw(frame, state, theme))?;
    state.dirty = false;
    Ok(())
}

fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
