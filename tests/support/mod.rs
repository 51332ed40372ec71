//! One builder for the tests' states, keys, events and renders (each test file used to copy these).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use crossterm::event::KeyEvent;
use gantry::app::state::{Context, Settings};
use gantry::app::{Action, Effect, State, update};
use gantry::event::{Event, SourceEvent, Update};
use gantry::keymap::{Key, Keymap};
use gantry::model::github::{Job, Quota, Run, Snapshot};
use gantry::model::pipeline::{FileKey, WorkflowFile, WorkflowFiles};
use gantry::sources::github::{job_from_json, run_from_json};
use gantry::theme::{Symbols, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use serde_json::json;

/// 03:14 UTC on the demo's day: every test's "now".
pub fn now() -> DateTime<Utc> {
    at(3, 14, 0)
}

pub fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, h, m, s).unwrap()
}

pub fn keymap() -> Keymap {
    let (keymap, warnings) = Keymap::load(None);
    assert!(warnings.is_empty(), "{warnings:?}");
    keymap
}

pub fn demo_context() -> Context {
    Context {
        repo: Some("acme/shop".into()),
        branch: Some("main".into()),
        cluster: Some("gantry-demo".into()),
    }
}

/// A state built the way the app builds it: settings, then actions through `update`.
pub struct StateBuilder {
    settings: Settings,
    size: (u16, u16),
    actions: Vec<Action>,
    repos: Vec<String>,
}

impl Default for StateBuilder {
    fn default() -> Self {
        StateBuilder {
            settings: Settings {
                keymap: keymap(),
                symbols: Symbols::UNICODE,
                ..Settings::default()
            },
            size: (80, 24),
            actions: Vec::new(),
            repos: Vec::new(),
        }
    }
}

impl StateBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn size(mut self, w: u16, h: u16) -> Self {
        self.size = (w, h);
        self
    }

    pub fn demo_context(mut self) -> Self {
        self.settings.context = demo_context();
        self
    }

    pub fn context(mut self, ctx: Context) -> Self {
        self.settings.context = ctx;
        self
    }

    pub fn ascii(mut self) -> Self {
        self.settings.symbols = Symbols::ASCII;
        self
    }

    pub fn read_only(mut self) -> Self {
        self.settings.read_only = true;
        self
    }

    pub fn note(mut self, note: &str) -> Self {
        self.settings.empty_note = note.into();
        self
    }

    pub fn keymap(mut self, keymap: Keymap) -> Self {
        self.settings.keymap = keymap;
        self
    }

    /// Configured repositories (`owner/name`), the first selected, as `setup::initial_state` does.
    pub fn repos(mut self, names: &[&str]) -> Self {
        self.repos = names.iter().map(|n| n.to_string()).collect();
        self.settings.context.repo = self.repos.first().cloned();
        self
    }

    /// Any action, applied in order after the size.
    pub fn then(mut self, action: Action) -> Self {
        self.actions.push(action);
        self
    }

    pub fn warning(self, text: &str) -> Self {
        self.then(Action::Warning(text.into()))
    }

    /// The GitHub source started and delivered `snap`.
    pub fn github(self, snap: Snapshot) -> Self {
        self.then(Action::SourceStarted(gantry::sources::SourceId::Github))
            .then(github_loaded(snap))
    }

    /// The review source started and delivered `board`.
    pub fn board(self, board: gantry::model::approval::Board) -> Self {
        self.then(Action::SourceStarted(gantry::sources::SourceId::Review))
            .then(review_loaded(board))
    }

    pub fn environments(mut self, envs: Vec<gantry::config::Environment>) -> Self {
        self.settings.environments = envs;
        self
    }

    /// The evidence source started and delivered `board` (the gates' verdicts).
    pub fn gates(self, board: gantry::model::gates::GateBoard) -> Self {
        self.then(Action::SourceStarted(gantry::sources::SourceId::Evidence))
            .then(Action::Source(SourceEvent::Evidence(Update::Loaded(board))))
    }
    /// The workflow-file task started and delivered `files`.
    pub fn workflow_files(self, files: WorkflowFiles) -> Self {
        self.then(Action::SourceStarted(
            gantry::sources::SourceId::WorkflowFiles,
        ))
        .then(Action::Source(SourceEvent::WorkflowFiles(Update::Loaded(
            files,
        ))))
    }

    pub fn build(self) -> State {
        let mut s = State::new(self.settings, now());
        s.repos = gantry::app::repos::Repos::new(self.repos);
        update(&mut s, Action::Resize(self.size.0, self.size.1));
        for a in self.actions {
            update(&mut s, a);
        }
        s
    }
}

/// A log opened the way a key opens one (the effect asking the log source for it is dropped),
/// then `text` arriving from the source, complete.
pub fn with_log(s: &mut State, subject: gantry::model::logs::LogSubject, text: &[u8]) {
    gantry::app::update::logs::open(s, subject);
    let generation = s.logs.generation;
    log_feed(
        s,
        generation,
        gantry::model::logs::LogFeed::Bytes(text.to_vec()),
    );
    log_feed(s, generation, gantry::model::logs::LogFeed::End);
}

/// What the log source sends for `generation`, through `update`.
pub fn log_feed(s: &mut State, generation: u64, feed: gantry::model::logs::LogFeed) -> Vec<Effect> {
    let ev = gantry::model::logs::LogEvent { generation, feed };
    update(s, Action::Source(SourceEvent::Logs(Update::Loaded(ev))))
}

/// A job log subject of the demo's repository.
pub fn job_subject(job_id: u64, name: &str) -> gantry::model::logs::LogSubject {
    gantry::model::logs::LogSubject::Job {
        repo: "acme/shop".into(),
        job_id,
        name: name.into(),
    }
}

pub fn github_loaded(snap: Snapshot) -> Action {
    Action::Source(SourceEvent::Github(Update::Loaded(snap)))
}

/// The GitHub task's update for one of several repositories.
pub fn repo_update(repo: &str, update: Update<Snapshot>) -> Action {
    Action::Source(SourceEvent::GithubRepo {
        repo: repo.into(),
        update,
    })
}

pub fn github_failed(message: &str, secs: u64) -> Action {
    Action::Source(SourceEvent::Github(Update::Failed {
        message: message.into(),
        retry_in: Duration::from_secs(secs),
    }))
}

/// A snapshot with a quota and nothing else.
pub fn quota_only(remaining: u32) -> Snapshot {
    Snapshot {
        repo: "acme/shop".into(),
        quota: Quota {
            remaining,
            limit: 5000,
            not_modified: 212,
        },
        ..Snapshot::default()
    }
}

/// A run as GitHub sends it, through the same arrival path as a fetch.
pub fn run(id: u64, name: &str, number: u64, status: &str, conclusion: Option<&str>) -> Run {
    run_from_json(json!({
        "id": id, "name": name, "head_sha": "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
        "head_branch": "main", "status": status, "conclusion": conclusion, "run_number": number,
        "event": "push", "created_at": format!("2026-11-27T03:0{}:00Z", id % 10),
        "display_title": "Fix checkout rounding",
        "html_url": format!("https://github.com/acme/shop/actions/runs/{id}"),
        "path": workflow_path(name),
        "actor": {"login": if name.contains("CD") { "deploy-bot" } else { "alice" }},
        "head_commit": {"message": "Fix checkout rounding\n\nDetails.", "author": {"name": "alice"}}
    }))
    .unwrap()
}

/// The enterprise fixtures' file for a workflow name (CD or CI).
pub fn workflow_path(name: &str) -> &'static str {
    if name.contains("CD") {
        ".github/workflows/enterprise-cd.yml"
    } else {
        ".github/workflows/enterprise-ci.yml"
    }
}

/// A job as GitHub sends it; `span` is (started, completed) as `HH:MM:SS` on the demo's day.
pub fn job(
    id: u64,
    run_id: u64,
    name: &str,
    status: &str,
    conclusion: Option<&str>,
    span: (Option<&str>, Option<&str>),
) -> Job {
    job_from_json(json!({
        "id": id, "run_id": run_id, "name": name, "status": status, "conclusion": conclusion,
        "started_at": span.0.map(|t| format!("2026-11-27T{t}Z")),
        "completed_at": span.1.map(|t| format!("2026-11-27T{t}Z")), "steps": []
    }))
    .unwrap()
}

/// The enterprise pipeline mid-run: CI with a failure and a job running, CD waiting for production.
pub fn pipeline_snapshot() -> Snapshot {
    let ci = vec![
        job(
            11,
            1,
            "Security Analysis",
            "completed",
            Some("success"),
            (Some("03:01:00"), Some("03:02:12")),
        ),
        job(
            12,
            1,
            "Code Quality \x1b[31mAnalysis",
            "completed",
            Some("failure"),
            (Some("03:01:01"), Some("03:03:41")),
        ),
        job(
            13,
            1,
            "Build Container",
            "in_progress",
            None,
            (Some("03:04:00"), None),
        ),
        job(14, 1, "Performance Testing", "queued", None, (None, None)),
        job(
            15,
            1,
            "Compliance Validation",
            "completed",
            Some("skipped"),
            (Some("03:04:10"), Some("03:04:10")),
        ),
    ];
    let cd = vec![
        job(
            21,
            2,
            "deploy-staging",
            "completed",
            Some("success"),
            (Some("03:06:00"), Some("03:09:10")),
        ),
        job(22, 2, "deploy-production", "waiting", None, (None, None)),
        job(23, 2, "smoke-test", "requested", None, (None, None)),
    ];
    Snapshot {
        repo: "acme/shop".into(),
        runs: vec![
            run(2, "Enterprise CD Pipeline", 198, "waiting", None),
            run(1, "Enterprise CI Pipeline", 412, "in_progress", None),
        ],
        jobs: BTreeMap::from([(1, ci), (2, cd)]),
        quota: Quota {
            remaining: 4987,
            limit: 5000,
            not_modified: 212,
        },
        clock_offset: chrono::TimeDelta::zero(),
    }
}

pub fn key_event(name: &str) -> KeyEvent {
    let k = Key::parse(name).unwrap_or_else(|| panic!("key {name}"));
    KeyEvent::new(k.code, k.mods)
}

/// One key through `update`.
pub fn key(s: &mut State, name: &str) -> Vec<Effect> {
    update(s, Action::Key(key_event(name)))
}

/// Space-separated keys through `update`, effects collected.
pub fn keys(s: &mut State, names: &str) -> Vec<Effect> {
    names.split_whitespace().flat_map(|n| key(s, n)).collect()
}

/// Text typed character by character (spaces included), as raw key presses.
pub fn type_text(s: &mut State, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| {
            let ev = KeyEvent::new(
                crossterm::event::KeyCode::Char(c),
                crossterm::event::KeyModifiers::NONE,
            );
            update(s, Action::Key(ev))
        })
        .collect()
}

/// A key as the input task would send it to the loop.
pub fn key_input(name: &str) -> Event {
    Event::Key(key_event(name))
}

pub fn render(s: &State, theme: &Theme) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(s.width, s.height)).unwrap();
    term.draw(|f| gantry::ui::draw(f, s, theme)).unwrap();
    term.backend().buffer().clone()
}

/// The buffer's text, one line per row, trailing blanks trimmed.
pub fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let line: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The state drawn with the default theme, as text.
pub fn screen(s: &State) -> String {
    text(&render(s, &Theme::default()))
}

mod reviews;
pub use reviews::*;
