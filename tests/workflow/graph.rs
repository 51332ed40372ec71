//! The graph: edges of the fixtures, the CD run joined after CI, collapsed and expanded views,
//! and API job names matched back to nodes.

use gantry::workflow::file::parse;
use gantry::workflow::{Graph, Labels, NodeId};

use super::support::{edges, enterprise, fixture, load, sim_fixture};

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

#[test]
fn enterprise_ci_and_cd_joined_edge_by_edge() {
    let g = enterprise();
    assert_eq!(
        g.workflows,
        ["Enterprise CI Pipeline", "Enterprise CD Pipeline"]
    );
    assert_eq!(
        edges(&g),
        vec![
            ("security-analysis".into(), s(&[])),
            ("code-quality".into(), s(&[])),
            ("test-suite".into(), s(&[])),
            (
                "build".into(),
                s(&["security-analysis", "code-quality", "test-suite"])
            ),
            ("compliance-check".into(), s(&["build"])),
            ("performance-test".into(), s(&["build"])),
            // The CD run starts when CI has finished: after CI's last jobs.
            (
                "deployment-readiness".into(),
                s(&["compliance-check", "performance-test"])
            ),
            ("deploy-staging".into(), s(&["deployment-readiness"])),
            (
                "deploy-production".into(),
                s(&["deployment-readiness", "deploy-staging"])
            ),
        ]
    );
    let prod = &g.jobs[g.find(1, "deploy-production").unwrap()];
    assert_eq!(prod.environment.as_deref(), Some("production"));
    assert!(prod.condition.is_some());
}

#[test]
fn collapsed_matrix_is_one_node_with_a_count_and_expands() {
    let g = enterprise();
    let tests = g.find(0, "test-suite").unwrap();
    let build = g.find(0, "build").unwrap();
    let collapsed = g.dag(&|_| false, Labels::Names);
    assert_eq!(collapsed.nodes.len(), 9);
    let node = collapsed
        .nodes
        .iter()
        .position(|n| n.id == NodeId::job(tests))
        .unwrap();
    assert_eq!(collapsed.nodes[node].label, "Test Suite");
    assert_eq!(collapsed.nodes[node].count, Some(2));
    // 3 into build, 2 out of it, 2 into readiness, 3 inside CD.
    assert_eq!(collapsed.edges.len(), 10);

    let expanded = g.dag(&|j| j == tests, Labels::Names);
    assert_eq!(expanded.nodes.len(), 10);
    let labels: Vec<&str> = expanded.nodes.iter().map(|n| n.label.as_str()).collect();
    assert!(labels.contains(&"Test Suite (3.11)") && labels.contains(&"Test Suite (3.12)"));
    let build_node = expanded
        .nodes
        .iter()
        .position(|n| n.id == NodeId::job(build))
        .unwrap();
    let into_build = expanded.edges.iter().filter(|e| e.1 == build_node).count();
    assert_eq!(into_build, 4);

    let ids = g.dag(&|j| j == tests, Labels::Ids);
    let labels: Vec<&str> = ids.nodes.iter().map(|n| n.label.as_str()).collect();
    assert!(labels.contains(&"test-suite (3.11)"), "{labels:?}");
    assert!(labels.contains(&"build"));
}

#[test]
fn conditional_jobs_are_marked() {
    let w = load(&fixture("conditions.yml"));
    let dag = Graph::new(&w, "conditions.yml").dag(&|_| false, Labels::Ids);
    let marked: Vec<(&str, bool)> = dag
        .nodes
        .iter()
        .map(|n| (n.label.as_str(), n.conditional))
        .collect();
    assert_eq!(
        marked,
        [("always", false), ("main-only", true), ("on-failure", true)]
    );
}

#[test]
fn api_names_match_back_to_nodes() {
    let g = enterprise();
    let id = |w, job: &str| g.find(w, job).unwrap();
    let tests = id(0, "test-suite");
    let api = [
        "Security Analysis",
        "Test Suite (3.12)",
        "Test Suite (3.11)",
        "Build Container",
        "Something Else",
        // A matrix skipped by `if:` keeps its unexpanded name.
        "Test Suite",
    ];
    let m = g.match_names(0, &api);
    assert_eq!(m[0], Some(NodeId::job(id(0, "security-analysis"))));
    assert_eq!(
        m[1],
        Some(NodeId {
            job: tests,
            instance: Some(1)
        })
    );
    assert_eq!(
        m[2],
        Some(NodeId {
            job: tests,
            instance: Some(0)
        })
    );
    assert_eq!(m[3], Some(NodeId::job(id(0, "build"))));
    assert_eq!(m[4], None);
    assert_eq!(m[5], Some(NodeId::job(tests)));
    // CD names only match the CD run's jobs.
    assert_eq!(g.match_names(0, &["Deploy to Production"]), [None]);
    assert_eq!(
        g.match_names(1, &["Deploy to Production"]),
        [Some(NodeId::job(id(1, "deploy-production")))]
    );
    // Collapsed, an instance shows on its matrix's node.
    let visible = g.visible(m[1].unwrap(), &|_| false);
    assert_eq!(visible, NodeId::job(tests));
    assert_eq!(g.visible(m[1].unwrap(), &|_| true), m[1].unwrap());
}

#[test]
fn duplicate_display_names_are_each_matched_once() {
    let w = parse(
        "on: push\njobs:\n  a: {name: Check, steps: []}\n  b: {name: Check, needs: a, steps: []}\n",
    )
    .unwrap();
    let g = Graph::new(&w, "dup.yml");
    assert_eq!(
        g.match_names(0, &["Check", "Check"]),
        [Some(NodeId::job(0)), Some(NodeId::job(1))]
    );
}

#[test]
fn dynamic_matrix_and_templates_learn_their_jobs() {
    let w = load(&fixture("matrix.yml"));
    let mut g = Graph::new(&w, "matrix.yml");
    let dynamic = g.find(0, "dynamic").unwrap();
    let dag = g.dag(&|_| true, Labels::Names);
    let node = dag.nodes.iter().find(|n| n.id.job == dynamic).unwrap();
    assert_eq!(node.count, None, "unknown until the run lists its jobs");
    let api = ["Shard (1)", "Shard (2)", "Shard (3)"];
    assert_eq!(g.match_names(0, &api), [Some(NodeId::job(dynamic)); 3]);
    g.learn(0, &api);
    assert_eq!(g.jobs[dynamic].instances.len(), 3);
    assert_eq!(
        g.match_names(0, &["Shard (2)"]),
        [Some(NodeId {
            job: dynamic,
            instance: Some(1)
        })]
    );
    // A templated name whose expressions only the run knows.
    let w =
        parse("on: push\njobs:\n  d: {name: 'Deploy ${{ inputs.env }} now', steps: []}\n").unwrap();
    let g = Graph::new(&w, "t.yml");
    assert_eq!(
        g.match_names(0, &["Deploy prod now", "Deploy prod"]),
        [Some(NodeId::job(0)), None]
    );
    // Collapsed, a templated matrix name shows its placeholders.
    let w = load(&fixture("matrix.yml"));
    let g = Graph::new(&w, "matrix.yml");
    let dag = g.dag(&|_| false, Labels::Names);
    let os = dag.nodes.iter().find(|n| n.id.job == 1).unwrap();
    assert_eq!(os.label, "Test on {os} with Node {node}");
    assert_eq!(os.count, Some(3));
}

#[test]
fn reusable_workflows_run_as_caller_slash_callee() {
    let dir = fixture("repo/.github/workflows");
    let release = load(&dir.join("release.yml"));
    let called = load(&dir.join("deploy.yml"));
    let mut g = Graph::new(&release, "release.yml");
    let deploy = g.find(0, "deploy").unwrap();
    // Without the called file: matched by the caller's prefix, learnt from the run.
    assert_eq!(
        g.match_names(0, &["Deploy (eu) / Plan", "Deploy / Apply"]),
        [Some(NodeId::job(deploy)); 2]
    );
    g.call(deploy, &called);
    let names: Vec<&str> = g.jobs[deploy]
        .instances
        .iter()
        .map(|i| i.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Deploy (eu) / Plan",
            "Deploy (eu) / Apply",
            "Deploy (us) / Plan",
            "Deploy (us) / Apply"
        ]
    );
    assert_eq!(
        g.match_names(0, &["Deploy (us) / Apply"]),
        [Some(NodeId {
            job: deploy,
            instance: Some(3)
        })]
    );
    let dag = g.dag(&|_| false, Labels::Names);
    assert_eq!(dag.nodes[deploy].count, Some(4));
}

#[test]
fn labels_from_the_file_cannot_carry_escape_sequences() {
    let w = parse(
        "on: push\njobs:\n  a: {name: \"Build \\e[31mred\\e[0m \\e]0;title\\a\", steps: []}\n",
    )
    .unwrap();
    assert!(w.jobs[0].name.as_deref().unwrap().contains('\u{1b}'));
    let dag = Graph::new(&w, "x.yml").dag(&|_| false, Labels::Names);
    assert_eq!(dag.nodes[0].label, "Build red ");
    let g = Graph::new(&load(&sim_fixture("compliance-automation.yml")), "c.yml");
    assert_eq!(g.jobs.len(), 1);
}
