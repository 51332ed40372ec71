//! The admin API as documented in the README (raw JSON over HTTP), and the typed `AdminClient` over
//! it: the clock, tokens and faults round-trip.

use gantry_sim::{FaultKind, FaultRule, Scenario, Server, SimArgs, start};
use serde_json::{Value, json};

#[tokio::test]
async fn documented_fault_json_is_accepted_and_bad_json_refused() {
    let h = start(&SimArgs::reproducible(Scenario::Release))
        .await
        .unwrap();
    let http = h.client_builder().unwrap().build().unwrap();
    let faults = format!("{}/faults", h.admin_url);
    let readme = json!({"server": "github", "kind": "status", "status": 502, "count": 1});
    let r = http.post(&faults).json(&readme).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let listed: Value = http
        .get(&faults)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed[0]["kind"], "status");
    assert_eq!(listed[0]["status"], 502);
    let typed = h.admin().faults().await.unwrap();
    assert_eq!(
        typed,
        [FaultRule::new(Server::Github, FaultKind::Status { status: 502 }).count(1)]
    );
    let r = http
        .post(&faults)
        .body(r#"{"kind":"explode"}"#)
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = http
        .post(format!("{}/clock/advance", h.admin_url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400, "seconds is required");
    h.admin().clear_faults().await.unwrap();
    assert!(h.admin().faults().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_admin_client_moves_the_clock_and_names_users() {
    let h = start(&SimArgs::reproducible(Scenario::Release))
        .await
        .unwrap();
    let a = h.admin();
    let c0 = a.clock().await.unwrap();
    assert!(c0.paused);
    assert_eq!(c0.now.to_rfc3339(), "2026-11-27T03:00:00+00:00");
    let c1 = a.advance(90.0).await.unwrap();
    assert_eq!((c1.now - c0.now).num_seconds(), 90);
    assert_eq!(c1.epoch, c1.now.timestamp());
    assert!(!a.resume().await.unwrap().paused);
    assert!(a.pause().await.unwrap().paused);
    let users = a.users().await.unwrap();
    let oncall = users.iter().find(|u| u.login == "oncall").unwrap();
    assert_eq!(oncall.token, h.token);
    assert!(oncall.production_reviewer);
    assert!(!users.iter().any(|u| u.login.contains("[bot]")));
    assert!(a.token_of("nobody").await.is_err());
    // An admin client made from the URL alone (as for `gantry sim`) reads the same simulator.
    let other = gantry_sim::AdminClient::new(&h.admin_url, None).unwrap();
    assert_eq!(other.clock().await.unwrap(), a.clock().await.unwrap());
}
