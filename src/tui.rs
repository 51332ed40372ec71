//! The terminal: alternate screen and raw mode on entry, always restored on the way out (normal exit,
//! error, panic, signal, or Drop), because a 3 a.m. engineer over SSH cannot afford a broken shell.

use std::io::{self, IsTerminal, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result, bail};
use crossterm::{cursor, execute, terminal};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Whether the terminal is currently in gantry's mode, so restoring twice is harmless.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Owns the terminal while the TUI runs; dropping it restores the terminal.
pub struct TerminalGuard {
    pub terminal: Term,
}

impl TerminalGuard {
    /// Enters raw mode and the alternate screen. Refuses when stdin or stdout is not a terminal,
    /// instead of writing escape sequences into a pipe or file.
    pub fn enter() -> Result<Self> {
        if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
            bail!(
                "gantry's interface needs a terminal, but {} is not one.\n\
                 Run it in an interactive terminal, or use `gantry status --json` for scripts.",
                if io::stdout().is_terminal() {
                    "standard input"
                } else {
                    "standard output"
                }
            );
        }
        install_panic_hook();
        terminal::enable_raw_mode().context("cannot switch the terminal to raw mode")?;
        ACTIVE.store(true, Ordering::SeqCst);
        let mut stdout = io::stdout();
        if let Err(e) = execute!(stdout, terminal::EnterAlternateScreen, cursor::Hide) {
            restore();
            return Err(e).context("cannot enter the alternate screen");
        }
        let terminal = match Terminal::new(CrosstermBackend::new(io::stdout())) {
            Ok(t) => t,
            Err(e) => {
                restore();
                return Err(e).context("cannot set up the terminal");
            }
        };
        Ok(TerminalGuard { terminal })
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Leaves the alternate screen and raw mode. Safe to call any number of times, from any path;
/// errors are ignored because the terminal may already be gone (a dropped SSH connection).
pub fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let mut stdout = io::stdout();
        let _ = execute!(stdout, terminal::LeaveAlternateScreen, cursor::Show);
        let _ = terminal::disable_raw_mode();
        let _ = stdout.flush();
    }
}

/// Restores the terminal before the panic message is printed, so the message is readable.
fn install_panic_hook() {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        tracing::error!("panic: {info}");
        previous(info);
    }));
}
