//! `update` tables for source events: snapshots stored in the source's slot, the quota set, failures
//! keep the data and count down, and a task that ends shows as stopped for good.

mod support;

use std::collections::BTreeMap;

use chrono::TimeDelta;
use gantry::app::slot::Health;
use gantry::app::{Action, State, update};
use gantry::event::{SourceEvent, Update};
use gantry::model::github::Snapshot;
use gantry::sources::SourceId;
use support::{StateBuilder, github_failed, github_loaded, now, quota_only, screen};

fn state() -> State {
    StateBuilder::new()
        .size(120, 30)
        .then(Action::SourceStarted(SourceId::Github))
        .build()
}

fn loaded(remaining: u32) -> Action {
    let mut snap = quota_only(remaining);
    snap.jobs = BTreeMap::from([(7, Vec::new())]);
    github_loaded(snap)
}

#[test]
fn source_events_table() {
    let t0 = now();
    let t1 = now() + TimeDelta::minutes(1);
    // (events, the first at t0 and the rest at t1, then: health, error, failing since, retry at,
    //  quota remaining, data kept)
    type Row = (
        Vec<Action>,
        Health,
        Option<&'static str>,
        Option<chrono::DateTime<chrono::Utc>>,
        Option<chrono::DateTime<chrono::Utc>>,
        Option<u32>,
    );
    let table: Vec<Row> = vec![
        (vec![loaded(4990)], Health::Ok, None, None, None, Some(4990)),
        (
            vec![github_failed("connection refused", 2)],
            Health::Failing,
            Some("connection refused"),
            Some(t0),
            Some(t0 + TimeDelta::seconds(2)),
            None,
        ),
        (
            // A second failure keeps when failures began and the last good data.
            vec![
                loaded(4990),
                github_failed("502 Bad Gateway", 2),
                github_failed("502 Bad Gateway", 4),
            ],
            Health::Failing,
            Some("502 Bad Gateway"),
            Some(t1),
            Some(t1 + TimeDelta::seconds(4)),
            Some(4990),
        ),
        (
            vec![github_failed("x", 2), loaded(4980)],
            Health::Ok,
            None,
            None,
            None,
            Some(4980),
        ),
    ];
    for (events, health, error, since, retry_at, remaining) in table {
        let mut s = state();
        for (i, ev) in events.clone().into_iter().enumerate() {
            update(
                &mut s,
                Action::Tick(t0 + TimeDelta::minutes(i.min(1) as i64)),
            );
            s.dirty = false;
            update(&mut s, ev);
            assert!(s.dirty, "{events:?}");
        }
        let slot = &s.github;
        assert_eq!(slot.health, health, "{events:?}");
        assert_eq!(slot.error.as_deref(), error, "{events:?}");
        assert_eq!(slot.failing_since, since, "{events:?}");
        assert_eq!(slot.retry_at, retry_at, "{events:?}");
        let data = slot.data.as_ref();
        assert_eq!(data.map(|d| d.quota.remaining), remaining, "{events:?}");
        assert_eq!(
            data.is_some_and(|d| d.jobs.contains_key(&7)),
            remaining.is_some()
        );
    }
}

#[test]
fn an_unchanged_snapshot_updates_the_quota_without_a_redraw() {
    let mut s = state();
    update(&mut s, loaded(4990));
    assert!(s.dirty, "the first snapshot is news");
    s.dirty = false;
    let mut again = quota_only(4990);
    again.jobs = BTreeMap::from([(7, Vec::new())]);
    again.quota.not_modified = 4;
    update(&mut s, github_loaded(again));
    assert!(!s.dirty, "only 304s: nothing to draw now");
    let shown = |s: &State| s.github.data.as_ref().map(|d| d.quota.not_modified);
    assert_eq!(shown(&s), Some(4), "shown at the next redraw");
    update(&mut s, loaded(4989));
    assert!(s.dirty, "a charged request means something changed");
    s.dirty = false;
    update(&mut s, github_failed("connection refused", 2));
    assert!(s.dirty, "failures are shown at once");
    // A request going out is not worth a redraw while all is well...
    update(&mut s, loaded(4989));
    s.dirty = false;
    update(
        &mut s,
        Action::Source(SourceEvent::Github(Update::<Snapshot>::Fetching)),
    );
    assert!(!s.dirty);
}

#[test]
fn the_countdown_and_staleness_stay_live_between_attempts() {
    let mut s = state();
    update(&mut s, loaded(4990));
    update(&mut s, Action::Tick(now() + TimeDelta::seconds(30)));
    update(&mut s, github_failed("connection refused", 8));
    let first = screen(&s);
    assert!(first.contains("retry in 8 s"), "{first}");
    assert!(first.contains("data from 30s ago"), "{first}");
    // Three seconds later, with no news from the source, the banner has moved on by itself.
    for i in 1..=3 {
        s.dirty = false;
        update(&mut s, Action::Tick(now() + TimeDelta::seconds(30 + i)));
        assert!(s.dirty, "a failing source's countdown redraws every second");
    }
    let later = screen(&s);
    assert!(later.contains("retry in 5 s"), "{later}");
    assert!(later.contains("data from 33s ago"), "{later}");
}

#[test]
fn a_long_message_is_truncated_and_the_hints_stay_at_any_width() {
    let long = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again; in some cases this may take up to an hour. https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits";
    for width in [40u16, 80, 120, 200] {
        let mut s = StateBuilder::new()
            .size(width, 20)
            .then(Action::SourceStarted(SourceId::Github))
            .then(loaded(4990))
            .build();
        update(&mut s, Action::Tick(now() + TimeDelta::seconds(95)));
        update(&mut s, github_failed(long, 60));
        let text = screen(&s);
        // Narrow lines get the hints' short forms; they never lose them.
        let (retry, stale) = if width < 80 {
            ("retry 60s", "1m old")
        } else {
            ("retry in 60 s", "data from 1m ago")
        };
        assert!(text.contains(retry), "{width}:\n{text}");
        assert!(text.contains(stale), "{width}:\n{text}");
        assert!(text.contains("GitHub: You hav"), "{width}:\n{text}");
        // The whole message is in the help overlay.
        update(&mut s, Action::Command(gantry::app::Command::Help));
        let help = screen(&s).replace('\n', " ");
        assert!(help.contains("Problems now"), "{width}: {help}");
    }
}

#[test]
fn a_slow_request_is_mentioned_while_it_is_in_flight() {
    let mut s = state();
    update(&mut s, loaded(4990));
    update(
        &mut s,
        Action::Source(SourceEvent::Github(Update::<Snapshot>::Fetching)),
    );
    assert!(!screen(&s).contains("in flight"));
    s.dirty = false;
    update(&mut s, Action::Tick(now() + TimeDelta::seconds(3)));
    assert!(s.dirty);
    let text = screen(&s);
    assert!(text.contains("GitHub: waiting for an answer"), "{text}");
    assert!(text.contains("request in flight 3s"), "{text}");
    update(&mut s, loaded(4990));
    assert!(!screen(&s).contains("in flight"));
}

#[test]
fn a_source_whose_task_ended_shows_as_stopped_for_good() {
    let mut s = state();
    update(&mut s, loaded(4990));
    update(
        &mut s,
        Action::SourceEnded {
            source: SourceId::Github,
            reason: "panicked: boom".into(),
        },
    );
    assert_eq!(s.github.health, Health::Stopped);
    let text = screen(&s);
    assert!(text.contains("GitHub: stopped: panicked: boom"), "{text}");
    assert!(!text.contains("retry in"), "nothing will retry: {text}");
}
