//! The Argo Rollouts controller for canary steps (setWeight, pause, pause with duration), promote,
//! abort, retry and undo, driven by the status fields the kubectl plugin patches.

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use super::Cluster;
use super::rs::{ROLLOUT, revision};
use super::store::Kind;
use super::util::{int_of, parse_ts, str_of, template_hash, ts};

/// Parses Argo durations such as `10m`, `30s`, `1h`.
pub(crate) fn parse_duration(v: &Value) -> Option<Duration> {
    if let Some(n) = v.as_i64() {
        return Some(Duration::seconds(n));
    }
    let s = v.as_str()?;
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit())?);
    let n: i64 = num.parse().ok()?;
    match unit {
        "s" => Some(Duration::seconds(n)),
        "m" => Some(Duration::minutes(n)),
        "h" => Some(Duration::hours(n)),
        _ => None,
    }
}

fn canary_count(weight: i64, replicas: i64) -> i64 {
    super::util::ceil_div(weight * replicas, 100).min(replicas)
}

/// The setWeight in force once `index` steps are done.
pub(crate) fn weight_at(steps: &[Value], index: usize) -> i64 {
    steps[..index.min(steps.len())]
        .iter()
        .filter_map(|s| s["setWeight"].as_i64())
        .next_back()
        .unwrap_or(0)
}

impl Cluster {
    pub(crate) fn sync_rollouts(&mut self, t: DateTime<Utc>) {
        for ns in ["staging", "production"] {
            for r in self.store.list_owned(Kind::Rollout, ns) {
                self.sync_rollout(r, t);
            }
        }
    }

    fn sync_rollout(&mut self, mut r: Value, t: DateTime<Utc>) {
        let ns = str_of(&r, "/metadata/namespace").to_string();
        let want = int_of(&r, "/spec/replicas");
        let steps = r["spec"]["strategy"]["canary"]["steps"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let hash = template_hash(&r["spec"]["template"]);
        let (new, old) = self.ensure_rs(&r, &ROLLOUT, t);
        let spec_paused = r["spec"]["paused"].as_bool() == Some(true);
        let st = &mut r["status"];
        if st["currentPodHash"].as_str() != Some(&hash) {
            // A new template: start the steps again (or adopt it outright on first deploy).
            st["currentPodHash"] = json!(hash);
            st["currentStepIndex"] = json!(0);
            st["pauseConditions"] = Value::Null;
            st["controllerPause"] = Value::Null;
            st["abort"] = Value::Null;
            st["abortedAt"] = Value::Null;
            st["promoteFull"] = Value::Null;
            self.rollout_paused_at.remove(&ns);
            if st["stableRS"].is_null() {
                st["stableRS"] = json!(hash);
            }
        }
        if st["abort"] != json!(true) && !st["abortedAt"].is_null() {
            // Retry: the plugin set abort back to false.
            st["abortedAt"] = Value::Null;
            st["currentStepIndex"] = json!(0);
        }
        let stable_hash = str_of(st, "/stableRS").to_string();
        let stable = old
            .iter()
            .chain(std::iter::once(&new))
            .find(|rs| str_of(rs, "/metadata/labels/rollouts-pod-template-hash") == stable_hash)
            .cloned();
        let mut index = int_of(st, "/currentStepIndex").max(0) as usize;
        let mut pause_conditions = st["pauseConditions"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let mut controller_pause = st["controllerPause"] == json!(true);
        let aborted = st["abort"] == json!(true);
        let (canary_target, stable_target);
        let mut message = String::new();
        if hash == stable_hash {
            index = steps.len();
            (canary_target, stable_target) = (want, want);
        } else if aborted {
            if st["abortedAt"].is_null() {
                st["abortedAt"] = json!(ts(t));
            }
            pause_conditions.clear();
            controller_pause = false;
            message = format!(
                "RolloutAborted: Rollout aborted update to revision {}",
                revision(&new, &ROLLOUT)
            );
            (canary_target, stable_target) = (0, want);
        } else {
            if st["promoteFull"] == json!(true) {
                index = steps.len();
            }
            let canary_avail = int_of(&new, "/status/availableReplicas");
            let canary_active = int_of(&new, "/status/replicas");
            let stable_active = stable
                .as_ref()
                .map(|s| int_of(s, "/status/replicas"))
                .unwrap_or(0);
            while let Some(step) = steps.get(index).filter(|_| !spec_paused) {
                if let Some(w) = step["setWeight"].as_i64() {
                    let c = canary_count(w, want);
                    if canary_avail >= c && canary_active == c && stable_active <= want - c {
                        index += 1;
                        continue;
                    }
                    break;
                }
                let pause = &step["pause"];
                if pause.is_null() {
                    index += 1; // analysis and other steps pass in the simulation
                    continue;
                }
                let paused_here = self.rollout_paused_at.get(&ns) == Some(&index);
                if controller_pause && pause_conditions.is_empty() {
                    // Promoted: the plugin cleared the pause conditions.
                    controller_pause = false;
                    self.rollout_paused_at.remove(&ns);
                    if paused_here {
                        index += 1;
                    }
                    continue;
                }
                if !controller_pause {
                    pause_conditions =
                        vec![json!({"reason": "CanaryPauseStep", "startTime": ts(t)})];
                    controller_pause = true;
                    self.rollout_paused_at.insert(ns.clone(), index);
                }
                let started = pause_conditions
                    .first()
                    .and_then(|p| parse_ts(&p["startTime"]));
                if let (Some(d), Some(s)) = (parse_duration(&pause["duration"]), started) {
                    if t >= s + d {
                        pause_conditions.clear();
                        controller_pause = false;
                        self.rollout_paused_at.remove(&ns);
                        index += 1;
                        continue;
                    }
                }
                break;
            }
            let w = if index >= steps.len() {
                100
            } else {
                weight_at(&steps, index + 1)
            };
            let c = canary_count(w, want);
            canary_target = c;
            // Stable pods go only once the canary pods that replace them are available.
            stable_target = want - canary_avail.min(c);
            if index >= steps.len() && canary_avail >= want {
                st["stableRS"] = json!(hash);
            }
        }
        let st = &mut r["status"];
        st["currentStepIndex"] = json!(index);
        st["pauseConditions"] = if pause_conditions.is_empty() {
            Value::Null
        } else {
            json!(pause_conditions)
        };
        st["controllerPause"] = if controller_pause {
            json!(true)
        } else {
            Value::Null
        };
        if message.is_empty() && (controller_pause || spec_paused) {
            message = "CanaryPauseStep".into();
        }
        st["message"] = if message.is_empty() {
            Value::Null
        } else {
            json!(message)
        };
        self.store.put(Kind::Rollout, r.clone());
        let promoted = str_of(&r, "/status/stableRS") == hash;
        for rs in old.iter().chain(std::iter::once(&new)) {
            let h = str_of(rs, "/metadata/labels/rollouts-pod-template-hash");
            let target = if h == hash {
                canary_target
            } else if h == stable_hash && !promoted {
                stable_target
            } else {
                0
            };
            self.scale_rs(&r, rs, target, t);
        }
        self.rollout_status(&ns, &steps, t);
    }

    fn rollout_status(&mut self, ns: &str, steps: &[Value], t: DateTime<Utc>) {
        let Some(mut r) = self.store.get(Kind::Rollout, ns, "shop").cloned() else {
            return;
        };
        let want = int_of(&r, "/spec/replicas");
        let rss = self.owned(Kind::ReplicaSet, &r);
        let st = &r["status"];
        let (hash, stable) = (
            str_of(st, "/currentPodHash").to_string(),
            str_of(st, "/stableRS").to_string(),
        );
        let by_hash = |h: &str| {
            rss.iter()
                .find(|rs| str_of(rs, "/metadata/labels/rollouts-pod-template-hash") == h)
                .cloned()
                .unwrap_or(Value::Null)
        };
        let new = by_hash(&hash);
        let sum = |f: &str| rss.iter().map(|rs| int_of(rs, f)).sum::<i64>();
        let (replicas, ready, avail) = (
            sum("/status/replicas"),
            sum("/status/readyReplicas"),
            sum("/status/availableReplicas"),
        );
        let aborted = st["abort"] == json!(true);
        let index = int_of(st, "/currentStepIndex") as usize;
        let paused =
            st["pauseConditions"].is_array() || r["spec"]["paused"].as_bool() == Some(true);
        let healthy = hash == stable && replicas == want && avail == want;
        let phase = if aborted {
            "Degraded"
        } else if paused {
            "Paused"
        } else if healthy {
            "Healthy"
        } else {
            "Progressing"
        };
        let weight = if aborted {
            0
        } else if hash == stable {
            100
        } else {
            weight_at(steps, index)
        };
        let generation = int_of(&r, "/metadata/generation").to_string();
        let st = &mut r["status"];
        st["phase"] = json!(phase);
        st["observedGeneration"] = json!(generation);
        st["replicas"] = json!(replicas);
        st["updatedReplicas"] = json!(int_of(&new, "/status/replicas"));
        st["readyReplicas"] = json!(ready);
        st["availableReplicas"] = json!(avail);
        st["HPAReplicas"] = json!(replicas);
        st["selector"] = json!("app=shop");
        st["canary"] = json!({"weights": {
            "canary": {"podTemplateHash": hash, "weight": weight},
            "stable": {"podTemplateHash": stable, "weight": 100 - weight},
        }});
        let cond = |ty: &str, ok: bool, reason: &str| {
            json!({"type": ty, "status": if ok { "True" } else { "False" }, "reason": reason,
                   "message": reason, "lastUpdateTime": ts(t), "lastTransitionTime": ts(t)})
        };
        let prev = st["conditions"].clone();
        let conds = json!([
            cond("Available", avail >= want, "AvailableReason"),
            cond("Healthy", healthy, "RolloutHealthy"),
            cond(
                "Progressing",
                !aborted,
                if aborted {
                    "RolloutAborted"
                } else if healthy {
                    "NewReplicaSetAvailable"
                } else {
                    "ReplicaSetUpdated"
                }
            ),
        ]);
        // Keep old timestamps when nothing but the time moved, so idle syncs write nothing.
        let strip = |v: &Value| {
            let mut v = v.clone();
            if let Some(a) = v.as_array_mut() {
                for c in a {
                    if let Some(o) = c.as_object_mut() {
                        o.remove("lastUpdateTime");
                        o.remove("lastTransitionTime");
                    }
                }
            }
            v
        };
        st["conditions"] = if strip(&prev) == strip(&conds) {
            prev
        } else {
            conds
        };
        self.store.put(Kind::Rollout, r);
    }

    /// The next time a canary pause with a duration ends.
    pub(crate) fn next_rollout_timer(&self, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.store
            .list(Kind::Rollout, None)
            .into_iter()
            .filter_map(|r| {
                let steps = r["spec"]["strategy"]["canary"]["steps"].as_array()?;
                let step = steps.get(int_of(r, "/status/currentStepIndex") as usize)?;
                let d = parse_duration(&step["pause"]["duration"])?;
                let start = parse_ts(&r["status"]["pauseConditions"][0]["startTime"])?;
                Some(start + d)
            })
            .filter(|t| *t > after)
            .min()
    }
}
