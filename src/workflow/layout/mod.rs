//! The needs-graph laid out in layers, left to right, and drawn into a character grid.
//!
//! Layers by longest path; order within a layer by barycentre sweeps (fewest crossings); rows
//! pulled towards connected nodes so lines run straight; one channel per target in each gap.
//! The result is plain data: node rectangles for scrolling and selection, and a `Grid` of
//! characters with semantic roles that the TUI maps to theme styles (and `--format text` prints).

mod draw;
mod grid;
mod nav;
mod order;
mod place;
mod rank;
mod route;
mod size;

use super::graph::{Dag, NodeId};

pub use grid::{Cell, Grid, Role, WIDE_TAIL};
pub use nav::Direction;

/// What the caller knows about a node: the status glyph, its role, and a duration or elapsed
/// time (`2m03s`, `4/6`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeStatus {
    pub symbol: String,
    pub role: Role,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Density {
    /// Boxes when they fit the viewport, else one line per node.
    #[default]
    Auto,
    /// Three-row boxes.
    Boxes,
    /// One line per node: `[✓ Build 2m03s]`.
    Compact,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The viewport; labels are shortened to fit its width when they can be. `usize::MAX` for
    /// no limit.
    pub width: usize,
    pub height: usize,
    pub density: Density,
    /// Plain ASCII lines, corners and arrows.
    pub ascii: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            width: usize::MAX,
            height: usize::MAX,
            density: Density::Auto,
            ascii: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rect {
    pub x: usize,
    pub y: usize,
    pub width: usize,
    pub height: usize,
}

impl Rect {
    pub fn right(&self) -> usize {
        self.x + self.width
    }
    pub fn bottom(&self) -> usize {
        self.y + self.height
    }
    pub fn contains(&self, x: usize, y: usize) -> bool {
        x >= self.x && x < self.right() && y >= self.y && y < self.bottom()
    }
    pub fn intersects(&self, o: &Rect) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }
}

/// A node as placed: where, and what it shows.
#[derive(Debug, Clone)]
pub struct Placed {
    pub id: NodeId,
    pub rect: Rect,
    pub layer: usize,
    /// The row lines attach to.
    pub port: usize,
    content: size::Content,
    /// The label as it fits.
    label: String,
}

/// An edge's line: dag node indices and the (x, y) cells, source side first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub from: usize,
    pub to: usize,
    pub cells: Vec<(usize, usize)>,
}

/// One piece of line between two adjacent layers, or through a layer past the nodes.
#[derive(Debug, Clone)]
struct Path {
    cells: Vec<(usize, usize)>,
    /// Ends at a node (draw an arrowhead), not at a line passing through a layer.
    arrow: bool,
}

#[derive(Debug, Clone)]
pub struct Layout {
    pub width: usize,
    pub height: usize,
    pub compact: bool,
    pub ascii: bool,
    /// Index-aligned with the dag's nodes.
    pub nodes: Vec<Placed>,
    /// Dag node indices per layer, top to bottom.
    pub layers: Vec<Vec<usize>>,
    paths: Vec<Path>,
    /// Per dag edge drawn: (from, to, indices into `paths` in order).
    edges: Vec<(usize, usize, Vec<usize>)>,
    succs: Vec<Vec<usize>>,
    preds: Vec<Vec<usize>>,
}

impl Layout {
    /// Lays out `dag`; `status` gives each node's symbol, role and text (`None`: not started).
    pub fn new(
        dag: &Dag,
        status: &dyn Fn(NodeId) -> Option<NodeStatus>,
        options: &Options,
    ) -> Layout {
        let contents: Vec<size::Content> = dag
            .nodes
            .iter()
            .map(|n| size::Content::new(n, status(n.id), options.ascii))
            .collect();
        let mut layered = rank::layered(dag);
        order::order(&mut layered);
        let build = |compact| Builder::new(dag, &layered, &contents, options, compact).finish();
        match options.density {
            Density::Boxes => build(false),
            Density::Compact => build(true),
            Density::Auto => {
                let boxes = build(false);
                let fits = boxes.width <= options.width && boxes.height <= options.height;
                if fits { boxes } else { build(true) }
            }
        }
    }

    /// Every drawn edge with the cells its line passes: for tests and for highlighting a
    /// node's lines.
    pub fn routes(&self) -> Vec<Route> {
        self.edges
            .iter()
            .map(|(a, b, ps)| Route {
                from: *a,
                to: *b,
                cells: ps
                    .iter()
                    .filter_map(|&p| self.paths.get(p))
                    .flat_map(|p| p.cells.iter().copied())
                    .collect(),
            })
            .collect()
    }

    /// The placed node for an id.
    pub fn node(&self, id: NodeId) -> Option<&Placed> {
        self.nodes.iter().find(|n| n.id == id)
    }
}

/// One layout pass at one density.
struct Builder<'a> {
    dag: &'a Dag,
    l: &'a rank::Layered,
    contents: &'a [size::Content],
    options: &'a Options,
    compact: bool,
}

impl<'a> Builder<'a> {
    fn new(
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

    fn finish(self) -> Layout {
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
        let mut seg_path = std::collections::HashMap::new();
        for (k, g) in gaps.iter().enumerate() {
            let x0 = col_x[k] + col_w[k];
            let xa = x0 + gap_w[k] - 1;
            for net in &g.nets {
                let yt = y[net.target] + port[net.target];
                for &s in &net.sources {
                    let ys = y[s] + port[s];
                    let cells = match net.channel {
                        None => (x0..=xa).map(|x| (x, ys)).collect(),
                        Some(c) => bend(x0, x0 + 1 + c, xa, ys, yt),
                    };
                    seg_path.insert((s, net.target), paths.len());
                    paths.push(Path {
                        cells,
                        arrow: net.target < n,
                    });
                }
            }
        }
        let mut through = std::collections::HashMap::new();
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
