//! One audit record as table cells, for `gantry audit show` and the Audit screen. Text from the
//! file is untrusted: every cell goes through `sanitize::clean`.

use super::{Entry, Line, Record, State, Target};
use crate::sanitize::clean;

pub fn state_word(state: State) -> &'static str {
    match state {
        State::Ok => "ok",
        State::Broken => "broken",
        State::Torn => "torn",
    }
}

pub fn row(line: &Line, state: State) -> [String; 7] {
    let (number, state) = (line.number.to_string(), state_word(state).to_owned());
    let Some(r) = line.record() else {
        let what = if line.terminated {
            "not a record"
        } else {
            "torn tail"
        };
        let rest = format!("{what} ({} bytes)", line.len);
        return [
            number,
            state,
            "-".into(),
            "-".into(),
            "-".into(),
            "-".into(),
            rest,
        ];
    };
    let cells = [
        number,
        state,
        r.time.format("%Y-%m-%d %H:%M:%S").to_string(),
        actor(r),
        r.entry.action().as_str().to_owned(),
        target(r.entry.target()),
        result(r),
    ];
    cells.map(|c| clean(&c))
}

fn actor(r: &Record) -> String {
    let a = &r.actor;
    match &a.login {
        Some(login) => format!("{login} ({}@{})", a.user, a.host),
        None => format!("{}@{}", a.user, a.host),
    }
}

pub fn target(t: &Target) -> String {
    let mut parts = Vec::new();
    parts.extend(t.repo.clone());
    parts.extend(t.run.map(|run| format!("run {run}")));
    parts.extend(
        t.sha
            .as_ref()
            .map(|sha| format!("@{}", sha.get(..7).unwrap_or(sha))),
    );
    if let Some(w) = &t.cluster {
        parts.push(format!("{}/{}/{}", w.context, w.namespace, w.workload));
    }
    parts.extend(t.revision.as_ref().map(|rev| format!("rev {rev}")));
    if !t.environments.is_empty() {
        parts.push(format!("-> {}", t.environments.join(", ")));
    }
    parts.join(" ")
}

fn result(r: &Record) -> String {
    match &r.entry {
        Entry::Intent(i) => match &i.comment {
            Some(c) => format!("intent: \"{c}\""),
            None => "intent".into(),
        },
        Entry::Outcome(o) => {
            let res = &o.result;
            let mut text = format!("{} (intent {})", res.status.as_str(), o.intent);
            if let Some(http) = res.http {
                text.push_str(&format!(" {http}"));
            }
            if !res.sent {
                text.push_str(" not sent");
            }
            if !res.message.is_empty() {
                text.push_str(&format!(": {}", res.message));
            }
            text
        }
    }
}
