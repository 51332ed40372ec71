//! The event loop: await one event, drain the rest, update for each, carry out effects, and draw
//! once, only if something changed.

use std::io::Write;
use std::time::Duration;

use anyhow::Result;
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio_util::sync::CancellationToken;

use crate::app::{Action, Effect, State, update};
use crate::event::{self, Event, EventRx};
use crate::sources::SourceLink;
use crate::theme::Theme;
use crate::tui::TerminalGuard;
use crate::ui;

/// How often the clock is checked; the screen changes only when the clock's text does.
pub const TICK: Duration = Duration::from_secs(1);

/// Starts a source task on its link to the loop; it stops when the link's token is cancelled.
pub type SourceStarter = Box<dyn FnOnce(SourceLink) + Send>;

/// Runs the TUI on the real terminal until the user quits or a signal arrives.
pub async fn run(mut state: State, theme: &Theme, sources: Vec<SourceStarter>) -> Result<State> {
    let mut guard = TerminalGuard::enter()?;
    let size = guard.terminal.size()?;
    state.width = size.width;
    state.height = size.height;
    let (tx, rx) = event::channel();
    let cancel = CancellationToken::new();
    event::spawn_input(tx.clone(), cancel.clone());
    event::spawn_ticks(tx.clone(), cancel.clone(), TICK);
    event::spawn_signals(tx.clone(), cancel.clone());
    let (refresh_tx, refresh_rx) = tokio::sync::watch::channel(0u64);
    for start in sources {
        start(SourceLink {
            tx: tx.clone(),
            cancel: cancel.child_token(),
            refresh: refresh_rx.clone(),
        });
    }
    drop(tx);
    let mut on_effect = |effect: Effect| match effect {
        // Every source fetches now, whatever its timer or backoff says.
        Effect::Refresh => {
            refresh_tx.send_modify(|n| *n = n.wrapping_add(1));
        }
        other => perform(other),
    };
    let result = drive(&mut guard.terminal, state, theme, rx, &mut on_effect).await;
    cancel.cancel();
    drop(guard);
    result
}

/// Carries out an effect on the real terminal.
fn perform(effect: Effect) {
    let mut out = std::io::stdout();
    let written = match &effect {
        // OSC 52: the terminal (even over SSH) puts the text on the local clipboard.
        Effect::Copy(text) => write!(out, "\x1b]52;c;{}\x07", base64(text.as_bytes())),
        Effect::Bell => write!(out, "\x07"),
        Effect::Refresh => Ok(()), // handled by the loop, which owns the sources' link
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
    on_effect: &mut dyn FnMut(Effect),
) -> Result<State>
where
    B::Error: Send + Sync + 'static,
{
    draw(terminal, &mut state, theme)?;
    while let Some(first) = rx.recv().await {
        handle(&mut state, first, on_effect);
        // Keys typed after a quit are not acted on (a stray `a` must not reach a confirmation).
        while !state.quit {
            let Ok(more) = rx.try_recv() else { break };
            handle(&mut state, more, on_effect);
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

fn handle(state: &mut State, event: Event, on_effect: &mut dyn FnMut(Effect)) {
    let action = match event {
        Event::Action(a) => a,
        Event::InputClosed(why) => {
            tracing::info!("input closed: {why}");
            Action::Quit
        }
    };
    for effect in update(state, action) {
        on_effect(effect);
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
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ABC[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_rfc4648_vectors() {
        for (plain, enc) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(super::base64(plain.as_bytes()), enc);
        }
    }
}
