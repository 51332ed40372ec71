//! What every cluster has around the workloads: the nodes the pods already name (gantry-node-1..3)
//! and the Services in front of `shop`, so `kubectl get nodes,svc` and clients such as kdash see
//! a cluster rather than three namespaces of pods.

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use super::Cluster;
use super::store::Kind;
use super::util::{str_of, ts};

/// The simulated nodes; pods are spread over them by a hash of their name (see `pods`).
pub(crate) const NODES: [&str; 3] = ["gantry-node-1", "gantry-node-2", "gantry-node-3"];

/// Allocatable CPU (millicores) and memory (bytes) of each node, for `kubectl top nodes`.
pub(crate) const NODE_CPU_M: u64 = 3920;
pub(crate) const NODE_MEMORY: u64 = 15 * 1024 * 1024 * 1024;

fn node(i: usize, name: &str, created: DateTime<Utc>) -> Value {
    let ip = format!("10.0.0.{}", 10 + i);
    json!({
        "metadata": {
            "name": name, "creationTimestamp": ts(created),
            "labels": {
                "kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
                "node.kubernetes.io/instance-type": "e2-standard-4",
                "topology.kubernetes.io/zone": format!("europe-west1-{}", ["b", "c", "d"][i % 3]),
            },
        },
        "spec": {"podCIDR": format!("10.244.{i}.0/24"), "podCIDRs": [format!("10.244.{i}.0/24")]},
        "status": {
            "capacity": {"cpu": "4", "memory": "16393180Ki", "pods": "110", "ephemeral-storage": "98831908Ki"},
            "allocatable": {"cpu": format!("{NODE_CPU_M}m"), "memory": format!("{}Ki", NODE_MEMORY / 1024),
                            "pods": "110", "ephemeral-storage": "91083292Ki"},
            "conditions": [
                {"type": "MemoryPressure", "status": "False", "reason": "KubeletHasSufficientMemory",
                 "message": "kubelet has sufficient memory available", "lastHeartbeatTime": ts(created),
                 "lastTransitionTime": ts(created)},
                {"type": "DiskPressure", "status": "False", "reason": "KubeletHasNoDiskPressure",
                 "message": "kubelet has no disk pressure", "lastHeartbeatTime": ts(created),
                 "lastTransitionTime": ts(created)},
                {"type": "PIDPressure", "status": "False", "reason": "KubeletHasSufficientPID",
                 "message": "kubelet has sufficient PID available", "lastHeartbeatTime": ts(created),
                 "lastTransitionTime": ts(created)},
                {"type": "Ready", "status": "True", "reason": "KubeletReady",
                 "message": "kubelet is posting ready status", "lastHeartbeatTime": ts(created),
                 "lastTransitionTime": ts(created)},
            ],
            "addresses": [{"type": "InternalIP", "address": ip}, {"type": "Hostname", "address": name}],
            "nodeInfo": {
                "machineID": format!("{:032x}", i + 1), "systemUUID": format!("{:032x}", i + 101),
                "bootID": format!("{:032x}", i + 201), "kernelVersion": "6.1.0-28-cloud-amd64",
                "osImage": "Debian GNU/Linux 12 (bookworm)", "containerRuntimeVersion": "containerd://1.7.24",
                "kubeletVersion": "v1.32.0", "kubeProxyVersion": "v1.32.0", "operatingSystem": "linux",
                "architecture": "amd64",
            },
        },
    })
}

fn service(
    ns: &str,
    name: &str,
    ip: &str,
    port: (u16, Value),
    selector: Value,
    t: DateTime<Utc>,
) -> Value {
    let (number, target) = port;
    let name_of_port = if number == 443 { "https" } else { "http" };
    let mut spec = json!({
        "type": "ClusterIP", "clusterIP": ip, "clusterIPs": [ip], "ipFamilies": ["IPv4"],
        "ipFamilyPolicy": "SingleStack", "sessionAffinity": "None", "internalTrafficPolicy": "Cluster",
        "ports": [{"name": name_of_port, "port": number, "protocol": "TCP", "targetPort": target}],
    });
    if !selector.is_null() {
        spec["selector"] = selector;
    }
    json!({
        "metadata": {"name": name, "namespace": ns, "creationTimestamp": ts(t)},
        "spec": spec,
        "status": {"loadBalancer": {}},
    })
}

impl Cluster {
    /// Nodes and Services, created before the workloads (as a cluster is set up before releases).
    pub(super) fn seed_infra(&mut self, start: DateTime<Utc>) {
        let created = start - Duration::days(30);
        for (i, name) in NODES.iter().enumerate() {
            let mut n = node(i, name, created);
            n["metadata"]["uid"] = json!(self.store.next_uid(Kind::Node, "", name));
            self.store.put(Kind::Node, n);
        }
        let services = [
            service(
                "default",
                "kubernetes",
                "10.96.0.1",
                (443, json!(6443)),
                Value::Null,
                created,
            ),
            service(
                "staging",
                "shop",
                "10.96.14.20",
                (80, json!("http")),
                json!({"app": "shop"}),
                start,
            ),
            service(
                "production",
                "shop",
                "10.96.27.31",
                (80, json!("http")),
                json!({"app": "shop"}),
                start,
            ),
        ];
        for mut s in services {
            let (ns, name) = (
                str_of(&s, "/metadata/namespace").to_string(),
                str_of(&s, "/metadata/name").to_string(),
            );
            s["metadata"]["uid"] = json!(self.store.next_uid(Kind::Service, &ns, &name));
            self.store.put(Kind::Service, s);
        }
    }
}

/// `kubectl get svc` columns.
pub(crate) fn service_cells(o: &Value, age: String) -> Vec<Value> {
    let ports: Vec<String> = o["spec"]["ports"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| format!("{}/{}", p["port"], str_of(p, "/protocol")))
        .collect();
    let selector = o["spec"]["selector"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_else(|| "<none>".into());
    vec![
        json!(str_of(o, "/metadata/name")),
        json!(str_of(o, "/spec/type")),
        json!(str_of(o, "/spec/clusterIP")),
        json!("<none>"),
        json!(ports.join(",")),
        json!(age),
        json!(selector),
    ]
}

/// `kubectl get nodes` columns.
pub(crate) fn node_cells(o: &Value, age: String) -> Vec<Value> {
    let ready = o["status"]["conditions"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|c| c["type"] == "Ready" && c["status"] == "True");
    vec![
        json!(str_of(o, "/metadata/name")),
        json!(if ready { "Ready" } else { "NotReady" }),
        json!("<none>"),
        json!(age),
        json!(str_of(o, "/status/nodeInfo/kubeletVersion")),
        json!(str_of(o, "/status/addresses/0/address")),
        json!("<none>"),
        json!(str_of(o, "/status/nodeInfo/osImage")),
        json!(str_of(o, "/status/nodeInfo/kernelVersion")),
        json!(str_of(o, "/status/nodeInfo/containerRuntimeVersion")),
    ]
}
