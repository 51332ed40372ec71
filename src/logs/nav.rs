//! Which lines are on show, and stepping between them: `##[endgroup]` lines are never shown, a
//! folded group shows only its header, and in filter mode only the matching lines show. Every step
//! costs a few lookups, never a pass over the log, so it is the same at a thousand lines as at a
//! million.

use std::collections::HashSet;

use super::parse::Marker;
use super::{LineId, LogBuffer};

pub(super) struct Nav<'a> {
    buf: &'a LogBuffer,
    folded: &'a HashSet<LineId>,
    /// The matching lines, in filter mode.
    only: Option<&'a [LineId]>,
}

impl<'a> Nav<'a> {
    pub(super) fn new(
        buf: &'a LogBuffer,
        folded: &'a HashSet<LineId>,
        only: Option<&'a [LineId]>,
    ) -> Nav<'a> {
        Nav { buf, folded, only }
    }

    pub(super) fn first(&self) -> Option<LineId> {
        self.forward_from(self.buf.first())
    }

    pub(super) fn last(&self) -> Option<LineId> {
        self.backward_from(self.buf.end().checked_sub(1)?)
    }

    pub(super) fn next(&self, id: LineId) -> Option<LineId> {
        if self.only.is_none() && self.folded.contains(&id) {
            let group = self.buf.groups.at_header(id)?;
            return self.forward_from(group.end? + 1);
        }
        self.forward_from(id + 1)
    }

    pub(super) fn prev(&self, id: LineId) -> Option<LineId> {
        self.backward_from(id.checked_sub(1)?)
    }

    /// The shown line that stands for `id`: itself, the header of a folded group holding it, or
    /// the nearest shown line before it (after it, at the very start).
    pub(super) fn normalize(&self, id: LineId) -> Option<LineId> {
        self.backward_from(id).or_else(|| self.forward_from(id))
    }

    /// The first shown line at or after `id`.
    pub(super) fn forward_from(&self, mut id: LineId) -> Option<LineId> {
        if let Some(only) = self.only {
            return only.get(only.partition_point(|m| *m < id)).copied();
        }
        id = id.max(self.buf.first());
        loop {
            if self.buf.marker(id)? == Marker::EndGroup {
                id += 1;
                continue;
            }
            let shown = self.shown_as(id);
            if shown == id {
                return Some(id);
            }
            // Inside a folded group: past its end, if it has one.
            id = self.buf.groups.at_header(shown)?.end? + 1;
        }
    }

    /// The last shown line at or before `id`.
    pub(super) fn backward_from(&self, mut id: LineId) -> Option<LineId> {
        if let Some(only) = self.only {
            let at = only.partition_point(|m| *m <= id);
            return only.get(at.checked_sub(1)?).copied();
        }
        id = id.min(self.buf.end().checked_sub(1)?);
        loop {
            if id < self.buf.first() {
                return None;
            }
            if self.buf.marker(id)? == Marker::EndGroup {
                id = id.checked_sub(1)?;
                continue;
            }
            return Some(self.shown_as(id));
        }
    }

    /// The header of the outermost folded group hiding `id`, or `id` itself.
    pub(super) fn shown_as(&self, id: LineId) -> LineId {
        if self.folded.is_empty() || self.only.is_some() {
            return id;
        }
        self.buf
            .groups
            .enclosing(id)
            .filter(|g| g.header != id && self.folded.contains(&g.header))
            .last()
            .map_or(id, |g| g.header)
    }
}
