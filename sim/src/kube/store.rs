//! The object store: every object as JSON, a global resourceVersion and a bounded change history that
//! watches replay from.

use std::collections::{BTreeMap, VecDeque};

use serde_json::{Value, json};
use tokio::sync::watch;

/// The resource kinds the simulated cluster serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Kind {
    Namespace,
    Pod,
    Event,
    Deployment,
    ReplicaSet,
    Rollout,
    Service,
    Node,
}

impl Kind {
    pub(crate) const ALL: [Kind; 8] = [
        Kind::Namespace,
        Kind::Pod,
        Kind::Event,
        Kind::Deployment,
        Kind::ReplicaSet,
        Kind::Rollout,
        Kind::Service,
        Kind::Node,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Namespace => "Namespace",
            Kind::Pod => "Pod",
            Kind::Event => "Event",
            Kind::Deployment => "Deployment",
            Kind::ReplicaSet => "ReplicaSet",
            Kind::Rollout => "Rollout",
            Kind::Service => "Service",
            Kind::Node => "Node",
        }
    }

    pub(crate) fn plural(self) -> &'static str {
        match self {
            Kind::Namespace => "namespaces",
            Kind::Pod => "pods",
            Kind::Event => "events",
            Kind::Deployment => "deployments",
            Kind::ReplicaSet => "replicasets",
            Kind::Rollout => "rollouts",
            Kind::Service => "services",
            Kind::Node => "nodes",
        }
    }

    pub(crate) fn group(self) -> &'static str {
        match self {
            Kind::Namespace | Kind::Pod | Kind::Event | Kind::Service | Kind::Node => "",
            Kind::Deployment | Kind::ReplicaSet => "apps",
            Kind::Rollout => "argoproj.io",
        }
    }

    pub(crate) fn api_version(self) -> &'static str {
        match self {
            Kind::Namespace | Kind::Pod | Kind::Event | Kind::Service | Kind::Node => "v1",
            Kind::Deployment | Kind::ReplicaSet => "apps/v1",
            Kind::Rollout => "argoproj.io/v1alpha1",
        }
    }

    pub(crate) fn namespaced(self) -> bool {
        !matches!(self, Kind::Namespace | Kind::Node)
    }

    /// `deployments.apps`, as the apiserver names a resource in messages.
    pub(crate) fn qualified(self) -> String {
        match self.group() {
            "" => self.plural().to_string(),
            g => format!("{}.{g}", self.plural()),
        }
    }

    pub(crate) fn from_path(group: &str, plural: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.group() == group && k.plural() == plural)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChangeType {
    Added,
    Modified,
    Deleted,
}

impl ChangeType {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ChangeType::Added => "ADDED",
            ChangeType::Modified => "MODIFIED",
            ChangeType::Deleted => "DELETED",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Change {
    pub(crate) rv: u64,
    pub(crate) kind: Kind,
    pub(crate) ty: ChangeType,
    pub(crate) object: Value,
}

type Key = (Kind, String, String);

/// How many changes a watch can replay; older versions get 410 Gone.
pub(crate) const HISTORY_CAP: usize = 1000;

#[derive(Debug)]
pub(crate) struct Store {
    objects: BTreeMap<Key, Value>,
    rv: u64,
    history: VecDeque<Change>,
    /// The newest resourceVersion no longer in `history`; watches must start at or after it.
    compacted: u64,
    uid_seq: u64,
    feed: watch::Sender<u64>,
}

impl Default for Store {
    fn default() -> Self {
        Self::new()
    }
}

impl Store {
    pub(crate) fn new() -> Self {
        let (feed, _) = watch::channel(0);
        Self {
            objects: BTreeMap::new(),
            rv: 0,
            history: VecDeque::new(),
            compacted: 0,
            uid_seq: 0,
            feed,
        }
    }

    pub(crate) fn rv(&self) -> u64 {
        self.rv
    }

    /// Wakes whenever the resourceVersion moves.
    pub(crate) fn subscribe(&self) -> watch::Receiver<u64> {
        self.feed.subscribe()
    }

    pub(crate) fn next_uid(&mut self, kind: Kind, ns: &str, name: &str) -> String {
        self.uid_seq += 1;
        super::util::uid(kind.name(), ns, name, self.uid_seq)
    }

    pub(crate) fn get(&self, kind: Kind, ns: &str, name: &str) -> Option<&Value> {
        let ns = if kind.namespaced() { ns } else { "" };
        self.objects.get(&(kind, ns.to_string(), name.to_string()))
    }

    /// Objects of a kind, in one namespace or all (`None`), ordered by namespace and name.
    pub(crate) fn list(&self, kind: Kind, ns: Option<&str>) -> Vec<&Value> {
        // Keys sort by kind first, so a range scan avoids walking every object.
        let start = (kind, ns.unwrap_or("").to_string(), String::new());
        self.objects
            .range(start..)
            .take_while(|((k, n, _), _)| *k == kind && ns.is_none_or(|ns| ns == n))
            .map(|(_, v)| v)
            .collect()
    }

    pub(crate) fn list_owned(&self, kind: Kind, ns: &str) -> Vec<Value> {
        self.list(kind, Some(ns)).into_iter().cloned().collect()
    }

    /// Inserts or replaces an object, bumping resourceVersion only when something changed.
    pub(crate) fn put(&mut self, kind: Kind, mut obj: Value) -> Value {
        let ns = if kind.namespaced() {
            super::util::str_of(&obj, "/metadata/namespace").to_string()
        } else {
            String::new()
        };
        let name = super::util::str_of(&obj, "/metadata/name").to_string();
        obj["kind"] = json!(kind.name());
        obj["apiVersion"] = json!(kind.api_version());
        let key = (kind, ns, name);
        let ty = match self.objects.get(&key) {
            Some(old) => {
                obj["metadata"]["resourceVersion"] = old["metadata"]["resourceVersion"].clone();
                if *old == obj {
                    return obj;
                }
                ChangeType::Modified
            }
            None => ChangeType::Added,
        };
        self.rv += 1;
        obj["metadata"]["resourceVersion"] = json!(self.rv.to_string());
        self.objects.insert(key, obj.clone());
        self.record(kind, ty, obj.clone());
        obj
    }

    pub(crate) fn delete(&mut self, kind: Kind, ns: &str, name: &str) -> Option<Value> {
        let ns = if kind.namespaced() { ns } else { "" };
        let mut obj = self
            .objects
            .remove(&(kind, ns.to_string(), name.to_string()))?;
        self.rv += 1;
        obj["metadata"]["resourceVersion"] = json!(self.rv.to_string());
        self.record(kind, ChangeType::Deleted, obj.clone());
        Some(obj)
    }

    fn record(&mut self, kind: Kind, ty: ChangeType, object: Value) {
        self.history.push_back(Change {
            rv: self.rv,
            kind,
            ty,
            object,
        });
        while self.history.len() > HISTORY_CAP {
            if let Some(c) = self.history.pop_front() {
                self.compacted = c.rv;
            }
        }
        self.feed.send_replace(self.rv);
    }

    /// Changes after `since`, or `None` when some of them were already compacted away (410 Gone).
    pub(crate) fn changes_since(&self, since: u64) -> Option<Vec<&Change>> {
        if since < self.compacted {
            return None;
        }
        Some(self.history.iter().filter(|c| c.rv > since).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(name: &str, image: &str) -> Value {
        json!({"metadata":{"name":name,"namespace":"staging"},"spec":{"image":image}})
    }

    #[test]
    fn unchanged_put_keeps_version_and_history_compacts() {
        let mut s = Store::new();
        s.put(Kind::Pod, pod("a", "1"));
        s.put(Kind::Pod, pod("a", "1"));
        assert_eq!(s.rv(), 1);
        s.put(Kind::Pod, pod("a", "2"));
        assert_eq!(s.rv(), 2);
        let ch = s.changes_since(1).expect("kept");
        assert_eq!(ch.len(), 1);
        assert_eq!(ch[0].ty, ChangeType::Modified);
        for i in 0..(HISTORY_CAP + 5) {
            s.put(Kind::Pod, pod("a", &i.to_string()));
        }
        assert!(s.changes_since(1).is_none(), "too old: 410");
        assert!(s.changes_since(s.rv() - 10).is_some());
    }
}
