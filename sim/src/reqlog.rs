//! Every request the simulator receives, for tests and benchmarks (`GET /requests` on the admin API).

use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::faults::Server;

/// One request as the simulator saw it (`GET /requests` on the admin API).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RequestRecord {
    /// Sequence number, from 1.
    pub seq: u64,
    /// Which API answered: `github` or `kube`.
    pub server: Server,
    pub method: String,
    pub path: String,
    /// The query string, without `?` (empty when none).
    pub query: String,
    pub status: u16,
    /// An `If-None-Match` header was sent.
    pub conditional: bool,
    /// It spent rate-limit budget.
    pub charged: bool,
    /// The request body, for writes, as JSON when it parses and as a string otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<serde_json::Value>,
    /// Simulated time of the request.
    pub at: DateTime<Utc>,
}

#[derive(Debug, Default)]
pub(crate) struct RequestLog {
    records: Mutex<Vec<RequestRecord>>,
}

impl RequestLog {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<RequestRecord>> {
        self.records.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Records a request; `seq` is assigned here.
    pub(crate) fn record(&self, mut rec: RequestRecord) {
        let mut v = self.lock();
        rec.seq = v.len() as u64 + 1;
        v.push(rec);
    }

    /// Records with `seq` greater than `since`.
    pub(crate) fn since(&self, since: u64) -> Vec<RequestRecord> {
        self.lock()
            .iter()
            .filter(|r| r.seq > since)
            .cloned()
            .collect()
    }

    pub(crate) fn clear(&self) {
        self.lock().clear();
    }
}
