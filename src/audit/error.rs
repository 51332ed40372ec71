//! What can go wrong writing or reading the trail. Every error means the record was not written,
//! so the caller must not send the request.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("audit trail {}: cannot {op}: {source}", path.display())]
    Io {
        path: PathBuf,
        op: &'static str,
        source: std::io::Error,
    },
    #[error(
        "audit trail {}: its last record is format v{v}, written by a newer gantry; this one only writes v{}",
        path.display(), super::FORMAT_VERSION
    )]
    NewerFormat { path: PathBuf, v: u64 },
    #[error(
        "audit trail: a value marked secret is shorter than {} characters and appears in the record; not written",
        super::redact::MIN_SECRET_LEN
    )]
    ShortSecret,
    #[error("audit trail: cannot encode the record: {0}")]
    Encode(#[from] serde_json::Error),
}

impl AuditError {
    pub(crate) fn io(
        path: &std::path::Path,
        op: &'static str,
    ) -> impl FnOnce(std::io::Error) -> AuditError {
        let path = path.to_path_buf();
        move |source| AuditError::Io { path, op, source }
    }
}
