//! Small deterministic helpers: hashes, generated names, timestamps and kubectl-style ages.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::Value;

/// FNV-1a: stable across runs and platforms, unlike `DefaultHasher`.
pub(crate) fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// The alphabet Kubernetes uses for generated names (no vowels, no look-alikes).
const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// `len` characters from the safe alphabet derived from `h`.
pub(crate) fn safe_suffix(mut h: u64, len: usize) -> String {
    let mut s = String::with_capacity(len);
    for _ in 0..len {
        s.push(char::from(ALPHABET[(h % ALPHABET.len() as u64) as usize]));
        h /= ALPHABET.len() as u64;
        if h == 0 {
            h = fnv(&[&s]);
        }
    }
    s
}

/// RFC 3339 with second precision, as the apiserver writes `metav1.Time`.
pub(crate) fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub(crate) fn parse_ts(v: &Value) -> Option<DateTime<Utc>> {
    let s = v.as_str()?;
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// A deterministic UID for an object.
pub(crate) fn uid(kind: &str, ns: &str, name: &str, seq: u64) -> String {
    let a = fnv(&[kind, ns, name, &seq.to_string()]);
    let b = fnv(&[name, kind, &seq.to_string(), ns]);
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        (b >> 48) & 0xfff,
        b & 0xffff_ffff_ffff
    )
}

/// Hash of a pod template that ignores the hash labels the controllers add, so a template copied back
/// from a ReplicaSet (rollout undo) matches that ReplicaSet again.
pub(crate) fn template_hash(template: &Value) -> String {
    let t = strip_hash_labels(template);
    // serde_json maps are sorted by key, so the serialisation is canonical.
    let s = serde_json::to_string(&t).unwrap_or_default();
    safe_suffix(fnv(&[&s]), 10)
}

/// Drops `null` members recursively, as the apiserver's decoding does (kubectl sends
/// `creationTimestamp: null` inside templates).
pub(crate) fn prune_nulls(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.retain(|_, x| !x.is_null());
            m.values_mut().for_each(prune_nulls);
        }
        Value::Array(a) => a.iter_mut().for_each(prune_nulls),
        _ => {}
    }
}

pub(crate) fn strip_hash_labels(template: &Value) -> Value {
    let mut t = template.clone();
    prune_nulls(&mut t);
    if let Some(labels) = t
        .pointer_mut("/metadata/labels")
        .and_then(Value::as_object_mut)
    {
        labels.remove("pod-template-hash");
        labels.remove("rollouts-pod-template-hash");
    }
    t
}

/// kubectl's `duration.HumanDuration`, used for AGE and LAST SEEN.
pub(crate) fn human_duration(d: chrono::Duration) -> String {
    let secs = d.num_seconds();
    if secs < -1 {
        return "<invalid>".into();
    }
    if secs < 0 {
        return "0s".into();
    }
    let (m, h, days) = (secs / 60, secs / 3600, secs / 86400);
    if secs < 120 {
        format!("{secs}s")
    } else if m < 10 {
        match secs % 60 {
            0 => format!("{m}m"),
            s => format!("{m}m{s}s"),
        }
    } else if h < 3 {
        format!("{m}m")
    } else if h < 8 {
        match m % 60 {
            0 => format!("{h}h"),
            mm => format!("{h}h{mm}m"),
        }
    } else if h < 48 {
        format!("{h}h")
    } else if h < 24 * 8 {
        match h % 24 {
            0 => format!("{days}d"),
            hh => format!("{days}d{hh}h"),
        }
    } else if days < 365 * 2 {
        format!("{days}d")
    } else {
        format!("{}y", days / 365)
    }
}

/// Ceiling division for the non-negative counts the controllers use.
pub(crate) fn ceil_div(a: i64, b: i64) -> i64 {
    (a + b - 1) / b
}

pub(crate) fn str_of<'a>(v: &'a Value, ptr: &str) -> &'a str {
    v.pointer(ptr).and_then(Value::as_str).unwrap_or("")
}

pub(crate) fn int_of(v: &Value, ptr: &str) -> i64 {
    v.pointer(ptr).and_then(Value::as_i64).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_match_kubectl() {
        let d = chrono::Duration::seconds;
        assert_eq!(human_duration(d(5)), "5s");
        assert_eq!(human_duration(d(150)), "2m30s");
        assert_eq!(human_duration(d(3600)), "60m");
        assert_eq!(human_duration(d(4 * 3600 + 60)), "4h1m");
        assert_eq!(human_duration(d(3 * 86400)), "3d");
    }

    #[test]
    fn template_hash_ignores_hash_labels() {
        let a = serde_json::json!({"metadata":{"labels":{"app":"shop"}},"spec":{}});
        let b = serde_json::json!({"metadata":{"labels":{"app":"shop","pod-template-hash":"x"}},"spec":{}});
        assert_eq!(template_hash(&a), template_hash(&b));
        assert_eq!(template_hash(&a).len(), 10);
    }
}
