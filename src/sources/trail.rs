//! The Audit screen's source: reads the audit trail (`[audit] path`) with its verification state,
//! again only when asked (after an action) or every refresh, reading just the appended bytes.

use std::path::PathBuf;
use std::time::Duration;

use crate::audit::{Reader, Verdict, display};
use crate::event::{Event, SourceEvent, Update};
use crate::model::trail::TrailView;
use crate::sources::{SourceLink, Task};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Refresh,
}

/// The view of what `reader` read: newest first.
pub fn view(reader: &Reader) -> TrailView {
    let report = reader.report();
    TrailView {
        path: reader.path().display().to_string(),
        verdict: match report.verdict() {
            Verdict::Intact => "intact",
            Verdict::Torn => "torn",
            Verdict::Broken => "broken",
        }
        .to_string(),
        findings: report.findings.len(),
        rows: reader
            .entries()
            .rev()
            .map(|(l, s)| display::row(l, s))
            .collect(),
    }
}

pub fn task(path: PathBuf, refresh: Duration, link: SourceLink<Command>) -> Task {
    let SourceLink {
        events,
        mut commands,
        cancel,
    } = link;
    Box::pin(async move {
        let mut reader = Some(Reader::new(path));
        let mut first = true;
        loop {
            let Some(mut r) = reader.take() else { return };
            let read = tokio::task::spawn_blocking(move || {
                let changed = r.refresh();
                (r, changed)
            })
            .await;
            let Ok((r, changed)) = read else { return };
            let update = match changed {
                Ok(changed) if changed || first => Some(Update::Loaded(view(&r))),
                Ok(_) => None,
                Err(e) => Some(Update::Failed {
                    message: format!("cannot read the audit trail: {e}"),
                    retry_in: refresh,
                }),
            };
            reader = Some(r);
            first = false;
            if let Some(u) = update
                && events
                    .send(Event::Source(SourceEvent::Audit(u)))
                    .await
                    .is_err()
            {
                return;
            }
            tokio::select! {
                _ = cancel.cancelled() => return,
                _ = tokio::time::sleep(refresh) => {}
                cmd = commands.recv() => if cmd.is_none() { return },
            }
        }
    })
}
