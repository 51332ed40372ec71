//! Everything the loop reacts to arrives on one channel: terminal input, ticks, signals, and (later)
//! source events. Each producer is its own tokio task.

use std::time::Duration;

use crossterm::event::{Event as TermEvent, EventStream, KeyEventKind};
use futures::StreamExt;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::app::Action;

#[derive(Debug)]
pub enum Event {
    Action(Action),
    /// The input stream failed or ended; the terminal is gone.
    InputClosed(String),
}

pub type EventTx = mpsc::Sender<Event>;
pub type EventRx = mpsc::Receiver<Event>;

pub fn channel() -> (EventTx, EventRx) {
    mpsc::channel(1024)
}

/// Reads the terminal with crossterm's async EventStream (no polling). Keeps key presses only.
pub fn spawn_input(tx: EventTx, cancel: CancellationToken) {
    tokio::spawn(async move {
        let mut stream = EventStream::new();
        loop {
            let next = tokio::select! {
                _ = cancel.cancelled() => return,
                next = stream.next() => next,
            };
            let action = match next {
                Some(Ok(TermEvent::Key(key))) if key.kind == KeyEventKind::Press => {
                    Action::Key(key)
                }
                Some(Ok(TermEvent::Resize(w, h))) => Action::Resize(w, h),
                Some(Ok(_)) => continue,
                Some(Err(e)) => {
                    let _ = tx.send(Event::InputClosed(e.to_string())).await;
                    return;
                }
                None => {
                    let _ = tx.send(Event::InputClosed("end of input".into())).await;
                    return;
                }
            };
            if tx.send(Event::Action(action)).await.is_err() {
                return;
            }
        }
    });
}

/// Sends the time once a second; `update` redraws only when the header's text changes.
pub fn spawn_ticks(tx: EventTx, cancel: CancellationToken, period: Duration) {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(period);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            tokio::select! {
                _ = cancel.cancelled() => return,
                _ = interval.tick() => {}
            }
            if tx
                .send(Event::Action(Action::Tick(chrono::Utc::now())))
                .await
                .is_err()
            {
                return;
            }
        }
    });
}

/// SIGTERM and SIGHUP (the SSH connection dropped) quit cleanly so the terminal is restored.
pub fn spawn_signals(tx: EventTx, cancel: CancellationToken) {
    use tokio::signal::unix::{SignalKind, signal};
    tokio::spawn(async move {
        let (Ok(mut term), Ok(mut hup)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
        ) else {
            tracing::warn!("cannot install signal handlers");
            return;
        };
        tokio::select! {
            _ = cancel.cancelled() => return,
            _ = term.recv() => tracing::info!("SIGTERM: quitting"),
            _ = hup.recv() => tracing::info!("SIGHUP: quitting"),
        }
        let _ = tx.send(Event::Action(Action::Quit)).await;
    });
}
