//! Fault injection for the simulator, set through the admin API and consulted by the GitHub and
//! Kubernetes front ends for each request.

use std::sync::Mutex;

use serde::{Deserialize, Serialize};

/// Which server a rule applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Server {
    Github,
    Kube,
    #[default]
    All,
}

/// What goes wrong.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// Answer with this HTTP status (5xx, 404, ...) and a JSON error body.
    Status { status: u16 },
    /// Delay the answer by this many milliseconds, then answer normally.
    Latency { ms: u64 },
    /// Never answer (hold the connection until the client gives up).
    Timeout,
    /// Primary rate limit exhausted: 403 with `x-ratelimit-remaining: 0` and a reset time.
    RateLimitPrimary,
    /// Secondary rate limit: 403 (or 429) with `retry-after`.
    RateLimitSecondary {
        retry_after: u64,
        status: Option<u16>,
    },
    /// 401 Bad credentials.
    Unauthorized,
    /// 200 with a body that is not JSON.
    Malformed,
    /// 200 with the JSON body cut in half.
    Truncated,
    /// Kubernetes: end a watch stream right after it starts.
    DropWatch,
    /// Kubernetes: a watch answers 200 with an in-stream ERROR event of code 410.
    WatchGone,
    /// The whole API is down: the connection is closed with no answer (503 where a close is impossible).
    Down,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaultRule {
    #[serde(default)]
    pub server: Server,
    /// Applies to paths starting with this prefix (all paths when absent).
    #[serde(default)]
    pub path_prefix: Option<String>,
    /// Applies to this method only (all when absent).
    #[serde(default)]
    pub method: Option<String>,
    #[serde(flatten)]
    pub fault: FaultKind,
    /// How many matching requests it affects; forever when absent.
    #[serde(default)]
    pub count: Option<u32>,
}

#[derive(Debug, Default)]
pub struct Faults {
    rules: Mutex<Vec<FaultRule>>,
}

impl Faults {
    pub fn add(&self, rule: FaultRule) {
        self.lock().push(rule);
    }

    pub fn clear(&self) {
        self.lock().clear();
    }

    pub fn list(&self) -> Vec<FaultRule> {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<FaultRule>> {
        self.rules.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The fault for this request, if any; spends one use of a counted rule.
    pub fn check(&self, server: Server, method: &str, path: &str) -> Option<FaultKind> {
        let mut rules = self.lock();
        let idx = rules.iter().position(|r| {
            (r.server == Server::All || r.server == server)
                && r.method
                    .as_deref()
                    .is_none_or(|m| m.eq_ignore_ascii_case(method))
                && r.path_prefix.as_deref().is_none_or(|p| path.starts_with(p))
        })?;
        let fault = rules[idx].fault.clone();
        if let Some(n) = rules[idx].count.as_mut() {
            *n = n.saturating_sub(1);
            if *n == 0 {
                rules.remove(idx);
            }
        }
        Some(fault)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_rule_expires_and_prefix_matches() {
        let f = Faults::default();
        f.add(FaultRule {
            server: Server::Github,
            path_prefix: Some("/repos/acme/shop/actions".into()),
            method: None,
            fault: FaultKind::Status { status: 502 },
            count: Some(1),
        });
        assert_eq!(
            f.check(Server::Kube, "GET", "/repos/acme/shop/actions/runs"),
            None
        );
        assert_eq!(f.check(Server::Github, "GET", "/user"), None);
        assert_eq!(
            f.check(Server::Github, "GET", "/repos/acme/shop/actions/runs"),
            Some(FaultKind::Status { status: 502 })
        );
        assert_eq!(
            f.check(Server::Github, "GET", "/repos/acme/shop/actions/runs"),
            None
        );
    }

    #[test]
    fn rule_parses_from_admin_json() {
        let r: FaultRule = serde_json::from_str(
            r#"{"server":"github","kind":"rate_limit_secondary","retry_after":42,"status":429}"#,
        )
        .expect("parse");
        assert_eq!(
            r.fault,
            FaultKind::RateLimitSecondary {
                retry_after: 42,
                status: Some(429)
            }
        );
    }
}
