//! The needs-graph laid out in layers, left to right, and drawn into a character grid.
//!
//! Layers by longest path; order within a layer by barycentre sweeps (fewest crossings); rows
//! pulled towards connected nodes so lines run straight; in each gap one channel per set of
//! targets fed by the same sources.
//! The result is plain data: node rectangles for scrolling and selection, and a `Grid` of
//! characters with semantic roles that the TUI maps to theme styles (and `--format text` prints).

mod build;
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

/// Per dag edge drawn: (from, to, indices into `Layout::paths` in order).
type EdgePieces = (usize, usize, Vec<usize>);

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
    edges: Vec<EdgePieces>,
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
        let build =
            |compact| build::Builder::new(dag, &layered, &contents, options, compact).finish();
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
