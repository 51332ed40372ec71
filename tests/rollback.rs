//! `gantry rollback` against the simulated cluster, beside the real `kubectl rollout undo`: two
//! simulators started alike (same seed, same paused clock), one rolled back by gantry and the
//! other by kubectl 1.32, must end with the same template, revisions and revision history. Also
//! kubectl's rules: `--to-revision`, the current revision skipped, a paused Deployment refused,
//! an unknown revision refused, and a dry run that changes nothing.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use gantry_sim::{Scenario, SimArgs, SimHandle, start};
use serde_json::Value;

const KUBECTL: &str = "/usr/lib/google-cloud-sdk/bin/kubectl.1.32";

fn have_kubectl() -> bool {
    if Path::new(KUBECTL).exists() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "kubectl 1.32 missing under CI"
    );
    eprintln!("!!! SKIPPING: kubectl 1.32 not found at {KUBECTL}; these tests did not run");
    false
}

struct Sim {
    h: SimHandle,
    dir: tempfile::TempDir,
}

async fn sim() -> Sim {
    Sim {
        h: start(&SimArgs::reproducible(Scenario::Release))
            .await
            .unwrap(),
        dir: tempfile::tempdir().unwrap(),
    }
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

impl Sim {
    /// Runs a child process without stopping the simulator, which serves on this runtime.
    fn run(cmd: &mut Command) -> Output {
        tokio::task::block_in_place(|| cmd.stdin(Stdio::null()).output().unwrap())
    }

    fn gantry(&self, args: &[&str]) -> Output {
        let out = Self::run(
            Command::new(env!("CARGO_BIN_EXE_gantry"))
                .args(args)
                .arg("--config")
                .arg(&self.h.config)
                .env("GANTRY_STATE_DIR", self.dir.path().join("state"))
                .env_remove("GANTRY_CONFIG")
                .env_remove("KUBECONFIG"),
        );
        eprintln!("$ gantry {}\n{}", args.join(" "), text(&out));
        out
    }

    fn kubectl(&self, args: &[&str]) -> Output {
        let out = Self::run(
            Command::new(KUBECTL)
                .args(args)
                .arg("--kubeconfig")
                .arg(&self.h.kubeconfig)
                .arg("--cache-dir")
                .arg(self.dir.path().join("cache"))
                .env("HOME", self.dir.path().join("home")),
        );
        eprintln!("$ kubectl {}\n{}", args.join(" "), text(&out));
        out
    }

    fn get(&self, what: &str) -> Value {
        let out = self.kubectl(&["get", what, "-n", "staging", "-o", "json"]);
        assert!(out.status.success(), "{}", text(&out));
        serde_json::from_slice(&out.stdout).unwrap()
    }

    /// What a rollback must leave the same: the template, the revision annotations, and each
    /// ReplicaSet's revision and revision history (names are template hashes, equal in both).
    fn outcome(&self) -> Value {
        let d = self.get("deploy/shop");
        let rs = self.get("rs");
        let mut sets: Vec<Value> = rs["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let a = &r["metadata"]["annotations"];
                serde_json::json!([
                    r["metadata"]["name"],
                    a["deployment.kubernetes.io/revision"],
                    a["deployment.kubernetes.io/revision-history"],
                    r["spec"]["replicas"]
                ])
            })
            .collect();
        sets.sort_by_key(|v| v.to_string());
        serde_json::json!({
            "template": d["spec"]["template"],
            "annotations": d["metadata"]["annotations"],
            "generation": d["metadata"]["generation"],
            "replicasets": sets,
        })
    }

    /// Lets the simulated controllers finish the rollout.
    async fn settle(&self) {
        for _ in 0..6 {
            self.h.admin().advance(10.0).await.unwrap();
        }
    }

    fn revision(&self) -> u64 {
        self.get("deploy/shop")["metadata"]["annotations"]["deployment.kubernetes.io/revision"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap()
    }

    async fn patches(&self) -> usize {
        let log = self.h.admin().requests().await.unwrap();
        log.iter().filter(|r| r.method == "PATCH").count()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gantry_rolls_back_exactly_as_kubectl_rollout_undo() {
    if !have_kubectl() {
        return;
    }
    let (a, b) = (sim().await, sim().await);
    assert_eq!(a.outcome(), b.outcome(), "two simulators started alike");
    let before = a.revision();

    // The dry run prints the diff and changes nothing.
    let dry = a.gantry(&["rollback", "--env", "staging", "--dry-run"]);
    assert!(dry.status.success(), "{}", text(&dry));
    let t = text(&dry);
    assert!(
        t.contains("Pod template changes:") && t.contains("image (shop): "),
        "{t}"
    );
    assert!(t.contains("dry run: the server accepted"), "{t}");
    assert_eq!(a.outcome(), b.outcome(), "a dry run changes nothing");

    // The previous revision: gantry on one, kubectl on the other.
    let g = a.gantry(&["rollback", "--env", "staging", "--yes"]);
    assert!(g.status.success(), "{}", text(&g));
    let k = b.kubectl(&["rollout", "undo", "deploy/shop", "-n", "staging"]);
    assert!(k.status.success(), "{}", text(&k));
    a.settle().await;
    b.settle().await;
    assert_eq!(a.outcome(), b.outcome());
    assert_eq!(a.revision(), before + 1);
    let history = a.kubectl(&["rollout", "history", "deploy/shop", "-n", "staging"]);
    assert!(
        text(&history).contains(&format!("{}  ", before + 1)),
        "{}",
        text(&history)
    );
    let status = a.kubectl(&[
        "rollout",
        "status",
        "deploy/shop",
        "-n",
        "staging",
        "--timeout=5s",
    ]);
    assert!(
        text(&status).contains("deployment \"shop\" successfully rolled out"),
        "{}",
        text(&status)
    );

    // --to-revision, on both.
    let to = (before - 3).to_string();
    let g = a.gantry(&[
        "rollback",
        "--env",
        "staging",
        "--to-revision",
        &to,
        "--yes",
    ]);
    assert!(g.status.success(), "{}", text(&g));
    let k = b.kubectl(&[
        "rollout",
        "undo",
        "deploy/shop",
        "-n",
        "staging",
        "--to-revision",
        &to,
    ]);
    assert!(k.status.success(), "{}", text(&k));
    a.settle().await;
    b.settle().await;
    assert_eq!(a.outcome(), b.outcome());

    // The audit trail has both rollbacks from the CLI, each an intent and its outcome.
    let audit = a.gantry(&["audit", "show", "--json"]);
    let t = String::from_utf8_lossy(&audit.stdout);
    assert_eq!(t.matches("\"rollback\"").count(), 4, "{t}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kubectls_refusals_send_nothing() {
    if !have_kubectl() {
        return;
    }
    let a = sim().await;
    let current = a.revision().to_string();
    let sent = a.patches().await;

    // The revision running is skipped, an unknown one is an error: nothing is sent.
    let same = a.gantry(&[
        "rollback",
        "--env",
        "staging",
        "--to-revision",
        &current,
        "--yes",
    ]);
    assert!(!same.status.success());
    assert!(
        text(&same).contains("skipped rollback (current template already matches revision"),
        "{}",
        text(&same)
    );
    let gone = a.gantry(&[
        "rollback",
        "--env",
        "staging",
        "--to-revision",
        "999",
        "--yes",
    ]);
    assert!(!gone.status.success());
    assert!(
        text(&gone).contains("unable to find specified revision 999 in history"),
        "{}",
        text(&gone)
    );
    assert_eq!(a.patches().await, sent, "no PATCH went out");

    // A paused Deployment is refused, as kubectl refuses it.
    let pause = a.kubectl(&["rollout", "pause", "deploy/shop", "-n", "staging"]);
    assert!(pause.status.success(), "{}", text(&pause));
    let sent = a.patches().await;
    let paused = a.gantry(&["rollback", "--env", "staging", "--yes"]);
    assert!(!paused.status.success());
    assert!(
        text(&paused).contains("you cannot rollback a paused deployment"),
        "{}",
        text(&paused)
    );
    let k = a.kubectl(&["rollout", "undo", "deploy/shop", "-n", "staging"]);
    assert!(
        !k.status.success() && text(&k).contains("paused"),
        "{}",
        text(&k)
    );
    assert_eq!(a.patches().await, sent);

    // Without a terminal and without --yes, nothing is done; read-only refuses after planning.
    a.kubectl(&["rollout", "resume", "deploy/shop", "-n", "staging"]);
    let sent = a.patches().await;
    let unasked = a.gantry(&["rollback", "--env", "staging"]);
    assert!(
        !unasked.status.success() && text(&unasked).contains("--yes"),
        "{}",
        text(&unasked)
    );
    let ro = a.gantry(&["--read-only", "rollback", "--env", "staging", "--yes"]);
    assert!(
        !ro.status.success() && text(&ro).contains("read-only"),
        "{}",
        text(&ro)
    );
    assert_eq!(a.patches().await, sent);
    let missing = a.gantry(&["rollback", "--env", "qa", "--yes"]);
    assert!(
        !missing.status.success() && text(&missing).contains("no environment \"qa\""),
        "{}",
        text(&missing)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_json_has_each_environments_workload() {
    let a = sim().await;
    let out = a.gantry(&["status", "--json"]);
    assert!(out.status.success(), "{}", text(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let envs = v["environments"].as_array().unwrap();
    let names: Vec<&str> = envs.iter().filter_map(|e| e["name"].as_str()).collect();
    assert_eq!(names, ["staging", "production"]);
    let staging = &envs[0];
    assert_eq!(staging["state"], "connected");
    assert_eq!(staging["workload"], "deployment/shop");
    assert_eq!(
        staging["status"],
        "deployment \"shop\" successfully rolled out"
    );
    assert_eq!(staging["replicas"]["desired"], 3);
    assert!(staging["images"][0].as_str().unwrap().contains("shop"));
    let production = &envs[1];
    assert_eq!(production["workload"], "rollout/shop");
    assert_eq!(production["canary"]["phase"], "Healthy");
    // The cluster down (until cleared: kube-rs retries a 503): that environment says so, and the
    // command still answers.
    a.h.admin()
        .add_fault(
            &serde_json::from_value(serde_json::json!(
                {"server": "kube", "kind": "down"}
            ))
            .unwrap(),
        )
        .await
        .unwrap();
    let out = a.gantry(&["status", "--json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["environments"][0]["state"], "unreachable", "{v}");
    let error = v["environments"][0]["error"].as_str().unwrap();
    assert!(error.contains("503") || error.contains("no answer"), "{v}");
}

/// At each step of staging's rolling update, the sentence gantry shows is the one
/// `kubectl rollout status --watch=false` prints for the same state.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_status_sentence_is_kubectls_at_every_step() {
    use gantry::model::kube::status::sentence;
    use gantry::model::kube::{Kind, Target};
    use gantry::sources::kube::{Clusters, ops};
    if !have_kubectl() {
        return;
    }
    let a = sim().await;
    let clusters = Clusters::new(Some(a.h.kubeconfig.clone()));
    let target = Target {
        context: Some("gantry-demo".into()),
        namespace: "staging".into(),
        kind: Kind::Deployment,
        name: "shop".into(),
    };
    let generation = |f: &ops::Fetched| f.workload.generation;
    let first = generation(&ops::fetch(&clusters, &target).await.unwrap());
    // Until the release reaches staging, in big steps: nothing is rolling yet.
    let mut waited = 0;
    while generation(&ops::fetch(&clusters, &target).await.unwrap()) == first {
        a.h.admin().advance(20.0).await.unwrap();
        waited += 20;
        assert!(waited < 1800, "the release never reached staging");
    }
    let mut seen = Vec::new();
    for _ in 0..120 {
        let f = ops::fetch(&clusters, &target).await.unwrap();
        let ours = sentence(&f.workload);
        let out = a.kubectl(&[
            "rollout",
            "status",
            "deploy/shop",
            "-n",
            "staging",
            "--watch=false",
        ]);
        let theirs = String::from_utf8_lossy(&out.stdout).trim_end().to_string();
        assert_eq!(ours.text, theirs, "at the same state");
        if !seen.contains(&theirs) {
            seen.push(theirs);
        }
        if ours.done {
            break;
        }
        a.h.admin().advance(1.0).await.unwrap();
    }
    assert!(seen.len() >= 3, "several distinct steps: {seen:#?}");
    assert!(
        seen.last().unwrap().ends_with("successfully rolled out"),
        "{seen:#?}"
    );
}
