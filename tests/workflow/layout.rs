//! Layout: properties on random DAGs at the three reference sizes, snapshots of the enterprise
//! pipeline mid-run, selection movement and scrolling.

use std::collections::HashMap;

use gantry::workflow::graph::{Dag, DagNode};
use gantry::workflow::layout::{Grid, Rect};
use gantry::workflow::{Density, Direction, Labels, Layout, NodeId, NodeStatus, Options, Role};
use proptest::prelude::*;

use super::support::{enterprise, status};

const SIZES: [(usize, usize); 3] = [(80, 24), (120, 40), (250, 70)];

/// Line directions a glyph connects: left, right, up, down.
fn bits(ch: char) -> Option<u8> {
    const L: u8 = 1;
    const R: u8 = 2;
    const U: u8 = 4;
    const D: u8 = 8;
    Some(match ch {
        '─' | '-' | '▶' | '>' => L | R,
        '│' | '|' => U | D,
        '╭' => R | D,
        '╮' => L | D,
        '╰' => R | U,
        '╯' => L | U,
        '┬' => L | R | D,
        '┴' => L | R | U,
        '├' => U | D | R,
        '┤' => U | D | L,
        '┼' | '+' => L | R | U | D,
        _ => return None,
    })
}

fn step(from: (usize, usize), to: (usize, usize)) -> u8 {
    match (
        to.0 as isize - from.0 as isize,
        to.1 as isize - from.1 as isize,
    ) {
        (-1, 0) => 1,
        (1, 0) => 2,
        (0, -1) => 4,
        (0, 1) => 8,
        d => panic!("route jumps by {d:?} at {from:?}"),
    }
}

/// Every property the pane relies on; panics with the picture on failure.
fn check(dag: &Dag, layout: &Layout, grid: &Grid) {
    let picture = grid.to_text();
    let rects: Vec<Rect> = layout.nodes.iter().map(|n| n.rect).collect();
    assert_eq!(rects.len(), dag.nodes.len());
    for (i, a) in rects.iter().enumerate() {
        assert!(a.right() <= layout.width && a.bottom() <= layout.height);
        assert_eq!(a.height, if layout.compact { 1 } else { 3 });
        for b in &rects[i + 1..] {
            assert!(!a.intersects(b), "nodes overlap: {a:?} {b:?}\n{picture}");
        }
    }
    let routes = layout.routes();
    assert_eq!(routes.len(), dag.edges.len(), "every edge is routed");
    // Which routes use each cell, and how: (from, to, the directions it joins there).
    type Use = (usize, usize, u8);
    let mut users: HashMap<(usize, usize), Vec<Use>> = HashMap::new();
    for gantry::workflow::layout::Route { from, to, cells } in &routes {
        let (src, dst) = (&layout.nodes[*from], &layout.nodes[*to]);
        assert_eq!(
            cells.first(),
            Some(&(src.rect.right(), src.port)),
            "{picture}"
        );
        assert_eq!(cells.last(), Some(&(dst.rect.x - 1, dst.port)), "{picture}");
        for (i, &cell) in cells.iter().enumerate() {
            assert!(
                !rects.iter().any(|r| r.contains(cell.0, cell.1)),
                "line through a node at {cell:?}\n{picture}"
            );
            let back = if i == 0 { 1 } else { step(cell, cells[i - 1]) };
            let on = if i + 1 == cells.len() {
                2
            } else {
                step(cell, cells[i + 1])
            };
            let need = back | on;
            let ch = grid.get(cell.0, cell.1).unwrap().ch;
            let have =
                bits(ch).unwrap_or_else(|| panic!("{ch:?} on a line at {cell:?}\n{picture}"));
            // A straight vertical run may pass under a horizontal line (a crossing).
            let crossing = need == 12 && have == 3;
            assert!(
                have & need == need || crossing,
                "edge {from}->{to} broken at {cell:?} ({ch:?})\n{picture}"
            );
            users.entry(cell).or_default().push((*from, *to, need));
        }
    }
    // Two lines share a cell only when they share a source or a target, when the lines it would
    // suggest exist too (a bus from several sources to several targets), or to cross at right
    // angles: the picture never suggests an edge that is not there.
    let real: std::collections::HashSet<(usize, usize)> = dag.edges.iter().copied().collect();
    for (cell, us) in &users {
        for (i, a) in us.iter().enumerate() {
            for b in &us[i + 1..] {
                let implied = real.contains(&(a.0, b.1)) && real.contains(&(b.0, a.1));
                if a.0 == b.0 || a.1 == b.1 || implied {
                    continue;
                }
                let crossing = (a.2 == 3 && b.2 == 12) || (a.2 == 12 && b.2 == 3);
                assert!(
                    crossing,
                    "edges {a:?} and {b:?} merge at {cell:?}\n{picture}"
                );
            }
        }
    }
}

fn random_dag() -> impl Strategy<Value = Dag> {
    (1usize..36).prop_flat_map(|n| {
        (
            proptest::collection::vec(
                (
                    "[a-z]{1,6}( [A-Za-z]{1,12}){0,3}|部署{1,3}",
                    proptest::option::of(1usize..5),
                    any::<bool>(),
                ),
                n,
            ),
            proptest::collection::vec((0..n, 0..n), 0..n * 2),
        )
            .prop_map(|(nodes, pairs)| {
                let nodes = nodes
                    .into_iter()
                    .enumerate()
                    .map(|(i, (label, count, conditional))| DagNode {
                        id: NodeId::job(i),
                        label,
                        count,
                        conditional,
                    })
                    .collect();
                let mut edges: Vec<(usize, usize)> =
                    pairs.into_iter().filter(|(a, b)| a < b).collect();
                edges.sort_unstable();
                edges.dedup();
                Dag { nodes, edges }
            })
    })
}

/// Graphs shaped like real pipelines: layers of up to a dozen jobs, each needing one to three
/// jobs of the two layers before it (dense fans and merges, many sources on the rows of targets).
fn layered_dag() -> impl Strategy<Value = Dag> {
    proptest::collection::vec(1usize..12, 2..7).prop_flat_map(|widths| {
        let n: usize = widths.iter().sum();
        let starts: Vec<usize> = widths
            .iter()
            .scan(0, |acc, w| {
                let s = *acc;
                *acc += w;
                Some(s)
            })
            .collect();
        proptest::collection::vec(proptest::collection::vec(any::<u16>(), 1..4), n).prop_map(
            move |picks| {
                let layer_of = |i: usize| starts.iter().rposition(|&s| s <= i).unwrap_or(0);
                let mut edges = Vec::new();
                for (i, pick) in picks.iter().enumerate() {
                    let k = layer_of(i);
                    if k == 0 {
                        continue;
                    }
                    let lo = starts[k.saturating_sub(2)];
                    for p in pick {
                        edges.push((lo + *p as usize % (starts[k] - lo), i));
                    }
                }
                edges.sort_unstable();
                edges.dedup();
                let nodes = (0..n)
                    .map(|i| DagNode {
                        id: NodeId::job(i),
                        label: format!("Job number {i}"),
                        count: None,
                        conditional: false,
                    })
                    .collect();
                Dag { nodes, edges }
            },
        )
    })
}

fn random_status(i: usize) -> Option<NodeStatus> {
    match i % 4 {
        0 => None,
        1 => Some(status("✓", Role::Pass, "2m03s")),
        2 => Some(status("●", Role::Running, &format!("{i}s"))),
        _ => Some(status("||", Role::Waiting, "")),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_dags_never_overlap_and_draw_every_edge(dag in random_dag(), ascii in any::<bool>()) {
        for (width, height) in SIZES {
            for density in [Density::Auto, Density::Compact] {
                let options = Options { width, height, density, ascii };
                let layout = Layout::new(&dag, &|id| random_status(id.job), &options);
                let grid = layout.draw(layout.first());
                check(&dag, &layout, &grid);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn pipeline_shaped_dags_never_overlap_and_draw_every_edge(dag in layered_dag()) {
        for (width, height) in SIZES {
            for density in [Density::Auto, Density::Compact] {
                let options = Options { width, height, density, ascii: false };
                let layout = Layout::new(&dag, &|id| random_status(id.job), &options);
                check(&dag, &layout, &layout.draw(None));
            }
        }
    }
}

/// The enterprise pipeline a few minutes after the push: CI tests done, build running, the CD
/// run not started. ASCII symbols when drawing in ASCII, as the pane does.
fn mid_run(id: NodeId, g: &gantry::workflow::Graph, ascii: bool) -> Option<NodeStatus> {
    let job = g.jobs[id.job].id.as_str();
    let (pass, running, queued) = if ascii {
        ("v", "*", ".")
    } else {
        ("✓", "●", "◌")
    };
    Some(match job {
        "security-analysis" => status(pass, Role::Pass, "1m12s"),
        "code-quality" => status(pass, Role::Pass, "2m40s"),
        "test-suite" => status(pass, Role::Pass, "3m01s"),
        "build" => status(running, Role::Running, "1m05s"),
        "compliance-check" | "performance-test" => status(queued, Role::Queued, ""),
        _ => return None,
    })
}

fn enterprise_picture(width: usize, height: usize, ascii: bool) -> (Layout, String) {
    let g = enterprise();
    // Job ids are shorter than names: what a narrow pane shows.
    let labels = if width < 100 {
        Labels::Ids
    } else {
        Labels::Names
    };
    let dag = g.dag(&|_| false, labels);
    let options = Options {
        width,
        height,
        density: Density::Auto,
        ascii,
    };
    let layout = Layout::new(&dag, &|id| mid_run(id, &g, options.ascii), &options);
    let build = NodeId::job(g.find(0, "build").unwrap());
    let grid = layout.draw(Some(build));
    check(&dag, &layout, &grid);
    (layout, grid.to_text())
}

#[test]
fn enterprise_mid_run_snapshots() {
    let (wide, text) = enterprise_picture(250, 70, false);
    assert!(!wide.compact);
    insta::assert_snapshot!("enterprise_250x70", text);
    let (_, text) = enterprise_picture(120, 40, false);
    insta::assert_snapshot!("enterprise_120x40", text);
    let (small, text) = enterprise_picture(80, 24, true);
    assert!(small.compact, "80x24 is one line per node");
    insta::assert_snapshot!("enterprise_80x24_ascii", text);
}

#[test]
fn roles_carry_status_and_selection() {
    let g = enterprise();
    let dag = g.dag(&|_| false, Labels::Names);
    let layout = Layout::new(&dag, &|id| mid_run(id, &g, false), &Options::default());
    let build = NodeId::job(g.find(0, "build").unwrap());
    let grid = layout.draw(Some(build));
    let node = layout.node(build).unwrap();
    let row: Vec<_> = (node.rect.x..node.rect.right())
        .map(|x| grid.get(x, node.port).unwrap())
        .collect();
    let symbol = row.iter().find(|c| c.ch == '●').unwrap();
    assert_eq!(symbol.role, Role::Running);
    assert!(row.iter().any(|c| c.ch == 'B' && c.role == Role::Selected));
    let top = grid.get(node.rect.x, node.rect.y).unwrap();
    assert_eq!((top.ch, top.role), ('┏', Role::Selected));
    let sec = layout.node(NodeId::job(0)).unwrap();
    let cell = grid.get(sec.rect.x, sec.rect.y).unwrap();
    assert_eq!((cell.ch, cell.role), ('╭', Role::Border));
}

#[test]
fn selection_moves_along_the_graph_and_stays_visible() {
    let g = enterprise();
    let id = |w, job: &str| NodeId::job(g.find(w, job).unwrap());
    let dag = g.dag(&|_| false, Labels::Names);
    let layout = Layout::new(&dag, &|id| mid_run(id, &g, false), &Options::default());
    let first = layout.first().unwrap();
    assert_eq!(layout.neighbour(first, Direction::Up), None);
    assert_eq!(layout.neighbour(first, Direction::Left), None);
    let down = layout.neighbour(first, Direction::Down).unwrap();
    assert_eq!(layout.node(down).unwrap().layer, 0);
    assert_ne!(down, first);
    assert_eq!(
        layout.neighbour(first, Direction::Right),
        Some(id(0, "build"))
    );
    let after_build = layout.neighbour(id(0, "build"), Direction::Right).unwrap();
    assert!([id(0, "compliance-check"), id(0, "performance-test")].contains(&after_build));
    let back = layout.neighbour(id(0, "build"), Direction::Left).unwrap();
    assert_eq!(layout.node(back).unwrap().layer, 0);
    let prod = id(1, "deploy-production");
    assert_eq!(layout.neighbour(prod, Direction::Right), None);
    assert_eq!(
        layout.neighbour(prod, Direction::Left),
        Some(id(1, "deploy-staging"))
    );

    // In an 80x24 window the last node is far right: scrolling brings it whole into view.
    let r = layout.node(prod).unwrap().rect;
    assert!(r.right() > 80);
    let (x, y) = layout.scroll_to(prod, 80, 24, (0, 0));
    assert!(x <= r.x && r.right() <= x + 80 && y <= r.y && r.bottom() <= y + 24);
    // Back to the first node: the offset returns left.
    assert_eq!(layout.scroll_to(first, 80, 24, (x, y)).0, 0);
}

#[test]
fn labels_shrink_to_fit_the_width() {
    let g = enterprise();
    let dag = g.dag(&|_| false, Labels::Names);
    let natural = Layout::new(&dag, &|id| mid_run(id, &g, false), &Options::default());
    let options = Options {
        width: 150,
        density: Density::Boxes,
        ..Options::default()
    };
    let fitted = Layout::new(&dag, &|id| mid_run(id, &g, options.ascii), &options);
    assert!(natural.width > 150, "{}", natural.width);
    assert!(fitted.width <= 150, "{}", fitted.width);
    assert!(fitted.draw(None).to_text().contains('…'));
}

#[test]
fn empty_graph_draws_nothing() {
    let layout = Layout::new(&Dag::default(), &|_| None, &Options::default());
    assert_eq!((layout.width, layout.height), (0, 0));
    assert_eq!(layout.first(), None);
    assert_eq!(layout.draw(None).to_text(), "");
}
