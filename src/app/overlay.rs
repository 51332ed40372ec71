//! Overlays stack over the panes: help, confirmation dialogs (with typed fields), and pickers. Keys go
//! to the top overlay first; one that takes text gets raw keys, never the keymap, so typing an
//! environment's name into a dialog never fires `p`, `q` or `r`.

use crate::app::effect::Effect;
use crate::command::Command;
use crate::model::request::Switch;

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help {
        scroll: u16,
    },
    Dialog(Dialog),
    Picker(Picker),
    /// Typing edits the runs screen's filter, live; keys are text, never commands.
    Filter,
    /// The log viewer's `/`: a pattern typed as text.
    Search(SearchInput),
}

impl Overlay {
    /// Keys reach this overlay as text (no keymap) while it is on top.
    pub fn takes_text(&self) -> bool {
        match self {
            Overlay::Help { .. } => false,
            Overlay::Dialog(d) => {
                d.phase == Phase::Asking && !(d.fields.is_empty() && d.choices.is_empty())
            }
            Overlay::Picker(_) | Overlay::Filter | Overlay::Search(_) => true,
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
    /// Things to choose (the environments a run waits on), drawn above the fields; Space toggles.
    pub choices: Vec<Choice>,
    /// Typed fields (the environment's name to type, a comment); Tab moves between them.
    pub fields: Vec<Field>,
    /// Over the choices first, then the fields (see `focused_field`).
    pub focus: usize,
    /// Options flipped by a key while asking (debug logging, all jobs); they change the request.
    pub toggles: Vec<Toggle>,
    /// Carried out when confirmed.
    pub confirm: Vec<Effect>,
    pub phase: Phase,
}

/// The label of the comment field, whose text goes into the request and the audit trail.
pub const COMMENT: &str = "Comment";

/// One thing to choose in a dialog (an environment to review), allowed or not with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub id: u64,
    pub label: String,
    pub chosen: bool,
    /// `Err(why)` when it may not be chosen (GitHub's reason): shown, never sent.
    pub allowed: Result<(), String>,
    /// Choosing it asks for its name to be typed (`confirm = "type-name"`).
    pub type_name: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub label: String,
    pub value: String,
    /// When set, confirming needs exactly this text (an environment's name).
    pub expect: Option<String>,
    /// The text to type is the names of the chosen choices that ask for it.
    pub follows_choices: bool,
}

impl Field {
    pub fn text(label: &str) -> Field {
        Field {
            label: label.into(),
            value: String::new(),
            expect: None,
            follows_choices: false,
        }
    }

    /// A field that asks for the names of the chosen environments that need typing.
    pub fn names_of_choices(label: &str) -> Field {
        Field {
            follows_choices: true,
            ..Field::text(label)
        }
    }

    pub fn must_type(label: &str, expect: &str) -> Field {
        Field {
            label: label.into(),
            value: String::new(),
            expect: Some(expect.into()),
            follows_choices: false,
        }
    }

    pub fn satisfied(&self) -> bool {
        self.expect.as_ref().is_none_or(|e| *e == self.value)
    }
}

/// An option of a dialog without typed fields, flipped by its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toggle {
    pub key: char,
    /// What it does when on ("rerun every job, not only the failed ones").
    pub label: String,
    pub switch: Switch,
    pub on: bool,
}

impl Toggle {
    pub fn new(key: char, label: &str, switch: Switch, on: bool) -> Toggle {
        Toggle {
            key,
            label: label.into(),
            switch,
            on,
        }
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
            choices: Vec::new(),
            fields: Vec::new(),
            focus: 0,
            toggles: Vec::new(),
            confirm,
            phase: Phase::Asking,
        }
    }

    pub fn with_field(mut self, field: Field) -> Dialog {
        self.fields.push(field);
        self.refresh_expect();
        self
    }

    pub fn with_toggle(mut self, toggle: Toggle) -> Dialog {
        self.toggles.push(toggle);
        self
    }

    pub fn dangerous(mut self) -> Dialog {
        self.danger = true;
        self
    }

    /// Every typed-name field matches, and something is chosen when there is a choice.
    pub fn ready(&self) -> bool {
        self.fields.iter().all(Field::satisfied)
            && (self.choices.is_empty() || self.choices.iter().any(|c| c.chosen))
    }

    /// The choices, chosen as given; focus starts on the first field, so typing starts at once.
    pub fn with_choices(mut self, choices: Vec<Choice>) -> Dialog {
        self.choices = choices;
        self.focus = self.choices.len();
        self.refresh_expect();
        self
    }

    /// How many places Tab moves through: the choices, then the fields.
    pub fn focus_count(&self) -> usize {
        (self.choices.len() + self.fields.len()).max(1)
    }

    pub fn focused_field(&mut self) -> Option<&mut Field> {
        let i = self.focus.checked_sub(self.choices.len())?;
        self.fields.get_mut(i)
    }

    /// Space on a choice: toggles it, unless GitHub would refuse it (it stays off, with the reason).
    pub fn toggle_focused(&mut self) -> bool {
        let Some(c) = self.choices.get_mut(self.focus) else {
            return false;
        };
        if c.allowed.is_ok() {
            c.chosen = !c.chosen;
        }
        self.refresh_expect();
        true
    }

    /// The names to type follow the choice: every chosen choice that asks for its name.
    fn refresh_expect(&mut self) {
        let names: Vec<&str> = self
            .choices
            .iter()
            .filter(|c| c.chosen && c.type_name)
            .map(|c| c.label.as_str())
            .collect();
        let expect = (!names.is_empty()).then(|| names.join(" "));
        for f in &mut self.fields {
            if f.follows_choices {
                f.expect = expect.clone();
            }
        }
    }

    /// What confirming carries out: the effects with the choice, the comment, the toggles and the
    /// typed fields applied to each request.
    pub fn effects(&self) -> Vec<Effect> {
        let chosen: Vec<(u64, String)> = self
            .choices
            .iter()
            .filter(|c| c.chosen)
            .map(|c| (c.id, c.label.clone()))
            .collect();
        let chosen = (!self.choices.is_empty()).then_some(chosen.as_slice());
        let comment = self.value(COMMENT);
        self.confirm
            .iter()
            .map(|e| match e {
                Effect::Act(req) => {
                    let mut req = req.with_choice(chosen, comment);
                    for t in &self.toggles {
                        req.switch(t.switch, t.on);
                    }
                    for f in &self.fields {
                        req.fill(&f.label, &f.value);
                    }
                    Effect::Act(Box::new(req))
                }
                other => other.clone(),
            })
            .collect()
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
