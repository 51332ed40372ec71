//! The real kubectl 1.32 against the simulated cluster: get with Table columns, rollout status,
//! history, undo, scale, restart, logs and Argo Rollouts.

use super::support::{Out, Sim, have_kubectl, start};
use crate::commits::{CANDIDATE, HISTORY, production_stable, staging_current};

fn image_of(d: &serde_json::Value) -> String {
    d["spec"]["template"]["spec"]["containers"][0]["image"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

fn revisions(sim: &Sim) -> Vec<u64> {
    let mut v: Vec<u64> = sim
        .with(|c| c.list_objects("replicasets", "staging"))
        .iter()
        .filter_map(|rs| {
            rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"]
                .as_str()?
                .parse()
                .ok()
        })
        .collect();
    v.sort();
    v
}

/// What the Argo plugin's abort, retry and promote send: a merge patch of the rollout's status.
async fn patch_rollout_status(sim: &Sim, patch: &str) -> Out {
    sim.kubectl(&[
        "patch",
        "rollout",
        "shop",
        "-n",
        "production",
        "--subresource=status",
        "--type=merge",
        "-p",
        patch,
    ])
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_prints_usual_columns() {
    if !have_kubectl() {
        return;
    }
    let sim = start(false).await;
    let out = sim
        .kubectl(&["get", "deploy,rs,pods,events", "-n", "staging"])
        .await;
    assert!(out.ok, "{}", out.stderr);
    let s = &out.stdout;
    assert!(
        s.contains("NAME") && s.contains("READY   UP-TO-DATE   AVAILABLE   AGE"),
        "{s}"
    );
    assert!(
        s.contains("deployment.apps/shop   3/3     3            3"),
        "{s}"
    );
    assert!(s.contains("DESIRED   CURRENT   READY   AGE"), "{s}");
    assert!(s.contains("replicaset.apps/shop-"), "{s}");
    assert!(
        s.contains("STATUS    RESTARTS   AGE") && s.contains("Running"),
        "{s}"
    );
    assert!(
        s.contains("LAST SEEN") && s.contains("TYPE") && s.contains("ScalingReplicaSet"),
        "{s}"
    );
    // The gcloud dispatcher picks kubectl 1.32 from /version.
    let v = tokio::process::Command::new("/usr/bin/kubectl")
        .args(["version", "--kubeconfig"])
        .arg(&sim.kubeconfig)
        .env("HOME", sim.dir.path().join("home2"))
        .output()
        .await;
    if let Ok(v) = v {
        let out = String::from_utf8_lossy(&v.stdout);
        assert!(out.contains("Server Version: v1.32.0"), "{out}");
    }
    let wide = sim.kubectl(&["get", "deploy", "shop", "-o", "wide"]).await;
    assert!(
        wide.stdout.contains(&staging_current().image()),
        "{}",
        wide.stdout
    );
    let missing = sim.kubectl(&["get", "deploy", "nope"]).await;
    assert!(
        !missing.ok
            && missing
                .stderr
                .contains("deployments.apps \"nope\" not found"),
        "{}",
        missing.stderr
    );
    let json = sim
        .kubectl(&["get", "pods", "-l", "app=shop", "-o", "json"])
        .await;
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(v["items"].as_array().map(Vec::len), Some(3));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rollout_status_follows_a_rolling_update() {
    if !have_kubectl() {
        return;
    }
    let sim = start(false).await;
    let now = sim.clock.now();
    sim.with(|c| c.deploy("staging", &CANDIDATE, now));
    // kubectl watches while the cluster moves on; it exits once the rollout completes.
    let child = sim
        .kubectl_cmd(&[
            "rollout",
            "status",
            "deploy/shop",
            "-n",
            "staging",
            "--timeout=60s",
        ])
        .spawn()
        .expect("spawn");
    let waiter = tokio::spawn(child.wait_with_output());
    let mut steps = 0;
    while !waiter.is_finished() && steps < 400 {
        sim.step(1.0);
        steps += 1;
        tokio::time::sleep(std::time::Duration::from_millis(20)).await; // pacing only: lets kubectl see steps
    }
    let out = waiter.await.expect("join").expect("kubectl");
    let stdout = String::from_utf8_lossy(&out.stdout);
    eprintln!("{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success());
    assert!(
        stdout.contains("deployment \"shop\" successfully rolled out"),
        "{stdout}"
    );
    assert!(sim.with(|c| c.rolled_out("staging", &CANDIDATE.image())));
    let again = sim
        .kubectl(&["rollout", "status", "deploy/shop", "-n", "staging"])
        .await;
    assert!(again.stdout.contains("successfully rolled out"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn history_and_undo() {
    if !have_kubectl() {
        return;
    }
    let sim = start(false).await;
    let h = sim
        .kubectl(&["rollout", "history", "deploy/shop", "-n", "staging"])
        .await;
    assert!(h.ok, "{}", h.stderr);
    assert!(h.stdout.contains("REVISION  CHANGE-CAUSE"), "{}", h.stdout);
    for (i, c) in HISTORY.iter().enumerate() {
        assert!(
            h.stdout
                .contains(&format!("{}         CD: deploy {}", i + 1, c.version)),
            "{}",
            h.stdout
        );
    }
    let detail = sim
        .kubectl(&["rollout", "history", "deploy/shop", "--revision=2"])
        .await;
    assert!(
        detail.stdout.contains(&HISTORY[1].image()),
        "{}",
        detail.stdout
    );

    // Server-side dry run changes nothing.
    let dry = sim
        .kubectl(&[
            "rollout",
            "undo",
            "deploy/shop",
            "--to-revision=2",
            "--dry-run=server",
        ])
        .await;
    assert!(dry.ok, "{}", dry.stderr);
    let d = sim
        .with(|c| c.get_object("deployments", "staging", "shop"))
        .expect("deploy");
    assert_eq!(image_of(&d), staging_current().image());

    let bad = sim
        .kubectl(&["rollout", "undo", "deploy/shop", "--to-revision=9"])
        .await;
    assert!(
        !bad.ok && bad.stderr.contains("unable to find specified revision"),
        "{}",
        bad.stderr
    );

    let undo = sim
        .kubectl(&["rollout", "undo", "deploy/shop", "--to-revision=2"])
        .await;
    assert!(
        undo.ok && undo.stdout.contains("rolled back"),
        "{}{}",
        undo.stdout,
        undo.stderr
    );
    let d = sim
        .with(|c| c.get_object("deployments", "staging", "shop"))
        .expect("deploy");
    assert_eq!(image_of(&d), HISTORY[1].image());
    assert_eq!(revisions(&sim), vec![1, 3, 4, 5]);
    sim.steps(30, 2.0);
    assert!(sim.with(|c| c.rolled_out("staging", &HISTORY[1].image())));

    // Plain undo goes back to the previous revision (4).
    let undo = sim.kubectl(&["rollout", "undo", "deploy/shop"]).await;
    assert!(undo.ok, "{}", undo.stderr);
    let d = sim
        .with(|c| c.get_object("deployments", "staging", "shop"))
        .expect("deploy");
    assert_eq!(image_of(&d), staging_current().image());
    assert_eq!(revisions(&sim), vec![1, 3, 5, 6]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scale_restart_and_pause() {
    if !have_kubectl() {
        return;
    }
    let sim = start(false).await;
    let out = sim.kubectl(&["scale", "deploy/shop", "--replicas=5"]).await;
    assert!(out.ok && out.stdout.contains("scaled"), "{}", out.stderr);
    sim.steps(20, 1.0);
    let g = sim.kubectl(&["get", "deploy", "shop"]).await;
    assert!(g.stdout.contains("5/5"), "{}", g.stdout);
    let r = sim.kubectl(&["rollout", "restart", "deploy/shop"]).await;
    assert!(r.ok, "{}", r.stderr);
    let d = sim
        .with(|c| c.get_object("deployments", "staging", "shop"))
        .expect("deploy");
    assert!(
        d["spec"]["template"]["metadata"]["annotations"]["kubectl.kubernetes.io/restartedAt"]
            .is_string()
    );
    assert_eq!(revisions(&sim), vec![1, 2, 3, 4, 5]);
    let p = sim.kubectl(&["rollout", "pause", "deploy/shop"]).await;
    assert!(p.ok, "{}", p.stderr);
    let u = sim.kubectl(&["rollout", "undo", "deploy/shop"]).await;
    assert!(!u.ok && u.stderr.contains("paused"), "{}", u.stderr);
    let bad = sim
        .kubectl(&[
            "patch",
            "deploy/shop",
            "--type=json",
            "-p",
            r#"[{"op":"replace","path":"/spec/replicas","value":"x"}]"#,
        ])
        .await;
    assert!(!bad.ok && bad.stderr.contains("invalid"), "{}", bad.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_tail_and_follow() {
    if !have_kubectl() {
        return;
    }
    let sim = start(true).await;
    let pod = sim.with(|c| c.list_objects("pods", "staging"))[0]["metadata"]["name"]
        .as_str()
        .expect("name")
        .to_string();
    let tail = sim
        .kubectl(&["logs", &pod, "--tail=5", "--timestamps"])
        .await;
    assert!(tail.ok, "{}", tail.stderr);
    assert_eq!(tail.stdout.lines().count(), 5, "{}", tail.stdout);
    assert!(
        tail.stdout.lines().all(|l| l.starts_with("2026-11-2")),
        "{}",
        tail.stdout
    );
    let dep = sim.kubectl(&["logs", "deploy/shop", "--since=1m"]).await;
    assert!(dep.ok && dep.stdout.lines().count() >= 10, "{}", dep.stderr);

    // Follow streams new lines as simulated time passes and ends when the pod is gone.
    let child = sim
        .kubectl_cmd(&["logs", "-f", &pod, "--tail=1"])
        .spawn()
        .expect("spawn");
    let waiter = tokio::spawn(child.wait_with_output());
    tokio::time::sleep(std::time::Duration::from_millis(500)).await; // pacing: let kubectl connect
    sim.steps(6, 5.0);
    let del = sim.kubectl(&["delete", "pod", &pod, "--wait=false"]).await;
    assert!(del.ok, "{}", del.stderr);
    let mut n = 0;
    while !waiter.is_finished() && n < 100 {
        sim.step(1.0);
        n += 1;
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let out = tokio::time::timeout(std::time::Duration::from_secs(10), waiter)
        .await
        .expect("logs -f ended")
        .expect("join")
        .expect("kubectl");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.lines().count() >= 6, "{stdout}");
    assert!(stdout.contains("HTTP/1.1"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn argo_rollouts_get_abort_and_undo() {
    if !have_kubectl() {
        return;
    }
    let sim = start(true).await;
    let g = sim.kubectl(&["get", "rollouts", "-n", "production"]).await;
    assert!(g.ok, "{}", g.stderr);
    assert!(
        g.stdout
            .contains("NAME   DESIRED   CURRENT   UP-TO-DATE   AVAILABLE   AGE"),
        "{}",
        g.stdout
    );
    assert!(
        g.stdout
            .contains("shop   5         5         5            5"),
        "{}",
        g.stdout
    );
    let ro = sim
        .kubectl(&[
            "get",
            "ro",
            "shop",
            "-n",
            "production",
            "-o",
            "jsonpath={.status.phase}",
        ])
        .await;
    assert_eq!(ro.stdout, "Healthy");

    let now = sim.clock.now();
    sim.with(|c| c.deploy("production", &CANDIDATE, now));
    sim.steps(12, 5.0);
    assert_eq!(
        sim.with(|c| c.canary("production")),
        Some(("Paused".into(), 5))
    );
    let ev = sim
        .kubectl(&[
            "get",
            "events",
            "-n",
            "production",
            "--field-selector",
            "type=Warning",
        ])
        .await;
    assert!(ev.stdout.contains("Unhealthy"), "{}", ev.stdout);

    let abort = patch_rollout_status(&sim, r#"{"status":{"abort":true}}"#).await;
    assert!(abort.ok, "{}", abort.stderr);
    sim.steps(10, 2.0);
    assert_eq!(
        sim.with(|c| c.canary("production")),
        Some(("Degraded".into(), 0))
    );

    let retry = patch_rollout_status(&sim, r#"{"status":{"abort":false}}"#).await;
    assert!(retry.ok, "{}", retry.stderr);
    sim.steps(12, 5.0);
    assert_eq!(
        sim.with(|c| c.canary("production")),
        Some(("Paused".into(), 5))
    );
    let promote = patch_rollout_status(&sim, r#"{"status":{"pauseConditions":null}}"#).await;
    assert!(promote.ok, "{}", promote.stderr);
    sim.steps(12, 5.0);
    assert_eq!(
        sim.with(|c| c.canary("production")),
        Some(("Paused".into(), 50))
    );

    // Undo as the plugin does it: the stable ReplicaSet's template, hash label removed.
    let stable = sim
        .with(|c| c.list_objects("replicasets", "production"))
        .into_iter()
        .find(|rs| {
            rs["spec"]["template"]["spec"]["containers"][0]["image"] == production_stable().image()
        })
        .expect("stable rs");
    let mut template = stable["spec"]["template"].clone();
    template["metadata"]["labels"]
        .as_object_mut()
        .expect("labels")
        .remove("rollouts-pod-template-hash");
    let patch = serde_json::json!([{"op": "replace", "path": "/spec/template", "value": template}])
        .to_string();
    let undo = sim
        .kubectl(&[
            "patch",
            "ro",
            "shop",
            "-n",
            "production",
            "--type=json",
            "-p",
            &patch,
        ])
        .await;
    assert!(undo.ok, "{}", undo.stderr);
    sim.steps(12, 5.0);
    assert_eq!(
        sim.with(|c| c.canary("production")),
        Some(("Healthy".into(), 100))
    );
    assert!(sim.with(|c| c.rolled_out("production", &production_stable().image())));
}
