//! `--tls`: every API over HTTPS with the simulator's own CA, trusted by clients that are given it
//! (the admin client, reqwest, kube-rs, the real kubectl) and refused by those that are not.

use std::path::Path;

use gantry_sim::{Scenario, SimArgs, SimHandle, start};
use serde_json::Value;

const KUBECTL: &str = "/usr/lib/google-cloud-sdk/bin/kubectl.1.32";

async fn tls_sim() -> SimHandle {
    start(&SimArgs {
        tls: true,
        ..SimArgs::reproducible(Scenario::Release)
    })
    .await
    .unwrap()
}

async fn kubectl(kubeconfig: &Path, home: &Path, args: &[&str]) -> (bool, String) {
    let out = tokio::process::Command::new(KUBECTL)
        .args(args)
        .arg("--kubeconfig")
        .arg(kubeconfig)
        .arg("--cache-dir")
        .arg(home.join("cache"))
        .env("HOME", home)
        .env_remove("KUBECONFIG")
        .kill_on_drop(true)
        .output()
        .await
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("$ kubectl {}\n{text}", args.join(" "));
    (out.status.success(), text)
}

#[tokio::test]
async fn every_api_is_https_and_the_state_dir_holds_the_ca() {
    let h = tls_sim().await;
    for url in [&h.github_url, &h.kube_url, &h.admin_url] {
        assert!(url.starts_with("https://127.0.0.1:"), "{url}");
    }
    let info = h.info_json();
    assert_eq!(info["github_url"], h.github_url.as_str());
    let ca_file = h.ca_file.clone().unwrap();
    assert_eq!(info["ca_file"], ca_file.display().to_string());
    let pem = std::fs::read_to_string(&ca_file).unwrap();
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "{pem}");
    assert_eq!(h.ca_pem(), Some(pem.as_str()));
    let config = std::fs::read_to_string(&h.config).unwrap();
    assert!(
        config.contains(&format!("api_url = \"{}/\"", h.github_url)),
        "{config}"
    );
    assert!(
        config.contains(&format!("ca_file = \"{}\"", ca_file.display())),
        "{config}"
    );
    let kc = std::fs::read_to_string(&h.kubeconfig).unwrap();
    assert!(kc.contains("certificate-authority-data: "), "{kc}");
    assert!(!kc.contains("insecure-skip-tls-verify"), "{kc}");
    assert!(kc.contains(&format!("token: \"{}\"", h.token)), "{kc}");

    // The admin client trusts the CA it was given.
    assert!(h.admin().clock().await.unwrap().paused);
    // So does a client from the handle's builder, for GitHub.
    let http = h.client_builder().unwrap().build().unwrap();
    let me: Value = http
        .get(format!("{}/user", h.github_url))
        .bearer_auth(&h.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["login"], "oncall");
    // An answer's URLs name the https base.
    let runs: Value = http
        .get(format!(
            "{}/repos/acme/shop/actions/runs?per_page=1",
            h.github_url
        ))
        .bearer_auth(&h.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let url = runs["workflow_runs"][0]["url"].as_str().unwrap();
    assert!(url.starts_with(&h.github_url), "{url}");
}

#[tokio::test]
async fn a_client_without_the_ca_is_refused() {
    let h = tls_sim().await;
    let stranger = gantry_sim::AdminClient::new(&h.admin_url, None).unwrap();
    let err = stranger.clock().await.unwrap_err();
    let chain = format!("{err:#}");
    assert!(
        chain.contains("certificate") || chain.contains("UnknownIssuer"),
        "{chain}"
    );
    // Another simulator's CA is not this one's.
    let other = tls_sim().await;
    let wrong = gantry_sim::AdminClient::new(&h.admin_url, other.ca_pem()).unwrap();
    assert!(wrong.clock().await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kubectl_verifies_the_cluster_through_the_kubeconfig() {
    if !Path::new(KUBECTL).exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "kubectl 1.32 missing at {KUBECTL} under CI"
        );
        eprintln!("!!! SKIPPING: kubectl 1.32 not found at {KUBECTL}");
        return;
    }
    let h = tls_sim().await;
    let home = tempfile::tempdir().unwrap();
    let (ok, out) = kubectl(
        &h.kubeconfig,
        home.path(),
        &["get", "deploy", "-n", "staging"],
    )
    .await;
    assert!(ok, "{out}");
    assert!(out.contains("shop   3/3"), "{out}");
    let (ok, out) = kubectl(
        &h.kubeconfig,
        home.path(),
        &["rollout", "history", "deploy/shop"],
    )
    .await;
    assert!(ok && out.contains("CD: deploy"), "{out}");

    // The same kubeconfig without the CA: kubectl refuses the certificate.
    let kc = std::fs::read_to_string(&h.kubeconfig).unwrap();
    let stripped: String = kc
        .lines()
        .filter(|l| !l.contains("certificate-authority-data"))
        .map(|l| format!("{l}\n"))
        .collect();
    let bare = home.path().join("bare-kubeconfig");
    std::fs::write(&bare, stripped).unwrap();
    let (ok, out) = kubectl(&bare, home.path(), &["get", "deploy", "-n", "staging"]).await;
    assert!(!ok, "{out}");
    assert!(
        out.contains("certificate signed by unknown authority"),
        "{out}"
    );
}
