//! End to end in tmux: `gantry demo` plays the release; when production waits for review, the
//! on-call engineer opens the Waiting screen, presses `a`, types `production` and a comment, and
//! confirms. The simulator's request log shows exactly one POST to pending_deployments with exactly
//! `{environment_ids, state, comment}`, and its cluster starts the canary of the candidate.

mod common;

use std::time::{Duration, Instant};

use common::tmux::Tmux;
use gantry_sim::commits::CANDIDATE;
use gantry_sim::{AdminClient, Server};

/// Three free consecutive ports (GitHub, Kubernetes, admin), so the test knows the admin URL.
fn free_base() -> u16 {
    let start = 20_000 + (std::process::id() % 9_000) as u16 * 4;
    (start..60_000)
        .step_by(3)
        .find(|b| (0..3).all(|i| std::net::TcpListener::bind(("127.0.0.1", b + i)).is_ok()))
        .expect("three free ports")
}

/// Like `wait_for`, with a longer deadline: the demo's clock has to reach the production review.
fn wait_long(t: &Tmux, what: &str, secs: u64, pred: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let screen = t.capture();
        if pred(&screen) {
            return screen;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; the pane shows:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The production rollout's image, read from the simulated cluster with the simulator's token.
fn rollout_image(kube: &str, token: &str) -> String {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        gantry::tls::install_provider();
        let r: serde_json::Value = reqwest::Client::new()
            .get(format!(
                "{kube}/apis/argoproj.io/v1alpha1/namespaces/production/rollouts/shop"
            ))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        r["spec"]["template"]["spec"]["containers"][0]["image"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    })
}

#[test]
fn approve_production_by_keyboard_in_the_demo_and_the_canary_starts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap().to_owned();
    let Some(t) = Tmux::start(
        170,
        50,
        &[
            ("GANTRY_CONFIG_DIR", d.as_str()),
            ("GANTRY_STATE_DIR", d.as_str()),
            ("LANG", "C.UTF-8"),
        ],
    ) else {
        return;
    };
    let base = free_base();
    let sim_dir = dir.path().join("sim");
    t.run(&format!(
        "{} demo --seed 1 --speed 20 --addr 127.0.0.1:{base} --state-dir {}; echo EXIT=$?",
        env!("CARGO_BIN_EXE_gantry"),
        sim_dir.display()
    ));
    t.wait_text("1 Overview");
    let kube = format!("http://127.0.0.1:{}", base + 1);
    let admin = AdminClient::new(&format!("http://127.0.0.1:{}", base + 2), None).unwrap();
    let token = std::fs::read_to_string(sim_dir.join("token"))
        .unwrap()
        .trim()
        .to_string();
    t.keys(&["5"]);
    wait_long(&t, "production to wait for review", 300, |s| {
        s.contains("production") && s.contains("you can act")
    });
    let before = rollout_image(&kube, &token);
    assert_ne!(before, CANDIDATE.image(), "the candidate is not out yet");
    t.keys(&["a"]);
    t.wait_text("Approve deployment");
    // Typing: keys are text (no `p`, `q` or `r` fires).
    t.keys(&["-l", "production"]);
    t.wait_text("confirm  ok");
    t.keys(&["Tab"]);
    t.keys(&["-l", "ship it"]);
    t.keys(&["Enter"]);
    // A repeated Enter sends nothing more (or dismisses the outcome).
    wait_long(&t, "the outcome", 30, |s| s.contains("approved production"));
    t.keys(&["Enter"]);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let posts: Vec<_> = rt
        .block_on(admin.requests())
        .unwrap()
        .into_iter()
        .filter(|r| r.server == Server::Github && r.method == "POST")
        .collect();
    assert_eq!(posts.len(), 1, "{posts:?}");
    assert!(posts[0].path.ends_with("/pending_deployments"), "{posts:?}");
    assert_eq!(
        posts[0].body,
        Some(
            serde_json::json!({"environment_ids": [1_800_000_303u64], "state": "approved", "comment": "ship it"})
        )
    );
    // The production job runs and deploys the candidate: the canary starts.
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let image = rollout_image(&kube, &token);
        if image == CANDIDATE.image() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the canary did not start: {image}"
        );
        std::thread::sleep(Duration::from_millis(250));
    }
    // The audit screen shows the approval, and the trail verifies.
    t.keys(&["6"]);
    wait_long(&t, "the audit screen", 20, |s| {
        s.contains("chain intact") && s.contains("approve")
    });
    t.keys(&["q"]);
    t.keys(&["q"]);
    t.wait_text("EXIT=0");
}
