//! What `update` asks the outside world to do. The runner carries effects out; sources answer with
//! actions, so `update` stays pure.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Ask every source to refresh now.
    Refresh,
    /// Put text on the clipboard with OSC 52 (works over SSH).
    Copy(String),
    /// Ring the terminal bell.
    Bell,
}
