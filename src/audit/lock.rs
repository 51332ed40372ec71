//! Whole-file advisory locks: flock through nix, which keeps gantry's minimum Rust at 1.85
//! (std's `File::lock` needs 1.89). Each lock belongs to one open file, so two handles in one
//! process exclude each other as two processes do. Released when the guard drops.

use std::fs::File;
use std::io;
use std::ops::{Deref, DerefMut};

#[cfg(unix)]
pub struct Locked(nix::fcntl::Flock<File>);

#[cfg(unix)]
fn flock(mut file: File, arg: nix::fcntl::FlockArg) -> io::Result<Locked> {
    loop {
        match nix::fcntl::Flock::lock(file, arg) {
            Ok(locked) => return Ok(Locked(locked)),
            // A signal arrived while waiting: wait again.
            Err((f, nix::errno::Errno::EINTR)) => file = f,
            Err((_, errno)) => return Err(io::Error::from(errno)),
        }
    }
}

/// Waits for the exclusive lock: writers.
#[cfg(unix)]
pub fn exclusive(file: File) -> io::Result<Locked> {
    flock(file, nix::fcntl::FlockArg::LockExclusive)
}

/// Waits for a shared lock: readers, so that no line is read half-written.
#[cfg(unix)]
pub fn shared(file: File) -> io::Result<Locked> {
    flock(file, nix::fcntl::FlockArg::LockShared)
}

#[cfg(unix)]
impl Deref for Locked {
    type Target = File;
    fn deref(&self) -> &File {
        &self.0
    }
}

#[cfg(unix)]
impl DerefMut for Locked {
    fn deref_mut(&mut self) -> &mut File {
        &mut self.0
    }
}

// Elsewhere std's locks (Rust 1.89); gantry itself is unix-only today (its signal handling).
#[cfg(not(unix))]
pub struct Locked(File);

#[cfg(not(unix))]
pub fn exclusive(file: File) -> io::Result<Locked> {
    file.lock()?;
    Ok(Locked(file))
}

#[cfg(not(unix))]
pub fn shared(file: File) -> io::Result<Locked> {
    file.lock_shared()?;
    Ok(Locked(file))
}

#[cfg(not(unix))]
impl Deref for Locked {
    type Target = File;
    fn deref(&self) -> &File {
        &self.0
    }
}

#[cfg(not(unix))]
impl DerefMut for Locked {
    fn deref_mut(&mut self) -> &mut File {
        &mut self.0
    }
}
