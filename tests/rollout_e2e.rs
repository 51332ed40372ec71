//! End to end in tmux: the bad release reaches production's canary (approved through the
//! simulator's GitHub API, as the reviewer would), which holds at 5% for a human. By keyboard the
//! on-call engineer aborts the canary (A, typing "production") and rolls production back (R, the
//! previous revision, typing "production"); the simulated cluster ends on the stable image.

mod common;

use common::tmux::Tmux;
use common::{SimExt, sim};
use gantry_sim::Scenario;
use gantry_sim::commits::{CANDIDATE, production_stable};
use serde_json::{Value, json};

const P: &str = "/repos/acme/shop";

async fn rollout(s: &gantry_sim::SimHandle) -> Value {
    let c = s.client_builder().unwrap().build().unwrap();
    c.get(format!(
        "{}/apis/argoproj.io/v1alpha1/namespaces/production/rollouts/shop",
        s.kube_url
    ))
    .bearer_auth(&s.token)
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap()
}

fn image(r: &Value) -> String {
    r["spec"]["template"]["spec"]["containers"][0]["image"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

/// Waits on the pane without holding up the simulator, which serves on this runtime.
fn wait(t: &Tmux, text: &str) -> String {
    tokio::task::block_in_place(|| t.wait_text(text))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn abort_the_canary_and_roll_production_back_by_keyboard() {
    let s = sim(Scenario::BadRelease).await;
    s.advance(1200).await;
    let cd = s.latest_run("Enterprise CD Pipeline").await;
    assert_eq!(cd["status"], "waiting");
    let pending = s
        .json(&format!(
            "{P}/actions/runs/{}/pending_deployments",
            cd["id"]
        ))
        .await;
    let body = json!({"environment_ids": [pending[0]["environment"]["id"]], "state": "approved", "comment": "ship it"});
    let r = s
        .post(
            &format!("{P}/actions/runs/{}/pending_deployments", cd["id"]),
            body,
        )
        .await;
    assert_eq!(r.status(), 200);
    s.advance(300).await;
    let before = rollout(&s).await;
    assert_eq!(image(&before), CANDIDATE.image(), "the canary started");
    assert_eq!(before["status"]["phase"], "Paused", "{}", before["status"]);

    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap().to_owned();
    let Some(t) = Tmux::start(
        160,
        45,
        &[
            ("GANTRY_CONFIG_DIR", d.as_str()),
            ("GANTRY_STATE_DIR", d.as_str()),
            ("LANG", "C.UTF-8"),
        ],
    ) else {
        return;
    };
    t.run(&format!(
        "{} --config {}; echo EXIT=$?",
        env!("CARGO_BIN_EXE_gantry"),
        s.config.display()
    ));
    t.keys(&["3"]);
    wait(&t, "waits for you: P promote, A abort");

    // Abort: the dialog asks for the environment's name.
    t.keys(&["A"]);
    wait(&t, "Type the environment's name to confirm");
    t.keys(&["-l", "production"]);
    t.keys(&["Enter"]);
    wait(&t, "aborted");
    s.advance(30).await;
    let aborted = rollout(&s).await;
    assert_eq!(aborted["status"]["abort"], true, "{}", aborted["status"]);
    t.keys(&["Escape"]);

    // Roll back: the picker offers the previous revision first; the dialog shows the diff.
    t.keys(&["R"]);
    wait(&t, "Roll back production rollout/shop to");
    t.keys(&["Enter"]);
    let screen = wait(&t, "Pod template changes:");
    assert!(screen.contains(&production_stable().image()), "{screen}");
    t.keys(&["-l", "production"]);
    t.keys(&["Enter"]);
    wait(&t, "rolled back to revision");
    t.keys(&["Escape"]);
    s.advance(120).await;
    let after = rollout(&s).await;
    assert_eq!(
        image(&after),
        production_stable().image(),
        "{}",
        after["status"]
    );
    // q on screen 3 goes back to the overview; q there quits.
    t.keys(&["1"]);
    t.keys(&["q"]);
    tokio::task::block_in_place(|| t.wait_text("EXIT=0"));

    // Both actions are in the audit trail, with their outcomes.
    let audit = std::fs::read_to_string(dir.path().join("audit.jsonl")).unwrap();
    assert!(
        audit.contains("\"abort\"") && audit.contains("\"rollback\""),
        "{audit}"
    );
}
