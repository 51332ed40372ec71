//! `update` tables for source events: snapshots stored, quota set, failures keep the data.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use gantry::app::state::{Quota, SourceStatus};
use gantry::app::{Action, State, update};
use gantry::keymap::Keymap;
use gantry::sources::SourceEvent;

fn state() -> State {
    let (keymap, _) = Keymap::load(None);
    State::new(
        keymap,
        Utc.with_ymd_and_hms(2026, 11, 27, 3, 14, 0).unwrap(),
    )
}

fn loaded(remaining: u32) -> SourceEvent {
    SourceEvent::GithubLoaded {
        runs: Vec::new(),
        jobs_by_run: BTreeMap::from([(7, Vec::new())]),
        quota: Quota {
            remaining,
            limit: 5000,
            not_modified: 3,
        },
    }
}

fn failed(message: &str, secs: u64) -> SourceEvent {
    SourceEvent::GithubFailed {
        message: message.into(),
        retry_in: Duration::from_secs(secs),
    }
}

#[test]
fn source_events_table() {
    let t0 = Utc.with_ymd_and_hms(2026, 11, 27, 3, 14, 0).unwrap();
    let t1 = Utc.with_ymd_and_hms(2026, 11, 27, 3, 15, 0).unwrap();
    // (events, each at t0 then t1..., expected status, expected quota remaining, jobs kept)
    let table: Vec<(Vec<SourceEvent>, SourceStatus, Option<u32>, bool)> = vec![
        (
            vec![loaded(4990)],
            SourceStatus::Ok { at: t0 },
            Some(4990),
            true,
        ),
        (
            vec![failed("connection refused", 2)],
            SourceStatus::Failed {
                message: "connection refused".into(),
                retry_in: Duration::from_secs(2),
                since: t0,
            },
            None,
            false,
        ),
        (
            // A second failure keeps when failures began and the last good data.
            vec![
                loaded(4990),
                failed("502 Bad Gateway", 2),
                failed("502 Bad Gateway", 4),
            ],
            SourceStatus::Failed {
                message: "502 Bad Gateway".into(),
                retry_in: Duration::from_secs(4),
                since: t1,
            },
            Some(4990),
            true,
        ),
        (
            vec![failed("x", 2), loaded(4980)],
            SourceStatus::Ok { at: t1 },
            Some(4980),
            true,
        ),
    ];
    for (events, status, remaining, jobs) in table {
        let mut s = state();
        for (i, ev) in events.clone().into_iter().enumerate() {
            update(
                &mut s,
                Action::Tick(t0 + chrono::TimeDelta::minutes(i.min(1) as i64)),
            );
            s.dirty = false;
            update(&mut s, Action::Source(ev));
            assert!(s.dirty, "{events:?}");
        }
        assert_eq!(s.github.status, status, "{events:?}");
        assert_eq!(s.quota.map(|q| q.remaining), remaining, "{events:?}");
        assert_eq!(s.github.jobs.contains_key(&7), jobs, "{events:?}");
    }
}

#[test]
fn an_unchanged_snapshot_updates_the_quota_without_a_redraw() {
    let mut s = state();
    update(&mut s, Action::Source(loaded(4990)));
    assert!(s.dirty, "the first snapshot is news");
    s.dirty = false;
    let again = SourceEvent::GithubLoaded {
        runs: Vec::new(),
        jobs_by_run: BTreeMap::from([(7, Vec::new())]),
        quota: Quota {
            remaining: 4990,
            limit: 5000,
            not_modified: 4,
        },
    };
    update(&mut s, Action::Source(again));
    assert!(!s.dirty, "only 304s: nothing to draw now");
    assert_eq!(
        s.quota.map(|q| q.not_modified),
        Some(4),
        "shown at the next redraw"
    );
    update(&mut s, Action::Source(loaded(4989)));
    assert!(s.dirty, "a charged request means something changed");
    s.dirty = false;
    update(&mut s, Action::Source(failed("connection refused", 2)));
    assert!(s.dirty, "failures are shown at once");
}
