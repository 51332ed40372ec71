//! Lines between two layers. Targets fed by the same sources share one vertical channel in the
//! gap (a bus: every source on it really leads to every target on it, so it implies no edge that
//! is not there); a lone line that can run straight takes none. Channels are ordered so that no
//! two unrelated lines share a cell (they may only cross at right angles), and among such orders
//! the one with fewer crossings is kept.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use super::rank::Layered;

/// Past this many moves in one gap, channels are ordered even if two lines share a row.
const MAX_SHIFTS: usize = 10_000;

#[derive(Debug, Clone, Default)]
pub(super) struct Gap {
    pub channels: usize,
    pub buses: Vec<Bus>,
}

/// Every source of a bus leads to every one of its targets.
#[derive(Debug, Clone)]
pub(super) struct Bus {
    pub sources: Vec<usize>,
    pub targets: Vec<usize>,
    /// `None`: one source and one target on the same row, a straight line.
    pub channel: Option<usize>,
}

/// Routes every gap, left to right. A target whose channel cannot be ordered (two lines would
/// share a row) is moved down a row, with the items below it, until it can.
pub(super) fn route(l: &Layered, y: &mut [usize], port: &[usize]) -> Vec<Gap> {
    let mut gaps = Vec::with_capacity(l.layers.len().saturating_sub(1));
    for k in 0..l.layers.len().saturating_sub(1) {
        let buses = buses(l, k);
        // Preferred channel order from the rows as placed; moves barely change it.
        let rank = {
            let row = |it: usize| y[it] + port[it];
            preferred(&buses, &row)
        };
        // Each shift moves a target that sits on a source's row down one row; past the last
        // source row nothing can clash, so this ends. The cap only guards a frame's time.
        for shifts in 0.. {
            let row = |it: usize| y[it] + port[it];
            match order_channels(buses.clone(), &row, &rank, shifts >= MAX_SHIFTS) {
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

/// The pieces from layer `k` to `k + 1`, targets grouped by their set of sources.
fn buses(l: &Layered, k: usize) -> Vec<Bus> {
    let mut sources_of: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut index: HashMap<usize, usize> = HashMap::new();
    for &(a, b) in &l.segs {
        if l.layer_of[a] == k {
            let i = *index.entry(b).or_insert_with(|| {
                sources_of.push((b, Vec::new()));
                sources_of.len() - 1
            });
            sources_of[i].1.push(a);
        }
    }
    let mut buses: Vec<Bus> = Vec::new();
    for (target, mut sources) in sources_of {
        sources.sort_unstable();
        match buses.iter_mut().find(|b| b.sources == sources) {
            Some(bus) => bus.targets.push(target),
            None => buses.push(Bus {
                sources,
                targets: vec![target],
                channel: None,
            }),
        }
    }
    buses
}

fn shift_from(layer: &[usize], target: usize, y: &mut [usize]) {
    if let Some(p) = layer.iter().position(|&it| it == target) {
        for &it in &layer[p..] {
            y[it] += 1;
        }
    }
}

/// The channel of each bus, or a target to move when no order keeps lines apart (unless
/// `force`: then the buses left are given channels in turn).
fn order_channels(
    mut buses: Vec<Bus>,
    row: &dyn Fn(usize) -> usize,
    rank: &[usize],
    force: bool,
) -> Result<Gap, usize> {
    let bent: Vec<usize> = (0..buses.len())
        .filter(|&i| {
            let b = &buses[i];
            !(b.sources.len() == 1
                && b.targets.len() == 1
                && row(b.sources[0]) == row(b.targets[0]))
        })
        .collect();
    if bent.is_empty() {
        return Ok(Gap { channels: 0, buses });
    }
    // A before B when a source of A sits on a target row of B: A's lines out must end (at A's
    // channel) before B's lines in start (after B's channel).
    let mut target_row: HashMap<usize, usize> = HashMap::new();
    for (i, &b) in bent.iter().enumerate() {
        for &t in &buses[b].targets {
            target_row.insert(row(t), i);
        }
    }
    let m = bent.len();
    let mut after: Vec<Vec<usize>> = vec![Vec::new(); m];
    let mut indegree = vec![0usize; m];
    for (i, &b) in bent.iter().enumerate() {
        for &s in &buses[b].sources {
            if let Some(&j) = target_row.get(&row(s))
                && j != i
                && !after[i].contains(&j)
            {
                after[i].push(j);
                indegree[j] += 1;
            }
        }
    }
    let mut heap: BinaryHeap<Reverse<(usize, usize)>> = (0..m)
        .filter(|&i| indegree[i] == 0)
        .map(|i| Reverse((rank[bent[i]], i)))
        .collect();
    let mut next = 0;
    let mut placed = vec![false; m];
    while let Some(Reverse((_, i))) = heap.pop() {
        buses[bent[i]].channel = Some(next);
        placed[i] = true;
        next += 1;
        for &j in &after[i] {
            indegree[j] -= 1;
            if indegree[j] == 0 {
                heap.push(Reverse((rank[bent[j]], j)));
            }
        }
    }
    if next < m {
        // A cycle: move the lowest stuck target that sits on a source's row. Only such targets
        // take part in a cycle, and they are above the last source row, so moving them ends.
        let source_rows: Vec<usize> = bent
            .iter()
            .flat_map(|&b| buses[b].sources.iter().map(|&s| row(s)))
            .collect();
        let stuck = (0..m)
            .filter(|&i| !placed[i])
            .flat_map(|i| buses[bent[i]].targets.iter().copied())
            .filter(|&t| source_rows.contains(&row(t)))
            .max_by_key(|&t| row(t));
        if let (Some(t), false) = (stuck, force) {
            return Err(t);
        }
        for i in (0..m).filter(|&i| !placed[i]) {
            buses[bent[i]].channel = Some(next);
            next += 1;
        }
    }
    Ok(Gap { channels: m, buses })
}

/// A rank per bus: by first target row, top to bottom or bottom to top, whichever crosses
/// less.
fn preferred(buses: &[Bus], row: &dyn Fn(usize) -> usize) -> Vec<usize> {
    struct Span {
        first: usize,
        lo: usize,
        hi: usize,
        sources: Vec<usize>,
        targets: Vec<usize>,
    }
    let spans: Vec<Span> = buses
        .iter()
        .map(|b| {
            let mut sources: Vec<usize> = b.sources.iter().map(|&s| row(s)).collect();
            sources.sort_unstable();
            let targets: Vec<usize> = b.targets.iter().map(|&t| row(t)).collect();
            let all = || sources.iter().chain(&targets).copied();
            Span {
                first: targets.iter().copied().min().unwrap_or(0),
                lo: all().min().unwrap_or(0),
                hi: all().max().unwrap_or(0),
                sources: sources.clone(),
                targets,
            }
        })
        .collect();
    // Crossings when bus a's channel comes before bus b's: b's lines out pass a's channel, a's
    // lines in pass b's.
    let cost = |a: &Span, b: &Span| {
        let outs = b
            .sources
            .iter()
            .filter(|r| (a.lo..=a.hi).contains(*r) && a.sources.binary_search(r).is_err())
            .count();
        let ins = a
            .targets
            .iter()
            .filter(|r| (b.lo..=b.hi).contains(*r))
            .count();
        outs + ins
    };
    let mut order: Vec<usize> = (0..buses.len()).collect();
    order.sort_by_key(|&i| spans[i].first);
    // Reversing swaps every pair, so one pass over the pairs prices both orders.
    let (mut down, mut up) = (0, 0);
    for (x, &a) in order.iter().enumerate() {
        for &b in &order[x + 1..] {
            down += cost(&spans[a], &spans[b]);
            up += cost(&spans[b], &spans[a]);
        }
    }
    if up < down {
        order.reverse();
    }
    let mut rank = vec![0; buses.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }
    rank
}
