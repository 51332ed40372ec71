//! Tables for the engine: ingest and caps, search and `e`, and the view's operations.

mod buffer;
mod ops;

use super::{Limits, LogBuffer, LogView};

/// A buffer holding `text` (finished), with the default caps.
pub(super) fn buffer(text: &str) -> LogBuffer {
    let mut buf = LogBuffer::new(Limits::default());
    buf.push_bytes(text.as_bytes());
    buf.finish();
    buf
}

/// Every line's text, in order.
pub(super) fn texts(buf: &LogBuffer) -> Vec<String> {
    (buf.first()..buf.end())
        .filter_map(|id| buf.line(id))
        .map(|l| l.text().into_owned())
        .collect()
}

/// A view of `buf` in an area `h` rows high (one is the status line), synced.
pub(super) fn view(buf: &LogBuffer, h: u16) -> LogView {
    let mut v = LogView::new();
    v.set_viewport(buf, 80, h);
    v.sync(buf);
    v
}
