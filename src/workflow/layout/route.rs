//! Lines between two layers. Every target gets one vertical channel in the gap where all the
//! lines into it merge; a line that can run straight takes none. Channels are ordered so that no
//! two unrelated lines share a cell (they may only cross at right angles), and among such orders
//! the one with fewer crossings is kept.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use super::rank::Layered;

#[derive(Debug, Clone, Default)]
pub(super) struct Gap {
    pub channels: usize,
    pub nets: Vec<Net>,
}

#[derive(Debug, Clone)]
pub(super) struct Net {
    pub target: usize,
    pub sources: Vec<usize>,
    /// `None`: one source on the target's row, a straight line.
    pub channel: Option<usize>,
}

/// Routes every gap, left to right. A target whose channel cannot be ordered (two lines would
/// share a row) is moved down a row, with the items below it, until it can.
pub(super) fn route(l: &Layered, y: &mut [usize], port: &[usize]) -> Vec<Gap> {
    let mut gaps = Vec::with_capacity(l.layers.len().saturating_sub(1));
    for k in 0..l.layers.len().saturating_sub(1) {
        let mut by_target: Vec<(usize, Vec<usize>)> = Vec::new();
        for &(a, b) in &l.segs {
            if l.layer_of[a] == k {
                match by_target.iter_mut().find(|(t, _)| *t == b) {
                    Some((_, s)) => s.push(a),
                    None => by_target.push((b, vec![a])),
                }
            }
        }
        // Each shift moves a target below where it was; past the last source row nothing can
        // clash, so this ends.
        loop {
            let row = |it: usize| y[it] + port[it];
            match order_channels(&by_target, &row) {
                Ok(gap) => {
                    gaps.push(gap);
                    break;
                }
                Err(target) => shift_from(&l.layers[k + 1], target, y),
            }
        }
    }
    gaps
}

fn shift_from(layer: &[usize], target: usize, y: &mut [usize]) {
    if let Some(p) = layer.iter().position(|&it| it == target) {
        for &it in &layer[p..] {
            y[it] += 1;
        }
    }
}

/// The channel of each net, or the target to move when no order keeps lines apart.
fn order_channels(
    by_target: &[(usize, Vec<usize>)],
    row: &dyn Fn(usize) -> usize,
) -> Result<Gap, usize> {
    let mut nets: Vec<Net> = by_target
        .iter()
        .map(|(t, s)| Net {
            target: *t,
            sources: s.clone(),
            channel: None,
        })
        .collect();
    let bent: Vec<usize> = (0..nets.len())
        .filter(|&i| {
            let n = &nets[i];
            !(n.sources.len() == 1 && row(n.sources[0]) == row(n.target))
        })
        .collect();
    if bent.is_empty() {
        return Ok(Gap { channels: 0, nets });
    }
    // A before B when a source of A sits on B's target row: A's line out must end (at A's
    // channel) before B's line in starts (after B's channel).
    let target_row: HashMap<usize, usize> = bent
        .iter()
        .enumerate()
        .map(|(i, &n)| (row(nets[n].target), i))
        .collect();
    let m = bent.len();
    let mut after: Vec<Vec<usize>> = vec![Vec::new(); m];
    let mut indegree = vec![0usize; m];
    for (i, &n) in bent.iter().enumerate() {
        for &s in &nets[n].sources {
            if let Some(&j) = target_row.get(&row(s))
                && j != i
                && !after[i].contains(&j)
            {
                after[i].push(j);
                indegree[j] += 1;
            }
        }
    }
    let rank = preferred(&nets, &bent, row);
    let mut heap: BinaryHeap<Reverse<(usize, usize)>> = (0..m)
        .filter(|&i| indegree[i] == 0)
        .map(|i| Reverse((rank[i], i)))
        .collect();
    let mut next = 0;
    let mut placed = vec![false; m];
    while let Some(Reverse((_, i))) = heap.pop() {
        nets[bent[i]].channel = Some(next);
        placed[i] = true;
        next += 1;
        for &j in &after[i] {
            indegree[j] -= 1;
            if indegree[j] == 0 {
                heap.push(Reverse((rank[j], j)));
            }
        }
    }
    if next < m {
        // A cycle: move the lowest of the stuck targets.
        let stuck = (0..m)
            .filter(|&i| !placed[i])
            .max_by_key(|&i| row(nets[bent[i]].target))
            .map_or(nets[bent[0]].target, |i| nets[bent[i]].target);
        return Err(stuck);
    }
    Ok(Gap { channels: m, nets })
}

/// A rank per bent net: targets top to bottom or bottom to top, whichever crosses less.
fn preferred(nets: &[Net], bent: &[usize], row: &dyn Fn(usize) -> usize) -> Vec<usize> {
    let spans: Vec<(usize, usize, usize, Vec<usize>)> = bent
        .iter()
        .map(|&n| {
            let t = row(nets[n].target);
            let s: Vec<usize> = nets[n].sources.iter().map(|&s| row(s)).collect();
            let lo = s.iter().copied().chain([t]).min().unwrap_or(t);
            let hi = s.iter().copied().chain([t]).max().unwrap_or(t);
            (t, lo, hi, s)
        })
        .collect();
    // Crossings when net a's channel comes before net b's.
    let cost = |a: usize, b: usize| {
        let (ta, lo_a, hi_a, sa) = &spans[a];
        let (_, lo_b, hi_b, sb) = &spans[b];
        let outs = sb
            .iter()
            .filter(|r| (lo_a..=hi_a).contains(r) && !sa.contains(r))
            .count();
        outs + usize::from((lo_b..=hi_b).contains(&ta))
    };
    let mut order: Vec<usize> = (0..bent.len()).collect();
    order.sort_by_key(|&i| spans[i].0);
    let total = |order: &[usize]| {
        let mut c = 0;
        for (x, &a) in order.iter().enumerate() {
            for &b in &order[x + 1..] {
                c += cost(a, b);
            }
        }
        c
    };
    let down = total(&order);
    let reversed: Vec<usize> = order.iter().rev().copied().collect();
    if total(&reversed) < down {
        order = reversed;
    }
    let mut rank = vec![0; bent.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }
    rank
}
