//! The simulated clock as a new user meets it: a paused simulator starts at the wall time (to the
//! minute) unless given `start`, and every response's `Date` header follows the simulated clock.

mod common;

use chrono::{DateTime, Duration, DurationRound, Utc};
use common::sim;
use gantry_sim::{FaultKind, FaultRule, Scenario, Server, SimArgs, start};

fn date_of(r: &reqwest::Response) -> DateTime<Utc> {
    let text = r.headers()["date"].to_str().unwrap();
    DateTime::parse_from_rfc2822(text)
        .unwrap()
        .with_timezone(&Utc)
}

#[tokio::test]
async fn a_paused_simulator_starts_at_the_wall_clock_minute() {
    let before = Utc::now().duration_trunc(Duration::minutes(1)).unwrap();
    let h = start(&SimArgs {
        paused: true,
        ..SimArgs::default()
    })
    .await
    .unwrap();
    let after = Utc::now();
    let now = h.admin().clock().await.unwrap().now;
    assert!(
        before <= now && now <= after,
        "{before} <= {now} <= {after}"
    );
    assert_eq!(now, now.duration_trunc(Duration::minutes(1)).unwrap());
    // The release was pushed at start: its CI run is minutes old, not days.
    let http = h.client_builder().unwrap().build().unwrap();
    let runs: serde_json::Value = http
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
    let created = runs["workflow_runs"][0]["created_at"].as_str().unwrap();
    let created: DateTime<Utc> = created.parse().unwrap();
    assert_eq!(created, now);
}

#[tokio::test]
async fn date_headers_follow_the_simulated_clock_on_every_api() {
    let s = sim(Scenario::Release).await;
    let t0: DateTime<Utc> = "2026-11-27T03:00:00Z".parse().unwrap();
    let r = s.get("/repos/acme/shop/actions/runs").await;
    assert_eq!(r.headers()["date"], "Fri, 27 Nov 2026 03:00:00 GMT");
    s.advance(90).await;
    assert_eq!(date_of(&s.get("/user").await), t0 + Duration::seconds(90));
    // Errors and faults too: the header is stamped on whatever leaves the server.
    assert_eq!(
        date_of(&s.get_as("/user", "ghp_nope").await),
        t0 + Duration::seconds(90)
    );
    let rule = FaultRule::new(Server::Github, FaultKind::Status { status: 502 }).count(1);
    s.admin().add_fault(&rule).await.unwrap();
    let r = s.get("/user").await;
    assert_eq!(r.status(), 502);
    assert_eq!(date_of(&r), t0 + Duration::seconds(90));
    let kube =
        s.c.get(format!(
            "{}/apis/apps/v1/namespaces/staging/deployments",
            s.h.kube_url
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(kube.status(), 200);
    assert_eq!(date_of(&kube), t0 + Duration::seconds(90));
    let admin =
        s.c.get(format!("{}/clock", s.h.admin_url))
            .send()
            .await
            .unwrap();
    assert_eq!(date_of(&admin), t0 + Duration::seconds(90));
}
