//! Moving the selection along the graph and keeping it in view.

use super::super::graph::NodeId;
use super::Layout;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `h`: the previous layer.
    Left,
    /// `l`: the next layer.
    Right,
    /// `k`: the node above in the same layer.
    Up,
    /// `j`: the node below in the same layer.
    Down,
}

impl Layout {
    /// The first node of the first layer: where a selection starts.
    pub fn first(&self) -> Option<NodeId> {
        let i = *self.layers.first()?.first()?;
        Some(self.nodes.get(i)?.id)
    }

    /// Where `from` moves to. Across layers the nearest node by row is taken, preferring one the
    /// line from `from` leads to (or comes from); `None` at an edge of the graph.
    pub fn neighbour(&self, from: NodeId, dir: Direction) -> Option<NodeId> {
        let i = self.nodes.iter().position(|n| n.id == from)?;
        let layer = self.nodes[i].layer;
        let target = match dir {
            Direction::Up | Direction::Down => {
                let column = self.layers.get(layer)?;
                let p = column.iter().position(|&x| x == i)?;
                let q = if dir == Direction::Up {
                    p.checked_sub(1)?
                } else {
                    p + 1
                };
                *column.get(q)?
            }
            Direction::Left | Direction::Right => {
                let next = if dir == Direction::Left {
                    layer.checked_sub(1)?
                } else {
                    layer + 1
                };
                let column = self.layers.get(next)?;
                let linked = if dir == Direction::Left {
                    &self.preds[i]
                } else {
                    &self.succs[i]
                };
                let port = self.nodes[i].port;
                let nearest = |only_linked: bool| {
                    column
                        .iter()
                        .copied()
                        .filter(|c| !only_linked || linked.contains(c))
                        .min_by_key(|&c| self.nodes[c].port.abs_diff(port))
                };
                nearest(true).or_else(|| nearest(false))?
            }
        };
        Some(self.nodes.get(target)?.id)
    }

    /// The scroll offset that shows `selected` whole in a `view_width` x `view_height` window,
    /// moving as little as possible from `offset`.
    pub fn scroll_to(
        &self,
        selected: NodeId,
        view_width: usize,
        view_height: usize,
        offset: (usize, usize),
    ) -> (usize, usize) {
        let Some(node) = self.node(selected) else {
            return offset;
        };
        let r = node.rect;
        let axis = |start: usize, len: usize, view: usize, total: usize, at: usize| {
            let mut at = at;
            if start + len > at + view {
                at = (start + len).saturating_sub(view);
            }
            if start < at {
                at = start;
            }
            at.min(total.saturating_sub(view))
        };
        (
            axis(r.x, r.width, view_width, self.width, offset.0),
            axis(r.y, r.height, view_height, self.height, offset.1),
        )
    }
}
