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
    by_gap
        .into_iter()
        .map(|mut pairs| {
            pairs.sort_unstable();
            let mut targets: Vec<usize> = pairs.into_iter().map(|(_, b)| b).collect();
            inversions(&mut targets)
        })
        .sum()
}

/// Pairs i < j with v[i] > v[j], by merge sort.
fn inversions(v: &mut [usize]) -> usize {
    if v.len() < 2 {
        return 0;
    }
    let mid = v.len() / 2;
    let mut count = inversions(&mut v[..mid]) + inversions(&mut v[mid..]);
    let mut merged = Vec::with_capacity(v.len());
    let (mut i, mut j) = (0, mid);
    while i < mid && j < v.len() {
        if v[j] < v[i] {
            count += mid - i;
            merged.push(v[j]);
            j += 1;
        } else {
            merged.push(v[i]);
            i += 1;
        }
    }
    merged.extend_from_slice(&v[i..mid]);
    merged.extend_from_slice(&v[j..]);
    v.copy_from_slice(&merged);
    count
}

#[cfg(test)]
mod tests {
    use super::inversions;

    #[test]
    fn counts_strict_inversions() {
        assert_eq!(inversions(&mut [0, 1, 2]), 0);
        assert_eq!(inversions(&mut [2, 1, 0]), 3);
        assert_eq!(inversions(&mut [1, 1, 0]), 2);
        assert_eq!(inversions(&mut [0, 2, 1, 3]), 1);
    }
}
