//! gantry's cluster client finds its kubeconfig as kubectl does: the configured path, else
//! `$KUBECONFIG`, else `~/.kube/config`; and names a missing context. One test, because it sets
//! process environment variables (no other test in this binary reads them).

use gantry_sim::{Scenario, SimArgs, start};
use k8s_openapi::api::apps::v1::Deployment;
use kube::api::{Api, ListParams};

async fn staging_deployments(client: kube::Client) -> usize {
    let api: Api<Deployment> = Api::namespaced(client, "staging");
    api.list(&ListParams::default()).await.unwrap().items.len()
}

#[tokio::test]
async fn the_kubeconfig_is_found_the_way_kubectl_finds_it() {
    let h = start(&SimArgs::reproducible(Scenario::Release))
        .await
        .unwrap();
    let client = gantry::sources::kube::client;

    // 1. The configured path, with the current context.
    assert_eq!(
        staging_deployments(client(Some(&h.kubeconfig), None).await.unwrap()).await,
        1
    );

    // 2. No path: $KUBECONFIG, a list whose first file may be missing.
    let home = tempfile::tempdir().unwrap();
    let list = std::env::join_paths([home.path().join("missing"), h.kubeconfig.clone()]).unwrap();
    // SAFETY: this binary's only test; nothing else reads the environment meanwhile.
    unsafe {
        std::env::set_var("KUBECONFIG", &list);
        std::env::set_var("HOME", home.path());
    }
    let c = client(None, Some("gantry-demo")).await.unwrap();
    assert_eq!(staging_deployments(c).await, 1);

    // 3. Neither: ~/.kube/config.
    unsafe { std::env::remove_var("KUBECONFIG") };
    let err = client(None, None).await.err().unwrap().to_string();
    assert!(err.contains("cannot read a kubeconfig"), "{err}");
    std::fs::create_dir_all(home.path().join(".kube")).unwrap();
    std::fs::copy(&h.kubeconfig, home.path().join(".kube/config")).unwrap();
    let c = client(None, None).await.unwrap();
    assert_eq!(staging_deployments(c).await, 1);

    // A context that is not there is named in the error.
    let err = client(Some(&h.kubeconfig), Some("prod-eu"))
        .await
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("\"prod-eu\""), "{err}");
}
