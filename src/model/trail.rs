//! The audit trail as the Audit screen shows it: rows newest first, each with its verification
//! state, and the verdict of the whole chain. Cells were sanitised when read.

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrailView {
    pub path: String,
    /// intact, torn or broken.
    pub verdict: String,
    /// How many findings verification made (edited, removed, reordered, torn lines).
    pub findings: usize,
    /// Newest first: line, state, time (UTC), actor, action, target, result.
    pub rows: Vec<[String; 7]>,
}
