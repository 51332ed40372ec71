//! The gates pane on verdicts gathered from the simulator (`bad-release` after CI, production
//! waiting): snapshots of the list and of a gate's evidence, the banner naming the failed blocking
//! gates, and the keys (move, Enter, Esc, y).

mod common;
mod support;

use std::time::Duration;

use chrono::{DateTime, Utc};
use common::{SimExt, sim};
use gantry::app::effect::Terminal;
use gantry::app::{Effect, Pane};
use gantry::config::{self, Repo, Secret};
use gantry::model::gates::GateBoard;
use gantry::sources::evidence::{self, Memory, Target};
use gantry::sources::github::Client;
use gantry_sim::Scenario;
use support::{StateBuilder, key, keys, screen};

async fn bad_release_board() -> GateBoard {
    // An empty audit trail: no review decision yet, so nothing is missing from it.
    let trail = tempfile::tempdir().unwrap();
    let s = sim(Scenario::BadRelease).await;
    s.advance(1200).await;
    let client = Client::new(
        &format!("{}/", s.github_url),
        Some(Secret::new(s.token.clone())),
        Duration::from_secs(10),
    )
    .unwrap();
    let target = Target {
        repo: Repo::parse("acme/shop").unwrap(),
        branch: Some("main".into()),
        environments: vec!["staging".into(), "production".into()],
        gates: config::load_str("config.example.toml", config::EXAMPLE)
            .unwrap()
            .gates,
        audit: Some(trail.path().join("audit.jsonl")),
        prometheus: None,
    };
    let now: DateTime<Utc> = "2026-11-27T03:25:00Z".parse().unwrap();
    evidence::gather(&client, &target, None, &mut Memory::default(), now)
        .await
        .unwrap()
}

#[tokio::test]
async fn gates_pane_its_evidence_and_the_banner() {
    let board = bad_release_board().await;
    let mut s = StateBuilder::new()
        .size(120, 40)
        .demo_context()
        .gates(board.clone())
        .build();
    key(&mut s, "c");
    assert_eq!(s.focus(), Pane::Gates);
    let list = screen(&s);
    insta::assert_snapshot!("gates_pane_120x40", list);
    assert!(
        list.contains("Gate: 088844b -> production: Security: fail (High alerts: 1 > 0"),
        "{list}"
    );

    // j twice: Performance; Enter opens its evidence, Esc closes it.
    keys(&mut s, "j j");
    key(&mut s, "enter");
    assert!(s.gates_view.open);
    let drill = screen(&s);
    insta::assert_snapshot!("gates_performance_evidence_120x40", drill);
    assert!(
        drill.contains("p95 latency: 287 ms (threshold 200 ms)"),
        "{drill}"
    );
    key(&mut s, "esc");
    assert!(!s.gates_view.open);
    assert_eq!(s.gates_view.selected, 2);

    // Security's evidence lists the open alerts with rule, severity, file and line.
    key(&mut s, "k");
    key(&mut s, "enter");
    let alerts = screen(&s);
    assert!(
        alerts.contains("#5 high CVE-2024-53981 requirements.txt:11"),
        "{alerts}"
    );
    key(&mut s, "esc");

    // y copies the deciding rule's link.
    let fx = key(&mut s, "y");
    assert!(
        matches!(&fx[..], [Effect::Terminal(Terminal::Copy(url))] if url.contains("code-scanning")),
        "{fx:?}"
    );

    // At 80x24 the gates pane is one tab; the failed gates still show in the banner.
    let mut small = StateBuilder::new()
        .size(80, 24)
        .gates(board.clone())
        .build();
    key(&mut small, "c");
    insta::assert_snapshot!("gates_pane_80x24", screen(&small));
}
