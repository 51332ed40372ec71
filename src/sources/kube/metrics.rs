//! Pod CPU and memory from `metrics.k8s.io` (what `kubectl top pods` reads), for the pods beside
//! the rollout and the performance gate's memory budget.

use std::collections::HashMap;

use serde_json::Value;

use super::convert::pod_usage;
use crate::model::kube::Usage;

/// Usage by pod name, or why there is none.
pub async fn read(client: &kube::Client, ns: &str) -> (HashMap<String, Usage>, Option<String>) {
    let url = format!("/apis/metrics.k8s.io/v1beta1/namespaces/{ns}/pods");
    let req = match http::Request::get(url).body(Vec::new()) {
        Ok(r) => r,
        Err(e) => return (HashMap::new(), Some(e.to_string())),
    };
    match client.request::<Value>(req).await {
        Ok(list) => {
            let usage = list
                .get("items")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(pod_usage)
                .collect();
            (usage, None)
        }
        Err(kube::Error::Api(s)) if s.code == 404 => (
            HashMap::new(),
            Some("metrics.k8s.io is not served (no metrics-server)".into()),
        ),
        Err(kube::Error::Api(s)) if s.code == 403 => (
            HashMap::new(),
            Some("pod metrics are forbidden by RBAC".into()),
        ),
        Err(e) => (
            HashMap::new(),
            Some(format!(
                "pod metrics unavailable: {}",
                crate::sanitize::clean(&e.to_string())
            )),
        ),
    }
}
