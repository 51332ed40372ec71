//! What a node shows and how wide it is: status symbol, label (shortened to fit the screen),
//! count and `?` marker, and the caller's duration text.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::super::graph::DagNode;
use super::{NodeStatus, Role};

/// Labels are never shortened below this many columns; past it the picture scrolls.
pub(super) const MIN_LABEL: usize = 12;
/// Room kept for the duration text, so a ticking clock rarely changes the column widths.
const MIN_TEXT: usize = 5;

#[derive(Debug, Clone)]
pub(super) struct Content {
    pub symbol: String,
    pub role: Role,
    pub label: String,
    /// ` ×3 ?`: the count of a collapsed matrix and the mark of a job that may be skipped.
    pub suffix: String,
    pub text: String,
}

impl Content {
    pub fn new(node: &DagNode, status: Option<NodeStatus>, ascii: bool) -> Content {
        let (symbol, role, text) = match status {
            Some(s) => (clean(&s.symbol), s.role, clean(&s.text)),
            None => (String::new(), Role::Pending, String::new()),
        };
        let mut suffix = String::new();
        if let Some(n) = node.count {
            suffix.push_str(if ascii { " x" } else { " ×" });
            suffix.push_str(&n.to_string());
        }
        // Once the job has run (or been skipped) its status says more than the mark.
        let undecided = matches!(role, Role::Pending | Role::Queued | Role::Waiting);
        if node.conditional && undecided {
            suffix.push_str(" ?");
        }
        Content {
            symbol,
            role,
            label: clean(&node.label),
            suffix,
            text,
        }
    }

    pub fn label_width(&self) -> usize {
        self.label.width()
    }

    /// Columns with the label cut to `label_max`.
    pub fn width(&self, label_max: usize, compact: bool) -> usize {
        let (frame, sep) = if compact { (2, 1) } else { (4, 2) };
        let sym = self.symbol.width();
        let text = self.text.width();
        frame
            + if sym > 0 { sym + 1 } else { 0 }
            + self.label_width().min(label_max)
            + self.suffix.width()
            + if text > 0 {
                sep + text.max(MIN_TEXT)
            } else {
                0
            }
    }
}

/// Status text from the caller is drawn, never interpreted.
fn clean(s: &str) -> String {
    crate::sanitize::clean(s)
}

/// `text` cut to `max` columns, ending in an ellipsis when cut.
pub(super) fn truncate(text: &str, max: usize, ascii: bool) -> String {
    if text.width() <= max {
        return text.to_owned();
    }
    let ellipsis = if ascii { "..." } else { "…" };
    let room = max.saturating_sub(ellipsis.width());
    let mut out = String::new();
    let mut used = 0;
    for ch in text.chars() {
        let w = ch.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        out.push(ch);
        used += w;
    }
    if max >= ellipsis.width() {
        out.push_str(ellipsis);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::truncate;

    #[test]
    fn truncates_by_columns() {
        assert_eq!(truncate("Build Container", 20, false), "Build Container");
        assert_eq!(truncate("Build Container", 8, false), "Build C…");
        assert_eq!(truncate("Build Container", 8, true), "Build...");
        // Double-width characters count twice.
        assert_eq!(truncate("部署生产环境", 7, false), "部署生…");
    }
}
