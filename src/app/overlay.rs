//! Overlays stack over the panes: help, confirmation dialogs (with typed fields), and pickers. Keys go
//! to the top overlay first; one that takes text gets raw keys, never the keymap, so typing an
//! environment's name into a dialog never fires `p`, `q` or `r`.

use crate::app::effect::Effect;
use crate::command::Command;

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help {
        scroll: u16,
    },
    Dialog(Dialog),
    Picker(Picker),
    /// The log viewer's `/`: a pattern typed as text.
    Search(SearchInput),
}

impl Overlay {
    /// Keys reach this overlay as text (no keymap) while it is on top.
    pub fn takes_text(&self) -> bool {
        match self {
            Overlay::Help { .. } => false,
            Overlay::Dialog(d) => d.phase == Phase::Asking && !d.fields.is_empty(),
            Overlay::Picker(_) | Overlay::Search(_) => true,
        }
    }
}

/// A confirmation for an action that changes something. It states exactly what will happen, and only
/// confirming it returns its effects, once.
#[derive(Debug, Clone, PartialEq)]
pub struct Dialog {
    /// Matches the outcome to the dialog that asked.
    pub id: u64,
    pub title: String,
    /// What will happen, line by line (repository, run, environment, commit, ...).
    pub body: Vec<String>,
    /// Production and other serious actions are drawn in the danger colour.
    pub danger: bool,
    /// Typed fields (the environment's name to type, a comment); Tab moves between them.
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Carried out when confirmed.
    pub confirm: Vec<Effect>,
    pub phase: Phase,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub label: String,
    pub value: String,
    /// When set, confirming needs exactly this text (an environment's name).
    pub expect: Option<String>,
}

impl Field {
    pub fn text(label: &str) -> Field {
        Field {
            label: label.into(),
            value: String::new(),
            expect: None,
        }
    }

    pub fn must_type(label: &str, expect: &str) -> Field {
        Field {
            label: label.into(),
            value: String::new(),
            expect: Some(expect.into()),
        }
    }

    pub fn satisfied(&self) -> bool {
        self.expect.as_ref().is_none_or(|e| *e == self.value)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    Asking,
    /// Confirmed and sent: a repeated key sends nothing more.
    Sent,
    /// The outcome, in words, shown until dismissed.
    Done(Result<String, String>),
}

impl Dialog {
    pub fn new(id: u64, title: &str, body: Vec<String>, confirm: Vec<Effect>) -> Dialog {
        Dialog {
            id,
            title: title.into(),
            body,
            danger: false,
            fields: Vec::new(),
            focus: 0,
            confirm,
            phase: Phase::Asking,
        }
    }

    pub fn with_field(mut self, field: Field) -> Dialog {
        self.fields.push(field);
        self
    }

    pub fn dangerous(mut self) -> Dialog {
        self.danger = true;
        self
    }

    /// Every typed-name field matches.
    pub fn ready(&self) -> bool {
        self.fields.iter().all(Field::satisfied)
    }

    /// The value of the field labelled `label` (the comment, say).
    pub fn value(&self, label: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.label == label)
            .map(|f| f.value.as_str())
    }
}

/// A search pattern being typed for the log viewer. Enter searches (or filters, when `filter`);
/// Tab switches between the two.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchInput {
    pub text: String,
    pub filter: bool,
    /// Why the last pattern was refused (an invalid regex), shown under it.
    pub error: Option<String>,
}

/// A list to choose from, filtered by typing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub title: String,
    pub items: Vec<(String, Command)>,
    pub filter: String,
    /// Index into the filtered items.
    pub selected: usize,
}

impl Picker {
    pub fn new(title: &str, items: Vec<(String, Command)>) -> Picker {
        Picker {
            title: title.into(),
            items,
            filter: String::new(),
            selected: 0,
        }
    }

    /// The items whose label contains the filter (case-insensitive), in order.
    pub fn shown(&self) -> Vec<&(String, Command)> {
        let f = self.filter.to_lowercase();
        self.items
            .iter()
            .filter(|(label, _)| label.to_lowercase().contains(&f))
            .collect()
    }
}
