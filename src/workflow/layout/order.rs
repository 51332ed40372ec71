//! Order within each layer: barycentre sweeps down and up, keeping the order with the fewest
//! crossings between adjacent layers.

use super::rank::Layered;

const SWEEPS: usize = 8;

pub(super) fn order(l: &mut Layered) {
    let count = l.items.len();
    let mut preds = vec![Vec::new(); count];
    let mut succs = vec![Vec::new(); count];
    for &(a, b) in &l.segs {
        succs[a].push(b);
        preds[b].push(a);
    }
    let mut pos = vec![0usize; count];
    index(&l.layers, &mut pos);
    let mut best = l.layers.clone();
    let mut best_crossings = crossings(l, &pos);
    for sweep in 0..SWEEPS {
        let down = sweep % 2 == 0;
        let range: Vec<usize> = if down {
            (1..l.layers.len()).collect()
        } else {
            (0..l.layers.len().saturating_sub(1)).rev().collect()
        };
        for k in range {
            let adjacent = if down { &preds } else { &succs };
            let mut keyed: Vec<(f64, usize)> = l.layers[k]
                .iter()
                .map(|&it| {
                    let ns = &adjacent[it];
                    let key = if ns.is_empty() {
                        pos[it] as f64
                    } else {
                        ns.iter().map(|&n| pos[n] as f64).sum::<f64>() / ns.len() as f64
                    };
                    (key, it)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            l.layers[k] = keyed.into_iter().map(|(_, it)| it).collect();
            for (p, &it) in l.layers[k].iter().enumerate() {
                pos[it] = p;
            }
        }
        let c = crossings(l, &pos);
        if c < best_crossings {
            best_crossings = c;
            best = l.layers.clone();
        }
        if best_crossings == 0 {
            break;
        }
    }
    l.layers = best;
}

fn index(layers: &[Vec<usize>], pos: &mut [usize]) {
    for layer in layers {
        for (p, &it) in layer.iter().enumerate() {
            pos[it] = p;
        }
    }
}

/// Pairs of pieces that cross between adjacent layers.
pub(super) fn crossings(l: &Layered, pos: &[usize]) -> usize {
    let mut by_gap: Vec<Vec<(usize, usize)>> = vec![Vec::new(); l.layers.len()];
    for &(a, b) in &l.segs {
        by_gap[l.layer_of[a]].push((pos[a], pos[b]));
    }
    let mut tree = Vec::new();
    by_gap
        .into_iter()
        .map(|mut pairs| {
            pairs.sort_unstable();
            let targets: Vec<usize> = pairs.into_iter().map(|(_, b)| b).collect();
            inversions(&targets, &mut tree)
        })
        .sum()
}

/// Pairs i < j with v[i] > v[j], counted with a Fenwick tree (`tree` is scratch space).
fn inversions(v: &[usize], tree: &mut Vec<usize>) -> usize {
    let size = v.iter().max().map_or(0, |m| m + 1);
    tree.clear();
    tree.resize(size + 1, 0);
    let mut count = 0;
    for (seen, &x) in v.iter().enumerate() {
        // How many of those seen so far are <= x; the rest are greater.
        let mut at = x + 1;
        let mut not_greater = 0;
        while at > 0 {
            not_greater += tree[at];
            at &= at - 1;
        }
        count += seen - not_greater;
        let mut at = x + 1;
        while at <= size {
            tree[at] += 1;
            at += at & at.wrapping_neg();
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::inversions;

    #[test]
    fn counts_strict_inversions() {
        let mut tree = Vec::new();
        assert_eq!(inversions(&[0, 1, 2], &mut tree), 0);
        assert_eq!(inversions(&[2, 1, 0], &mut tree), 3);
        assert_eq!(inversions(&[1, 1, 0], &mut tree), 2);
        assert_eq!(inversions(&[0, 2, 1, 3], &mut tree), 1);
        assert_eq!(inversions(&[], &mut tree), 0);
    }
}
