//! One environment's watch: reflectors for its workload (a Deployment, or an Argo Rollout through
//! the dynamic API once the CRD is known to be served), its namespace's ReplicaSets, pods and
//! events; a snapshot sent a moment after each change (changes that come together are sent
//! together); access reviews and pod metrics now and then. A dropped watch resumes from its
//! resourceVersion and a 410 lists again (kube-rs's watcher), so no update is lost; failures are
//! classified for the pane and the last snapshot stays on screen.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use futures::{Stream, StreamExt};
use k8s_openapi::api::apps::v1::ReplicaSet;
use k8s_openapi::api::core::v1::{Event as KEvent, Pod as KPod};
use kube::api::{Api, ApiResource, DynamicObject, GroupVersionKind};
use kube::runtime::reflector::{self, Store};
use kube::runtime::{WatchStreamExt, watcher};
use tokio::sync::watch as tokio_watch;
use tokio::time::Instant;

use super::classify::{Trouble, client_error, watch_error};
use super::{Clusters, access, convert, metrics};
use crate::event::{Event, EventTx, SourceEvent, Update};
use crate::model::kube::{Kind, Link, Rollout, Target, Usage, sort_events, sort_pods};

/// A change waits this long for others that come with it before a snapshot is sent.
const SETTLE: Duration = Duration::from_millis(10);
/// Pod metrics are read this often (metrics-server's own resolution is 15 s).
const METRICS_EVERY: Duration = Duration::from_secs(15);
/// Access reviews are asked again this often (RBAC changes rarely).
const ACCESS_EVERY: Duration = Duration::from_secs(300);
/// Events kept per environment, warnings first.
const MAX_EVENTS: usize = 50;

/// One environment to watch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvSpec {
    pub env: String,
    /// An empty namespace means the context's own.
    pub target: Target,
    /// `[kubernetes] namespaces`: when not empty, the only namespaces gantry may use.
    pub allowed_namespaces: Vec<String>,
}

pub(super) struct Sender {
    env: String,
    events: EventTx,
}

impl Sender {
    pub(super) fn new(env: &str, events: EventTx) -> Sender {
        Sender {
            env: env.to_string(),
            events,
        }
    }

    async fn send(&self, link: Link, update: Update<Box<Rollout>>) -> bool {
        let ev = SourceEvent::Kube {
            env: self.env.clone(),
            link,
            update,
        };
        self.events.send(Event::Source(ev)).await.is_ok()
    }

    async fn fail(&self, t: &Trouble, retry_in: Duration) -> bool {
        tracing::warn!(env = %self.env, "cluster: {}", t.message);
        let update = Update::Failed {
            message: t.message.clone(),
            retry_in,
        };
        self.send(t.link, update).await
    }
}

/// Watches `spec` until the loop goes away. `refresh` ticks when the user asks to refresh now.
pub(super) async fn run(
    spec: EnvSpec,
    clusters: Clusters,
    out: Sender,
    mut refresh: tokio_watch::Receiver<u64>,
) {
    let mut failures = 0u32;
    loop {
        if !out.send(Link::Connecting, Update::Fetching).await {
            return;
        }
        let trouble = match watch(&spec, &clusters, &out, &mut refresh).await {
            Ok(()) => return,
            Err(t) => t,
        };
        failures = failures.saturating_add(1);
        let wait = match trouble.link {
            Link::Misconfigured => Duration::from_secs(30),
            _ => crate::sources::github::backoff(failures, None),
        };
        if !out.fail(&trouble, wait).await {
            return;
        }
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            r = refresh.changed() => if r.is_err() { return },
        }
    }
}

/// Which reflector an item came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    Workload = 0,
    ReplicaSets = 1,
    Pods = 2,
    Events = 3,
}

type Item = (Which, Result<bool, watcher::Error>);

fn tagged<K, S>(which: Which, s: S) -> impl Stream<Item = Item> + Send
where
    S: Stream<Item = watcher::Result<watcher::Event<K>>> + Send,
{
    s.map(move |r| (which, r.map(|e| matches!(e, watcher::Event::InitDone))))
}

struct Stores {
    workload: Store<DynamicObject>,
    rs: Store<ReplicaSet>,
    pods: Store<KPod>,
    events: Store<KEvent>,
}

/// The workload's API resource: `deployments.apps/v1` or `rollouts.argoproj.io/v1alpha1`.
fn api_resource(kind: Kind) -> ApiResource {
    match kind {
        Kind::Deployment => ApiResource::from_gvk_with_plural(
            &GroupVersionKind::gvk("apps", "v1", "Deployment"),
            "deployments",
        ),
        Kind::Rollout => ApiResource::from_gvk_with_plural(
            &GroupVersionKind::gvk("argoproj.io", "v1alpha1", "Rollout"),
            "rollouts",
        ),
    }
}

/// Connects and watches; returns `Ok` only when the loop is gone, else why it stopped.
async fn watch(
    spec: &EnvSpec,
    clusters: &Clusters,
    out: &Sender,
    refresh: &mut tokio_watch::Receiver<u64>,
) -> Result<(), Trouble> {
    let t = &spec.target;
    let misconfigured = |message: String| Trouble {
        link: Link::Misconfigured,
        message,
    };
    let client = clusters
        .client(t.context.as_deref())
        .await
        .map_err(|e| misconfigured(e.to_string()))?;
    let ns = if t.namespace.is_empty() {
        client.default_namespace().to_string()
    } else {
        t.namespace.clone()
    };
    if !spec.allowed_namespaces.is_empty() && !spec.allowed_namespaces.contains(&ns) {
        return Err(misconfigured(format!(
            "namespace {ns:?} is not in [kubernetes] namespaces ({})",
            spec.allowed_namespaces.join(", ")
        )));
    }
    if t.kind == Kind::Rollout {
        crd_served(&client).await?;
    }
    let ar = api_resource(t.kind);
    let wl_api: Api<DynamicObject> = Api::namespaced_with(client.clone(), &ns, &ar);
    let wl_writer = reflector::store::Writer::<DynamicObject>::new(ar.clone());
    let (rs_reader, rs_writer) = reflector::store();
    let (pod_reader, pod_writer) = reflector::store();
    let (ev_reader, ev_writer) = reflector::store();
    let stores = Stores {
        workload: wl_writer.as_reader(),
        rs: rs_reader,
        pods: pod_reader,
        events: ev_reader,
    };
    let cfg = || watcher::Config::default();
    let by_name = cfg().fields(&format!("metadata.name={}", t.name));
    let merged = futures::stream::select_all(vec![
        tagged(
            Which::Workload,
            reflector::reflector(wl_writer, watcher(wl_api, by_name).default_backoff()),
        )
        .boxed(),
        tagged(
            Which::ReplicaSets,
            reflector::reflector(
                rs_writer,
                watcher(Api::<ReplicaSet>::namespaced(client.clone(), &ns), cfg())
                    .default_backoff(),
            ),
        )
        .boxed(),
        tagged(
            Which::Pods,
            reflector::reflector(
                pod_writer,
                watcher(Api::<KPod>::namespaced(client.clone(), &ns), cfg()).default_backoff(),
            ),
        )
        .boxed(),
        tagged(
            Which::Events,
            reflector::reflector(
                ev_writer,
                watcher(Api::<KEvent>::namespaced(client.clone(), &ns), cfg()).default_backoff(),
            ),
        )
        .boxed(),
    ]);
    tokio::pin!(merged);
    let mut ready = [false; 4];
    let mut link = Link::Connecting;
    let mut settle: Option<Instant> = None;
    let mut usage: HashMap<String, Usage> = HashMap::new();
    let mut metrics_note = None;
    let mut access = Default::default();
    let far = || Instant::now() + Duration::from_secs(86_400 * 365);
    let mut next_metrics = Instant::now();
    let mut next_access = Instant::now();
    loop {
        tokio::select! {
            item = merged.next() => {
                let Some((which, r)) = item else { return Err(Trouble {
                    link: Link::Reconnecting,
                    message: "the watches ended".into(),
                }) };
                match r {
                    Ok(init_done) => {
                        if init_done {
                            ready[which as usize] = true;
                        }
                        if ready.iter().all(|r| *r) {
                            settle.get_or_insert_with(|| Instant::now() + SETTLE);
                        }
                    }
                    Err(e) => match watch_error(&e) {
                        None => tracing::info!(env = %spec.env, "watch expired (410): listing again"),
                        Some(trouble) => {
                            link = trouble.link;
                            if !out.fail(&trouble, Duration::from_secs(1)).await {
                                return Ok(());
                            }
                            // The watcher retries with backoff; the next event means it is back.
                            settle = None;
                        }
                    },
                }
            }
            _ = tokio::time::sleep_until(settle.unwrap_or_else(far)) => {
                settle = None;
                let snap = snapshot(t.kind, &t.name, &stores, &usage, &metrics_note, &access);
                let sent = match snap {
                    Some(rollout) => {
                        link = Link::Connected;
                        out.send(link, Update::Loaded(Box::new(rollout))).await
                    }
                    None => {
                        link = Link::Misconfigured;
                        let trouble = misconfigured(format!("{} not found in namespace {ns}", t.workload()));
                        out.fail(&trouble, Duration::from_secs(30)).await
                    }
                };
                if !sent {
                    return Ok(());
                }
            }
            _ = tokio::time::sleep_until(next_metrics) => {
                next_metrics = Instant::now() + METRICS_EVERY;
                let (u, note) = metrics::read(&client, &ns).await;
                if u != usage || note != metrics_note {
                    usage = u;
                    metrics_note = note;
                    if link == Link::Connected || ready.iter().all(|r| *r) {
                        settle.get_or_insert_with(Instant::now);
                    }
                }
            }
            _ = tokio::time::sleep_until(next_access) => {
                next_access = Instant::now() + ACCESS_EVERY;
                let a = access::review(&client, &ns, t).await;
                if a != access {
                    access = a;
                    if ready.iter().all(|r| *r) {
                        settle.get_or_insert_with(Instant::now);
                    }
                }
            }
            r = refresh.changed() => {
                if r.is_err() {
                    return Ok(());
                }
                next_metrics = Instant::now();
                next_access = Instant::now();
            }
        }
    }
}

/// Whether the Argo Rollouts CRD is served; a clear message when it is not.
async fn crd_served(client: &kube::Client) -> Result<(), Trouble> {
    let missing = || Trouble {
        link: Link::Misconfigured,
        message:
            "the Argo Rollouts CRD (rollouts.argoproj.io/v1alpha1) is not installed in this cluster"
                .into(),
    };
    match client
        .list_api_group_resources("argoproj.io/v1alpha1")
        .await
    {
        Ok(list) if list.resources.iter().any(|r| r.name == "rollouts") => Ok(()),
        Ok(_) => Err(missing()),
        Err(kube::Error::Api(s)) if s.code == 404 => Err(missing()),
        Err(e) => Err(client_error(&e)),
    }
}

/// The pane's data from the stores; `None` when the workload does not exist.
fn snapshot(
    kind: Kind,
    name: &str,
    stores: &Stores,
    usage: &HashMap<String, Usage>,
    metrics_note: &Option<String>,
    access: &crate::model::kube::Access,
) -> Option<Rollout> {
    let obj: Arc<DynamicObject> = stores
        .workload
        .state()
        .into_iter()
        .find(|o| o.metadata.name.as_deref() == Some(name))?;
    let uid = obj.metadata.uid.clone().unwrap_or_default();
    let json = serde_json::to_value(&*obj).unwrap_or_default();
    let workload = convert::workload(kind, &json);
    let mut revisions: Vec<_> = stores
        .rs
        .state()
        .iter()
        .filter(|rs| convert::controlled_by(rs.metadata.owner_references.as_ref(), &uid))
        .map(|rs| convert::revision(kind, rs, &workload.template))
        .collect();
    revisions.sort_by_key(|r| std::cmp::Reverse(r.number));
    let by_uid: HashMap<String, u64> = revisions
        .iter()
        .map(|r| (r.uid.clone(), r.number))
        .collect();
    let mut names: std::collections::HashSet<String> =
        revisions.iter().map(|r| r.name.clone()).collect();
    names.insert(workload.name.clone());
    let mut pods: Vec<_> = stores
        .pods
        .state()
        .iter()
        .filter(|p| {
            p.metadata
                .owner_references
                .iter()
                .flatten()
                .any(|r| r.controller == Some(true) && by_uid.contains_key(&r.uid))
        })
        .map(|p| {
            let mut pod = convert::pod(p, &by_uid, kind.hash_label());
            pod.usage = usage.get(&pod.name).copied();
            pod
        })
        .collect();
    sort_pods(&mut pods);
    names.extend(pods.iter().map(|p| p.name.clone()));
    let mut events: Vec<_> = stores
        .events
        .state()
        .iter()
        .filter(|e| {
            e.involved_object
                .name
                .as_ref()
                .is_some_and(|n| names.contains(n))
        })
        .map(|e| convert::event(e))
        .collect();
    sort_events(&mut events);
    events.truncate(MAX_EVENTS);
    Some(Rollout {
        workload: Some(workload),
        revisions,
        pods,
        events,
        access: access.clone(),
        metrics_note: metrics_note.clone(),
    })
}
