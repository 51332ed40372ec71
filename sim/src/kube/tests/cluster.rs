//! What an engineer types beside gantry, with the real kubectl 1.32: `top`, `auth can-i` with two
//! users whose RBAC differs, nodes and services, and the standard kinds the cluster has none of.

use super::support::{Sim, have_kubectl, start, start_tls};
use crate::commits::CANDIDATE;
use crate::kube::rbac::Role;
use crate::kube::write_kubeconfig;

/// Registers an administrator and an intern who may only read production, and a kubeconfig with
/// a context for each (`admin`, `intern`).
fn two_users(sim: &Sim) -> std::path::PathBuf {
    sim.with(|c| {
        c.rbac.add("admin-token", "oncall", Role::Admin);
        c.rbac.add(
            "intern-token",
            "intern",
            Role::ReadOnlyIn(vec!["production".into()]),
        );
    });
    let path = sim.dir.path().join("kubeconfig-users");
    write_kubeconfig(
        &path,
        &sim.url,
        &[("admin", "admin-token"), ("intern", "intern-token")],
        sim.ca_pem.as_deref(),
    )
    .expect("kubeconfig");
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth_can_i_and_writes_agree_per_user() {
    if !have_kubectl() {
        return;
    }
    // Over HTTPS: kubectl sends no token over plain HTTP.
    let sim = start_tls(false).await;
    let kc = two_users(&sim);
    let run = |ctx: &'static str, args: &'static [&'static str]| {
        let mut full = vec!["--context", ctx];
        full.extend_from_slice(args);
        let cmd = super::support::kubectl_in(sim.dir.path(), &kc, &full);
        super::support::output(cmd, args)
    };
    let can = |out: &super::support::Out| out.stdout.trim().starts_with("yes");
    let prod = &["auth", "can-i", "patch", "deployments", "-n", "production"][..];
    let admin = run("admin", prod).await;
    assert!(can(&admin), "{}{}", admin.stdout, admin.stderr);
    let intern = run("intern", prod).await;
    assert!(
        !intern.ok && intern.stdout.trim().starts_with("no"),
        "{}",
        intern.stdout
    );
    let staging = run(
        "intern",
        &["auth", "can-i", "patch", "deployments", "-n", "staging"],
    )
    .await;
    assert!(can(&staging), "{}", staging.stdout);
    let read = run(
        "intern",
        &["auth", "can-i", "list", "pods", "-n", "production"],
    )
    .await;
    assert!(can(&read), "{}", read.stdout);
    // The write the review refused is refused by the server too, in the apiserver's words.
    let scale = run(
        "intern",
        &[
            "patch",
            "rollout",
            "shop",
            "-n",
            "production",
            "--type=merge",
            "-p",
            r#"{"spec":{"paused":true}}"#,
        ],
    )
    .await;
    assert!(!scale.ok, "{}", scale.stdout);
    assert!(
        scale.stderr.contains(
            "rollouts.argoproj.io \"shop\" is forbidden: User \"intern\" cannot patch resource \"rollouts\""
        ),
        "{}",
        scale.stderr
    );
    // A token the cluster did not issue is not a user.
    let bad = sim.dir.path().join("kubeconfig-bad");
    write_kubeconfig(&bad, &sim.url, &[("x", "nope")], sim.ca_pem.as_deref()).expect("kubeconfig");
    let cmd = super::support::kubectl_in(sim.dir.path(), &bad, &["get", "pods"]);
    let out = super::support::output(cmd, &["get", "pods"]).await;
    assert!(
        !out.ok && out.stderr.contains("Unauthorized"),
        "{}",
        out.stderr
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn top_pods_follow_the_scenario_and_the_canary_leaks() {
    if !have_kubectl() {
        return;
    }
    let sim = start(true).await;
    let top = sim.kubectl(&["top", "pods", "-n", "staging"]).await;
    assert!(top.ok, "{}", top.stderr);
    assert!(
        top.stdout.contains("CPU(cores)   MEMORY(bytes)"),
        "{}",
        top.stdout
    );
    assert_eq!(
        top.stdout
            .lines()
            .filter(|l| l.starts_with("shop-"))
            .count(),
        3
    );
    let nodes = sim.kubectl(&["top", "nodes"]).await;
    assert!(
        nodes.ok && nodes.stdout.contains("gantry-node-1"),
        "{}",
        nodes.stderr
    );
    // The bad release reaches production's canary; its pods grow by the minute, the stable ones do not.
    let now = sim.clock.now();
    sim.with(|c| c.deploy("production", &CANDIDATE, now));
    sim.steps(30, 2.0);
    let memory = |sim: &Sim| {
        let url = format!(
            "{}/apis/metrics.k8s.io/v1beta1/namespaces/production/pods",
            sim.url
        );
        async move {
            let v: serde_json::Value = super::support::http()
                .get(url)
                .send()
                .await
                .expect("get")
                .json()
                .await
                .expect("json");
            let items = v["items"].as_array().cloned().unwrap_or_default();
            items
                .iter()
                .map(|m| {
                    let q = m["containers"][0]["usage"]["memory"]
                        .as_str()
                        .unwrap_or("0Ki");
                    let ki: u64 = q.trim_end_matches("Ki").parse().unwrap_or(0);
                    (
                        m["metadata"]["name"].as_str().unwrap_or("").to_string(),
                        ki / 1024,
                    )
                })
                .collect::<Vec<_>>()
        }
    };
    let canary_pods: Vec<String> = sim.with(|c| {
        c.list_objects("pods", "production")
            .iter()
            .filter(|p| p["spec"]["containers"][0]["image"] == CANDIDATE.image().as_str())
            .filter_map(|p| p["metadata"]["name"].as_str().map(str::to_string))
            .collect()
    });
    assert!(!canary_pods.is_empty(), "the canary started");
    let before = memory(&sim).await;
    sim.steps(10, 60.0);
    let after = memory(&sim).await;
    let of = |v: &[(String, u64)], name: &str| v.iter().find(|(n, _)| n == name).map(|(_, m)| *m);
    for name in &canary_pods {
        let (b, a) = (
            of(&before, name).unwrap_or(0),
            of(&after, name).unwrap_or(0),
        );
        assert!(a >= b + 100, "canary {name} grows: {b} -> {a} MiB");
    }
    for (name, mib) in after.iter().filter(|(n, _)| !canary_pods.contains(n)) {
        assert!(*mib < 200, "stable {name} stays small: {mib} MiB");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nodes_services_and_empty_standard_kinds() {
    if !have_kubectl() {
        return;
    }
    let sim = start(false).await;
    let out = sim.kubectl(&["get", "nodes,svc", "-A"]).await;
    assert!(out.ok, "{}", out.stderr);
    for want in [
        "node/gantry-node-1",
        "Ready",
        "v1.32.0",
        "service/shop",
        "10.96.0.1",
        "80/TCP",
    ] {
        assert!(out.stdout.contains(want), "{want}: {}", out.stdout);
    }
    // Every pod's node exists.
    let nodes: Vec<String> = sim.with(|c| {
        c.list_objects("pods", "staging")
            .iter()
            .filter_map(|p| p["spec"]["nodeName"].as_str().map(str::to_string))
            .collect()
    });
    for n in nodes {
        let got = sim.kubectl(&["get", "node", &n]).await;
        assert!(got.ok, "{n}: {}", got.stderr);
    }
    let kinds =
        "configmaps,secrets,statefulsets,daemonsets,jobs,cronjobs,ingresses,pvc,serviceaccounts";
    let empty = sim.kubectl(&["get", kinds, "-n", "staging"]).await;
    assert!(empty.ok, "{}", empty.stderr);
    assert!(
        empty.stderr.contains("No resources found"),
        "{}",
        empty.stderr
    );
    let cluster = sim
        .kubectl(&["get", "pv,storageclasses,clusterroles"])
        .await;
    assert!(cluster.ok, "{}", cluster.stderr);
    let missing = sim
        .kubectl(&["get", "configmap", "nope", "-n", "staging"])
        .await;
    assert!(
        !missing.ok && missing.stderr.contains("configmaps \"nope\" not found"),
        "{}",
        missing.stderr
    );
    let all = sim.kubectl(&["get", "all", "-n", "staging"]).await;
    assert!(
        all.ok && all.stdout.contains("service/shop"),
        "{}",
        all.stderr
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn explain_and_server_side_dry_run_read_the_openapi_documents() {
    if !have_kubectl() {
        return;
    }
    let sim = start(false).await;
    let out = sim.kubectl(&["explain", "deployment"]).await;
    assert!(out.ok, "{}", out.stderr);
    for want in [
        "GROUP:      apps",
        "KIND:       Deployment",
        "VERSION:    v1",
        "Declarative updates of pods and ReplicaSets.",
        "spec\t<DeploymentSpec>",
    ] {
        assert!(out.stdout.contains(want), "{want}: {}", out.stdout);
    }
    let deep = sim
        .kubectl(&["explain", "deploy.spec.template.spec.containers.image"])
        .await;
    assert!(
        deep.ok && deep.stdout.contains("<string>"),
        "{}",
        deep.stderr
    );
    let ro = sim
        .kubectl(&["explain", "rollout.spec.strategy.canary.steps"])
        .await;
    assert!(ro.ok && ro.stdout.contains("setWeight"), "{}", ro.stderr);
    let pods = sim.kubectl(&["explain", "pods.status.phase"]).await;
    assert!(pods.ok, "{}", pods.stderr);

    // Server-side dry run of an apply, without --validate=false; nothing changes.
    let before = sim.with(|c| c.get_object("deployments", "staging", "shop"));
    let current = sim.kubectl(&["get", "deploy", "shop", "-o", "json"]).await;
    let mut d: serde_json::Value = serde_json::from_str(&current.stdout).expect("json");
    d["spec"]["replicas"] = serde_json::json!(5);
    let file = sim.dir.path().join("shop.json");
    std::fs::write(&file, d.to_string()).expect("write");
    let path = file.to_string_lossy().to_string();
    let apply = sim
        .kubectl(&["apply", "--dry-run=server", "-f", &path])
        .await;
    assert!(apply.ok, "{}", apply.stderr);
    assert!(
        apply.stdout.contains("(server dry run)"),
        "{}",
        apply.stdout
    );
    assert_eq!(
        sim.with(|c| c.get_object("deployments", "staging", "shop")),
        before
    );
}
