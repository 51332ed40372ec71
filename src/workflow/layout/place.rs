//! Rows: each item is pulled towards the rows of the items it connects to (so most lines run
//! straight), while items of a layer keep their order and never overlap. Each pull is a least-
//! squares fit under order constraints, solved exactly by pool-adjacent-violators.

use super::rank::Layered;

const ROUNDS: usize = 4;

/// Top rows per item; `height[it]` rows tall, `port[it]` rows below its top is where lines
/// attach, `gap` blank rows between neighbours in a layer.
pub(super) fn rows(l: &Layered, height: &[usize], port: &[usize], gap: usize) -> Vec<usize> {
    let count = l.items.len();
    let mut preds = vec![Vec::new(); count];
    let mut succs = vec![Vec::new(); count];
    for &(a, b) in &l.segs {
        succs[a].push(b);
        preds[b].push(a);
    }
    let mut y = vec![0f64; count];
    for layer in &l.layers {
        let mut top = 0.0;
        for &it in layer {
            y[it] = top;
            top += (height[it] + gap) as f64;
        }
    }
    let pull = |y: &mut Vec<f64>, layer: &[usize], adjacent: &[Vec<usize>]| {
        let wanted: Vec<f64> = layer
            .iter()
            .map(|&it| {
                let ns = &adjacent[it];
                if ns.is_empty() {
                    y[it]
                } else {
                    let mean =
                        ns.iter().map(|&n| y[n] + port[n] as f64).sum::<f64>() / ns.len() as f64;
                    mean - port[it] as f64
                }
            })
            .collect();
        let spacing: Vec<f64> = layer.iter().map(|&it| (height[it] + gap) as f64).collect();
        for (&it, v) in layer.iter().zip(fit(&wanted, &spacing)) {
            y[it] = v;
        }
    };
    for _ in 0..ROUNDS {
        for layer in l.layers.iter().skip(1) {
            pull(&mut y, layer, &preds);
        }
        for layer in l.layers.iter().rev().skip(1) {
            pull(&mut y, layer, &succs);
        }
    }
    for layer in l.layers.iter().skip(1) {
        pull(&mut y, layer, &preds);
    }
    let min = y.iter().copied().fold(f64::INFINITY, f64::min);
    let min = if min.is_finite() { min } else { 0.0 };
    y.iter()
        .map(|v| (v - min).round().max(0.0) as usize)
        .collect()
}

/// Positions as close as possible (least squares) to `wanted`, with item i+1 at least
/// `spacing[i]` after item i; integral results keep the spacing because offsets are integral
/// and rounding keeps order.
fn fit(wanted: &[f64], spacing: &[f64]) -> Vec<f64> {
    // With offset[i] = sum of spacing before i, z = y - offset must be non-decreasing: an
    // isotonic regression of wanted - offset.
    let mut offset = Vec::with_capacity(wanted.len());
    let mut acc = 0.0;
    for s in spacing {
        offset.push(acc);
        acc += s;
    }
    // Blocks of (sum, count), merged while a block's mean falls below the previous one's.
    let mut blocks: Vec<(f64, usize)> = Vec::with_capacity(wanted.len());
    for (w, o) in wanted.iter().zip(&offset) {
        blocks.push((w - o, 1));
        while blocks.len() > 1 {
            let (s2, c2) = blocks[blocks.len() - 1];
            let (s1, c1) = blocks[blocks.len() - 2];
            if s1 / c1 as f64 <= s2 / c2 as f64 {
                break;
            }
            blocks.pop();
            let last = blocks.len() - 1;
            blocks[last] = (s1 + s2, c1 + c2);
        }
    }
    let mut out = Vec::with_capacity(wanted.len());
    for (sum, c) in blocks {
        let mean = (sum / c as f64).round();
        out.extend(std::iter::repeat_n(mean, c));
    }
    out.iter().zip(&offset).map(|(z, o)| z + o).collect()
}

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn fit_keeps_order_and_spacing() {
        assert_eq!(fit(&[0.0, 10.0], &[4.0, 4.0]), vec![0.0, 10.0]);
        // Both want row 5: they share the difference.
        assert_eq!(fit(&[5.0, 5.0], &[4.0, 4.0]), vec![3.0, 7.0]);
        assert_eq!(fit(&[9.0, 0.0, 0.0], &[1.0, 1.0, 1.0]), vec![2.0, 3.0, 4.0]);
    }
}
