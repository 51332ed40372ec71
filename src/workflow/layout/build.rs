//! One layout pass at one density: rows, routes, column widths (labels shortened to fit), node
//! rectangles and the cells of every line.

use std::collections::HashMap;

use super::super::graph::Dag;
use super::{Layout, Options, Path, Placed, Rect, place, rank, route, size};

/// One layout pass at one density.
pub(super) struct Builder<'a> {
    dag: &'a Dag,
    l: &'a rank::Layered,
    contents: &'a [size::Content],
    options: &'a Options,
    compact: bool,
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
        let gap = usize::from(!self.compact);
        let mut y = place::rows(l, &height, &port, gap);
        let gaps = route::route(l, &mut y, &port);
        let gap_w: Vec<usize> = gaps.iter().map(|g| g.channels + 3).collect();
        let label_max = self.label_max(&gap_w);
        let col_w: Vec<usize> = l
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
            .collect();
        let mut col_x = Vec::with_capacity(col_w.len());
        let mut x = 0;
        for (k, w) in col_w.iter().enumerate() {
            col_x.push(x);
            x += w + gap_w.get(k).copied().unwrap_or(0);
        }
        let width = x;
        let total_h = (0..l.items.len())
            .map(|it| y[it] + height[it])
            .max()
            .unwrap_or(0);

        let mut nodes = Vec::with_capacity(n);
        for (i, node) in self.dag.nodes.iter().enumerate() {
            let k = l.layer_of[i];
            let content = self.contents[i].clone();
            nodes.push(Placed {
                id: node.id,
                rect: Rect {
                    x: col_x[k],
                    y: y[i],
                    width: col_w[k],
                    height: node_h,
                },
                layer: k,
                port: y[i] + port[i],
                label: size::truncate(&content.label, label_max, self.options.ascii),
                content,
            });
        }

        // Lines: each net's pieces, then lines through layers past the nodes.
        let mut paths = Vec::new();
        let mut seg_path = HashMap::new();
        for (k, g) in gaps.iter().enumerate() {
            let x0 = col_x[k] + col_w[k];
            let xa = x0 + gap_w[k] - 1;
            for bus in &g.buses {
                for &t in &bus.targets {
                    let yt = y[t] + port[t];
                    for &s in &bus.sources {
                        let ys = y[s] + port[s];
                        let cells = match bus.channel {
                            None => (x0..=xa).map(|x| (x, ys)).collect(),
                            Some(c) => bend(x0, x0 + 1 + c, xa, ys, yt),
                        };
                        seg_path.insert((s, t), paths.len());
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
                    cells: (col_x[k]..col_x[k] + col_w[k])
                        .map(|x| (x, y[it]))
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
                    ps.extend(seg_path.get(&(pair[0], pair[1])).copied());
                }
                (*a, *b, ps)
            })
            .collect();

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

    /// The longest label width that keeps the picture within the viewport's width, never
    /// below `MIN_LABEL` (unless no label is that long).
    fn label_max(&self, gap_w: &[usize]) -> usize {
        let n = self.dag.nodes.len();
        let longest = self
            .contents
            .iter()
            .map(|c| c.label_width())
            .max()
            .unwrap_or(0);
        let total = |label_max: usize| -> usize {
            let cols: usize = self
                .l
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
                .sum();
            cols + gap_w.iter().sum::<usize>()
        };
        let floor = size::MIN_LABEL.min(longest);
        if total(longest) <= self.options.width {
            return longest;
        }
        // Widths only grow with the label limit: binary search for the widest that fits.
        let (mut lo, mut hi) = (floor, longest);
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if total(mid) <= self.options.width {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        lo
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
