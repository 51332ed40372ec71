//! One layout pass at one density: rows, routes, column widths (labels shortened to fit), node
//! rectangles and the cells of every line.

use std::collections::HashMap;

use super::super::graph::Dag;
use super::{EdgePieces, Layout, Options, Path, Placed, Rect, place, rank, route, size};

/// One layout pass at one density.
pub(super) struct Builder<'a> {
    dag: &'a Dag,
    l: &'a rank::Layered,
    contents: &'a [size::Content],
    options: &'a Options,
    compact: bool,
}

/// Where things ended up: rows per item, and per layer its column's left edge and width.
struct Frame {
    y: Vec<usize>,
    port: Vec<usize>,
    col_x: Vec<usize>,
    col_w: Vec<usize>,
    gap_w: Vec<usize>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(
        dag: &'a Dag,
        l: &'a rank::Layered,
        contents: &'a [size::Content],
        options: &'a Options,
        compact: bool,
    ) -> Self {
        Builder {
            dag,
            l,
            contents,
            options,
            compact,
        }
    }

    pub(super) fn finish(self) -> Layout {
        let l = self.l;
        let n = self.dag.nodes.len();
        let node_h = if self.compact { 1 } else { 3 };
        let height: Vec<usize> = (0..l.items.len())
            .map(|it| if it < n { node_h } else { 1 })
            .collect();
        let port: Vec<usize> = (0..l.items.len())
            .map(|it| if it < n { node_h / 2 } else { 0 })
            .collect();
        let mut y = place::rows(l, &height, &port, usize::from(!self.compact));
        let gaps = route::route(l, &mut y, &port);
        let gap_w: Vec<usize> = gaps.iter().map(|g| g.channels + 3).collect();
        let label_max = self.label_max(&gap_w);
        let col_w = self.column_widths(label_max);
        let mut col_x = Vec::with_capacity(col_w.len());
        let mut width = 0;
        for (k, w) in col_w.iter().enumerate() {
            col_x.push(width);
            width += w + gap_w.get(k).copied().unwrap_or(0);
        }
        let total_h = (0..l.items.len())
            .map(|it| y[it] + height[it])
            .max()
            .unwrap_or(0);
        let frame = Frame {
            y,
            port,
            col_x,
            col_w,
            gap_w,
        };
        let nodes = self.place_nodes(&frame, node_h, label_max);
        let (paths, edges) = self.lines(&frame, &gaps);
        let mut succs = vec![Vec::new(); n];
        let mut preds = vec![Vec::new(); n];
        for (a, b, _) in &l.chains {
            succs[*a].push(*b);
            preds[*b].push(*a);
        }
        let layers = l
            .layers
            .iter()
            .map(|layer| layer.iter().copied().filter(|&it| it < n).collect())
            .collect();
        Layout {
            width,
            height: total_h,
            compact: self.compact,
            ascii: self.options.ascii,
            nodes,
            layers,
            paths,
            edges,
            succs,
            preds,
        }
    }

    /// Each layer's width: its widest node with labels cut to `label_max`.
    fn column_widths(&self, label_max: usize) -> Vec<usize> {
        let n = self.dag.nodes.len();
        self.l
            .layers
            .iter()
            .map(|layer| {
                layer
                    .iter()
                    .filter(|&&it| it < n)
                    .map(|&it| self.contents[it].width(label_max, self.compact))
                    .max()
                    .unwrap_or(1)
            })
            .collect()
    }

    /// The longest label width that keeps the picture within the viewport's width, never
    /// below `MIN_LABEL` (unless no label is that long).
    fn label_max(&self, gap_w: &[usize]) -> usize {
        let longest = self
            .contents
            .iter()
            .map(|c| c.label_width())
            .max()
            .unwrap_or(0);
        let gaps: usize = gap_w.iter().sum();
        let fits = |label_max: usize| {
            self.column_widths(label_max).iter().sum::<usize>() + gaps <= self.options.width
        };
        if fits(longest) {
            return longest;
        }
        // Widths only grow with the label limit: binary search for the widest that fits.
        let (mut lo, mut hi) = (size::MIN_LABEL.min(longest), longest);
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if fits(mid) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        lo
    }

    /// Nodes left-aligned in their layer's column, all as wide as the column.
    fn place_nodes(&self, f: &Frame, node_h: usize, label_max: usize) -> Vec<Placed> {
        self.dag
            .nodes
            .iter()
            .enumerate()
            .map(|(i, node)| {
                let k = self.l.layer_of[i];
                let content = self.contents[i].clone();
                Placed {
                    id: node.id,
                    rect: Rect {
                        x: f.col_x[k],
                        y: f.y[i],
                        width: f.col_w[k],
                        height: node_h,
                    },
                    layer: k,
                    port: f.y[i] + f.port[i],
                    label: size::truncate(&content.label, label_max, self.options.ascii),
                    content,
                }
            })
            .collect()
    }

    /// Every piece of line (each bus's source-to-target pieces, then lines through layers past
    /// the nodes), and per dag edge the pieces it is made of.
    fn lines(&self, f: &Frame, gaps: &[route::Gap]) -> (Vec<Path>, Vec<EdgePieces>) {
        let (l, n) = (self.l, self.dag.nodes.len());
        let mut paths = Vec::new();
        let mut piece = HashMap::new();
        for (k, g) in gaps.iter().enumerate() {
            let x0 = f.col_x[k] + f.col_w[k];
            let xa = x0 + f.gap_w[k] - 1;
            for bus in &g.buses {
                for &t in &bus.targets {
                    let yt = f.y[t] + f.port[t];
                    for &s in &bus.sources {
                        let ys = f.y[s] + f.port[s];
                        let cells = match bus.channel {
                            None => (x0..=xa).map(|x| (x, ys)).collect(),
                            Some(c) => bend(x0, x0 + 1 + c, xa, ys, yt),
                        };
                        piece.insert((s, t), paths.len());
                        paths.push(Path {
                            cells,
                            arrow: t < n,
                        });
                    }
                }
            }
        }
        let mut through = HashMap::new();
        for (it, item) in l.items.iter().enumerate() {
            if *item == rank::Item::Dummy {
                let k = l.layer_of[it];
                through.insert(it, paths.len());
                paths.push(Path {
                    cells: (f.col_x[k]..f.col_x[k] + f.col_w[k])
                        .map(|x| (x, f.y[it]))
                        .collect(),
                    arrow: false,
                });
            }
        }
        let edges = l
            .chains
            .iter()
            .map(|(a, b, chain)| {
                let mut ps = Vec::new();
                for (i, pair) in chain.windows(2).enumerate() {
                    if i > 0 {
                        ps.extend(through.get(&pair[0]).copied());
                    }
                    ps.extend(piece.get(&(pair[0], pair[1])).copied());
                }
                (*a, *b, ps)
            })
            .collect();
        (paths, edges)
    }
}

/// Out along row `ys` to channel `xc`, along the channel to row `yt`, then on to `xa`.
fn bend(x0: usize, xc: usize, xa: usize, ys: usize, yt: usize) -> Vec<(usize, usize)> {
    let mut cells: Vec<(usize, usize)> = (x0..xc).map(|x| (x, ys)).collect();
    if ys <= yt {
        cells.extend((ys..=yt).map(|y| (xc, y)));
    } else {
        cells.extend((yt..=ys).rev().map(|y| (xc, y)));
    }
    cells.extend((xc + 1..=xa).map(|x| (x, yt)));
    cells
}
