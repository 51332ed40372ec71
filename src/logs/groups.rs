//! The `##[group]` / `##[endgroup]` structure, recorded at ingest so folding never scans the log.
//! Groups nest; one left open runs to the end of the log (a running step, or a runner that died).

use std::collections::VecDeque;

use super::LineId;

/// A group: its header line and, once closed, its `##[endgroup]` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Group {
    pub header: LineId,
    pub end: Option<LineId>,
    /// The enclosing group's id, if it is still held.
    parent: Option<u64>,
}

impl Group {
    /// True if `line` is the header, the endgroup line or anything between.
    pub fn contains(&self, line: LineId) -> bool {
        line >= self.header && self.end.is_none_or(|end| line <= end)
    }
}

/// Groups in header order, with stable ids (`base` is the id of the first held).
#[derive(Debug, Default, Clone)]
pub(super) struct Groups {
    list: VecDeque<Group>,
    base: u64,
    open: Vec<u64>,
}

impl Groups {
    pub(super) fn open(&mut self, header: LineId) {
        let id = self.base + self.list.len() as u64;
        self.list.push_back(Group {
            header,
            end: None,
            parent: self.open.last().copied(),
        });
        self.open.push(id);
    }

    /// An `##[endgroup]` closes the innermost open group; one with none open is ignored.
    pub(super) fn close(&mut self, end: LineId) {
        if let Some(id) = self.open.pop() {
            if let Some(group) = self.list.get_mut((id - self.base) as usize) {
                group.end = Some(end);
            }
        }
    }

    /// Forgets groups whose header was dropped: with no header there is nothing to fold.
    pub(super) fn drop_before(&mut self, first: LineId) {
        while self.list.front().is_some_and(|g| g.header < first) {
            self.list.pop_front();
            self.base += 1;
        }
        let base = self.base;
        self.open.retain(|id| *id >= base);
    }

    fn get(&self, id: u64) -> Option<&Group> {
        self.list.get(id.checked_sub(self.base)? as usize)
    }

    /// The group whose header is `line`.
    pub(super) fn at_header(&self, line: LineId) -> Option<Group> {
        let i = self.list.partition_point(|g| g.header < line);
        self.list.get(i).filter(|g| g.header == line).copied()
    }

    /// The groups containing `line`, innermost first.
    pub(super) fn enclosing(&self, line: LineId) -> impl Iterator<Item = Group> + '_ {
        // The last group starting at or before `line` either holds it or is nested in every
        // group that does (groups nest properly), so the holders are it and its ancestors.
        let i = self.list.partition_point(|g| g.header <= line);
        let mut next = i.checked_sub(1).map(|i| self.base + i as u64);
        std::iter::from_fn(move || {
            loop {
                let group = *self.get(next?)?;
                next = group.parent;
                if group.contains(line) {
                    return Some(group);
                }
            }
        })
    }

    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.list.len()
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &Group> {
        self.list.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines: 0 G, 1 x, 2 G, 3 x, 4 E, 5 x, 6 E, 7 x, 8 G (never closed), 9 x.
    fn sample() -> Groups {
        let mut g = Groups::default();
        g.open(0);
        g.open(2);
        g.close(4);
        g.close(6);
        g.close(7); // stray: nothing open
        g.open(8);
        g
    }

    fn headers(g: &Groups, line: LineId) -> Vec<LineId> {
        g.enclosing(line).map(|g| g.header).collect()
    }

    #[test]
    fn nested_and_unclosed() {
        let g = sample();
        assert_eq!(headers(&g, 0), vec![0]);
        assert_eq!(headers(&g, 3), vec![2, 0]);
        assert_eq!(headers(&g, 4), vec![2, 0]);
        assert_eq!(headers(&g, 5), vec![0]);
        assert_eq!(headers(&g, 7), Vec::<LineId>::new());
        assert_eq!(headers(&g, 9), vec![8]);
        assert_eq!(headers(&g, 1_000), vec![8]);
        assert_eq!(g.at_header(2).map(|g| g.end), Some(Some(4)));
        assert_eq!(g.at_header(8).map(|g| g.end), Some(None));
        assert_eq!(g.at_header(3), None);
    }

    #[test]
    fn dropping_headers_forgets_their_groups() {
        let mut g = sample();
        g.drop_before(1);
        assert_eq!(headers(&g, 3), vec![2]);
        assert_eq!(headers(&g, 5), Vec::<LineId>::new());
        g.drop_before(9);
        assert_eq!(g.len(), 0);
        // The open group went with its header: a later endgroup closes nothing.
        g.close(10);
        g.open(11);
        assert_eq!(headers(&g, 12), vec![11]);
    }
}
