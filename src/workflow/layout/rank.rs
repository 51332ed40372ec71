//! Layers by longest path from the roots, with a dummy item wherever an edge skips a layer (one
//! per source and layer, shared by that source's long edges), so lines never cross a node.

use std::collections::{HashMap, HashSet};

use super::super::graph::Dag;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Item {
    /// A node of the dag (same index).
    Node(usize),
    /// A line passing through a layer.
    Dummy,
}

#[derive(Debug, Clone)]
pub(super) struct Layered {
    /// Items 0..n are the dag's nodes; dummies follow.
    pub items: Vec<Item>,
    pub layer_of: Vec<usize>,
    /// Item ids per layer, top to bottom.
    pub layers: Vec<Vec<usize>>,
    /// Item-to-item pieces between adjacent layers, without repeats.
    pub segs: Vec<(usize, usize)>,
    /// For each drawable dag edge: the items it passes, source first.
    pub chains: Vec<(usize, usize, Vec<usize>)>,
}

pub(super) fn layered(dag: &Dag) -> Layered {
    let n = dag.nodes.len();
    let layer = longest_path(dag);
    let mut items: Vec<Item> = (0..n).map(Item::Node).collect();
    let mut layer_of = layer.clone();
    let mut dummies: HashMap<(usize, usize), usize> = HashMap::new();
    let mut seen = HashSet::new();
    let mut segs = Vec::new();
    let mut chains = Vec::with_capacity(dag.edges.len());
    for &(from, to) in &dag.edges {
        if from >= n || to >= n || layer[to] <= layer[from] {
            continue; // Not a forward edge: only possible in a hand-made cyclic input.
        }
        let mut chain = vec![from];
        for l in layer[from] + 1..layer[to] {
            let id = *dummies.entry((from, l)).or_insert_with(|| {
                items.push(Item::Dummy);
                layer_of.push(l);
                items.len() - 1
            });
            chain.push(id);
        }
        chain.push(to);
        for pair in chain.windows(2) {
            if seen.insert((pair[0], pair[1])) {
                segs.push((pair[0], pair[1]));
            }
        }
        chains.push((from, to, chain));
    }
    let depth = layer_of.iter().max().map_or(0, |m| m + 1);
    let mut layers = vec![Vec::new(); depth];
    for (id, &l) in layer_of.iter().enumerate() {
        layers[l].push(id);
    }
    Layered {
        items,
        layer_of,
        layers,
        segs,
        chains,
    }
}

/// Each node one layer after the deepest of the nodes it needs; roots in layer 0.
fn longest_path(dag: &Dag) -> Vec<usize> {
    let n = dag.nodes.len();
    let mut indegree = vec![0usize; n];
    let mut out = vec![Vec::new(); n];
    for &(a, b) in &dag.edges {
        if a < n && b < n && a != b {
            indegree[b] += 1;
            out[a].push(b);
        }
    }
    let mut layer = vec![0usize; n];
    let mut ready: Vec<usize> = (0..n).filter(|&i| indegree[i] == 0).collect();
    while let Some(a) = ready.pop() {
        for &b in &out[a] {
            layer[b] = layer[b].max(layer[a] + 1);
            indegree[b] -= 1;
            if indegree[b] == 0 {
                ready.push(b);
            }
        }
    }
    layer
}
