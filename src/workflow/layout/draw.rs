//! The layout drawn into a grid: lines first (joined into box-drawing glyphs), then nodes.

use unicode_width::UnicodeWidthStr;

use super::super::graph::NodeId;
use super::{Grid, Layout, Placed, Role};

const LEFT: u8 = 1;
const RIGHT: u8 = 2;
const UP: u8 = 4;
const DOWN: u8 = 8;

impl Layout {
    /// The picture; `selected` is drawn with a heavy border and the selected role.
    pub fn draw(&self, selected: Option<NodeId>) -> Grid {
        let mut grid = Grid::new(self.width, self.height);
        self.draw_lines(&mut grid);
        for node in &self.nodes {
            let sel = selected == Some(node.id);
            if self.compact {
                self.draw_compact(&mut grid, node, sel);
            } else {
                self.draw_box(&mut grid, node, sel);
            }
        }
        grid
    }

    fn draw_lines(&self, grid: &mut Grid) {
        let w = self.width;
        let mut bits = vec![0u8; w * self.height];
        // A cell where one line turns or forks is a junction; where two lines only cross, the
        // horizontal one is drawn over the other (it leads into an arrow: reading left to right
        // it should stay whole), so no connection is implied.
        let mut junction = vec![false; w * self.height];
        let mut arrows = Vec::new();
        for path in &self.paths {
            let cells = &path.cells;
            for (i, &(x, y)) in cells.iter().enumerate() {
                let mut b = 0;
                b |= match i.checked_sub(1).and_then(|p| cells.get(p)) {
                    Some(&p) => direction((x, y), p),
                    None => LEFT,
                };
                b |= match cells.get(i + 1) {
                    Some(&n) => direction((x, y), n),
                    None => RIGHT,
                };
                let at = y * w + x;
                if let Some(cell) = bits.get_mut(at) {
                    *cell |= b;
                    if b & (LEFT | RIGHT) != 0 && b & (UP | DOWN) != 0 {
                        junction[at] = true;
                    }
                }
            }
            if path.arrow
                && let Some(&end) = cells.last()
            {
                arrows.push(end);
            }
        }
        for (at, &b) in bits.iter().enumerate() {
            if b != 0 {
                let glyph = glyph(b, junction[at], self.ascii);
                grid.set(at % w, at / w, glyph, Role::Edge);
            }
        }
        let arrow = if self.ascii { '>' } else { '▶' };
        for (x, y) in arrows {
            grid.set(x, y, arrow, Role::Edge);
        }
    }

    fn draw_box(&self, grid: &mut Grid, node: &Placed, selected: bool) {
        let r = node.rect;
        if r.width < 2 || r.height < 3 {
            return;
        }
        let border = if selected {
            Role::Selected
        } else {
            Role::Border
        };
        let [tl, tr, bl, br, h, v] = match (self.ascii, selected) {
            (false, false) => ['╭', '╮', '╰', '╯', '─', '│'],
            (false, true) => ['┏', '┓', '┗', '┛', '━', '┃'],
            (true, false) => ['+', '+', '+', '+', '-', '|'],
            (true, true) => ['#', '#', '#', '#', '=', '#'],
        };
        let (right, bottom) = (r.right() - 1, r.y + 2);
        for x in r.x + 1..right {
            grid.set(x, r.y, h, border);
            grid.set(x, bottom, h, border);
        }
        grid.set(r.x, r.y, tl, border);
        grid.set(right, r.y, tr, border);
        grid.set(r.x, bottom, bl, border);
        grid.set(right, bottom, br, border);
        grid.set(r.x, r.y + 1, v, border);
        grid.set(right, r.y + 1, v, border);
        self.draw_content(grid, node, r.x + 1, r.width - 2, 1, selected);
    }

    fn draw_compact(&self, grid: &mut Grid, node: &Placed, selected: bool) {
        let r = node.rect;
        if r.width < 2 {
            return;
        }
        let border = if selected {
            Role::Selected
        } else {
            Role::Border
        };
        grid.set(r.x, r.y, '[', border);
        grid.set(r.right() - 1, r.y, ']', border);
        self.draw_content(grid, node, r.x + 1, r.width - 2, 0, selected);
    }

    /// ` ✓ label ×2 ?   2m03s ` within `width` columns from `x` on the node's middle row;
    /// `pad` blank columns at each end.
    fn draw_content(
        &self,
        grid: &mut Grid,
        node: &Placed,
        x: usize,
        width: usize,
        pad: usize,
        selected: bool,
    ) {
        let y = node.port;
        let c = &node.content;
        let text_role = if selected { Role::Selected } else { Role::Text };
        let muted = if selected {
            Role::Selected
        } else {
            Role::Muted
        };
        if selected {
            for i in 0..width {
                grid.set(x + i, y, ' ', Role::Selected);
            }
        }
        let end = x + width - pad;
        let mut at = x + pad;
        if !c.symbol.is_empty() {
            at += grid.put(at, y, &c.symbol, c.role, end.saturating_sub(at));
            at += 1;
        }
        at += grid.put(at, y, &node.label, text_role, end.saturating_sub(at));
        at += grid.put(at, y, &c.suffix, muted, end.saturating_sub(at));
        if !c.text.is_empty() {
            let tw = c.text.width();
            let start = end.saturating_sub(tw).max(at + 1);
            grid.put(start, y, &c.text, muted, end.saturating_sub(start));
        }
    }
}

/// The direction from `from` to its neighbour `to`.
fn direction(from: (usize, usize), to: (usize, usize)) -> u8 {
    if to.0 < from.0 {
        LEFT
    } else if to.0 > from.0 {
        RIGHT
    } else if to.1 < from.1 {
        UP
    } else {
        DOWN
    }
}

fn glyph(bits: u8, junction: bool, ascii: bool) -> char {
    let horizontal = bits & (LEFT | RIGHT) != 0;
    let vertical = bits & (UP | DOWN) != 0;
    if ascii {
        return match (horizontal, vertical) {
            (true, false) => '-',
            (false, _) => '|',
            (true, true) if bits == LEFT | RIGHT | UP | DOWN && !junction => '-',
            (true, true) => '+',
        };
    }
    match bits {
        b if b == LEFT | RIGHT | UP | DOWN && junction => '┼',
        b if b == LEFT | RIGHT | UP | DOWN => '─',
        b if b == RIGHT | DOWN => '╭',
        b if b == LEFT | DOWN => '╮',
        b if b == RIGHT | UP => '╰',
        b if b == LEFT | UP => '╯',
        b if b == LEFT | RIGHT | DOWN => '┬',
        b if b == LEFT | RIGHT | UP => '┴',
        b if b == UP | DOWN | RIGHT => '├',
        b if b == UP | DOWN | LEFT => '┤',
        _ if horizontal => '─',
        _ => '│',
    }
}
