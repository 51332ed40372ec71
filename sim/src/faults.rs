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

impl FaultRule {
    /// A rule for every request to `server`, until cleared.
    pub fn new(server: Server, fault: FaultKind) -> FaultRule {
        FaultRule {
            server,
            path_prefix: None,
            method: None,
            fault,
            count: None,
        }
    }

    /// Only requests whose path starts with `prefix`.
    pub fn path_prefix(mut self, prefix: &str) -> FaultRule {
        self.path_prefix = Some(prefix.to_string());
        self
    }

    /// Only requests with this method.
    pub fn method(mut self, method: &str) -> FaultRule {
        self.method = Some(method.to_string());
        self
    }

    /// Used up after `n` matching requests.
    pub fn count(mut self, n: u32) -> FaultRule {
        self.count = Some(n);
        self
    }
}

#[derive(Debug, Default)]
pub(crate) struct Faults {
    rules: Mutex<Vec<FaultRule>>,
}

impl Faults {
    pub(crate) fn add(&self, rule: FaultRule) {
        self.lock().push(rule);
    }

    pub(crate) fn clear(&self) {
        self.lock().clear();
    }

    pub(crate) fn list(&self) -> Vec<FaultRule> {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<FaultRule>> {
        self.rules.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The fault for this request, if any: the first rule that matches it and that `applies` says
    /// this server will act on here. Only then is a use of a counted rule spent, so a rule is never
    /// used up by a request answered as if it were not there.
    pub(crate) fn take(
        &self,
        server: Server,
        method: &str,
        path: &str,
        applies: impl Fn(&FaultKind) -> bool,
    ) -> Option<FaultKind> {
        let mut rules = self.lock();
        let idx = rules.iter().position(|r| {
            (r.server == Server::All || r.server == server)
                && r.method
                    .as_deref()
                    .is_none_or(|m| m.eq_ignore_ascii_case(method))
                && r.path_prefix.as_deref().is_none_or(|p| path.starts_with(p))
                && applies(&r.fault)
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
        let check = |server, path| f.take(server, "GET", path, |_| true);
        assert_eq!(check(Server::Kube, "/repos/acme/shop/actions/runs"), None);
        assert_eq!(check(Server::Github, "/user"), None);
        assert_eq!(
            check(Server::Github, "/repos/acme/shop/actions/runs"),
            Some(FaultKind::Status { status: 502 })
        );
        assert_eq!(check(Server::Github, "/repos/acme/shop/actions/runs"), None);
    }

    #[test]
    fn a_rule_the_server_would_not_act_on_is_not_spent() {
        let f = Faults::default();
        f.add(FaultRule::new(Server::All, FaultKind::WatchGone).count(1));
        let watch_only = |k: &FaultKind| matches!(k, FaultKind::WatchGone);
        assert_eq!(f.take(Server::Github, "GET", "/user", |_| false), None);
        assert_eq!(
            f.list().len(),
            1,
            "not spent by a request it does not apply to"
        );
        assert_eq!(
            f.take(Server::Kube, "GET", "/api/v1/pods", watch_only),
            Some(FaultKind::WatchGone)
        );
        assert!(f.list().is_empty());
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
