//! Several repositories: each one's updates land in its own slot, `state.github` is the selected
//! one's, `]`/`[` and the jump picker switch, and the header follows.

mod support;

use gantry::app::Action;
use gantry::app::slot::Health;
use gantry::event::Update;
use gantry::model::github::Snapshot;
use gantry::sources::SourceId;
use support::{StateBuilder, key, keys, pipeline_snapshot, repo_update, screen, type_text};

fn snap(repo: &str, remaining: u32) -> Snapshot {
    let mut s = pipeline_snapshot();
    s.repo = repo.into();
    s.quota.remaining = remaining;
    s
}

fn two() -> gantry::app::State {
    StateBuilder::new()
        .size(120, 30)
        .repos(&["acme/shop", "acme/api"])
        .then(Action::SourceStarted(SourceId::Github))
        .then(repo_update(
            "acme/api",
            Update::Loaded(snap("acme/api", 4100)),
        ))
        .then(repo_update(
            "acme/shop",
            Update::Loaded(snap("acme/shop", 4200)),
        ))
        .build()
}

#[test]
fn each_repository_keeps_its_own_data_and_github_is_the_selected_ones() {
    let s = two();
    let shown: Vec<_> = s
        .repo_slots()
        .into_iter()
        .map(|(name, slot)| (name, slot.data.as_ref().map(|d| d.quota.remaining)))
        .collect();
    assert_eq!(shown, [("acme/shop", Some(4200)), ("acme/api", Some(4100))]);
    assert_eq!(
        s.github.data.as_ref().map(|d| d.repo.as_str()),
        Some("acme/shop")
    );
    let top = screen(&s);
    let header = top.lines().next().unwrap_or_default();
    assert!(header.contains("acme/shop 1/2"), "{header}");
    assert!(header.contains("quota 4200/5000"), "{header}");
}

#[test]
fn brackets_switch_and_the_header_and_overview_follow() {
    let mut s = two();
    key(&mut s, "]");
    assert_eq!(s.repos.selected(), 1);
    assert_eq!(
        s.github.data.as_ref().map(|d| d.repo.as_str()),
        Some("acme/api")
    );
    let header = screen(&s).lines().next().unwrap_or_default().to_string();
    assert!(header.contains("acme/api 2/2"), "{header}");
    assert!(header.contains("quota 4100/5000"), "{header}");
    // An update for the one now parked lands in its own slot, not on screen.
    s.dirty = false;
    gantry::app::update(
        &mut s,
        repo_update("acme/shop", Update::Loaded(snap("acme/shop", 4000))),
    );
    assert_eq!(
        s.github.data.as_ref().map(|d| d.quota.remaining),
        Some(4100)
    );
    // Wraps around, both ways.
    key(&mut s, "]");
    assert_eq!(s.repos.selected(), 0);
    assert_eq!(
        s.github.data.as_ref().map(|d| d.quota.remaining),
        Some(4000)
    );
    key(&mut s, "[");
    assert_eq!(s.repos.selected(), 1);
}

#[test]
fn the_jump_picker_lists_the_repositories() {
    let mut s = two();
    key(&mut s, ":");
    type_text(&mut s, "api");
    let shown = screen(&s);
    assert!(shown.contains("acme/api repository"), "{shown}");
    keys(&mut s, "enter");
    assert_eq!(s.repos.selected(), 1);
    assert_eq!(s.settings.context.repo.as_deref(), Some("acme/api"));
}

#[test]
fn a_parked_repositorys_failure_shows_in_the_banner_by_name() {
    let mut s = two();
    gantry::app::update(
        &mut s,
        repo_update(
            "acme/api",
            Update::Failed {
                message: "502 Bad Gateway".into(),
                retry_in: std::time::Duration::from_secs(4),
            },
        ),
    );
    assert_eq!(s.github.health, Health::Ok);
    let shown = screen(&s);
    assert!(shown.contains("acme/api: 502 Bad Gateway"), "{shown}");
}

#[test]
fn one_repository_has_nothing_to_switch_to() {
    let mut s = StateBuilder::new().repos(&["acme/shop"]).build();
    key(&mut s, "]");
    assert_eq!(s.repos.selected(), 0);
    assert!(s.message.is_some());
}
