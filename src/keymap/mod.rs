//! (mode, key sequence) -> command, from the embedded defaults plus the user's `[keys]` overrides.
//! Resolution is pure; unknown names become warnings the UI shows, never panics.

pub mod key;

use std::collections::BTreeMap;

pub use key::{Key, seq_to_string};

use crate::command::Command;

const DEFAULTS: &str = include_str!("defaults.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    Global,
    Normal,
    Logs,
    Help,
    /// A confirmation dialog without typed fields (dialogs with fields, and pickers, take raw text).
    Dialog,
}

impl Mode {
    pub const ALL: [Mode; 5] = [
        Mode::Global,
        Mode::Normal,
        Mode::Logs,
        Mode::Help,
        Mode::Dialog,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Mode::Global => "global",
            Mode::Normal => "normal",
            Mode::Logs => "logs",
            Mode::Help => "help",
            Mode::Dialog => "dialog",
        }
    }

    fn from_name(name: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.name() == name)
    }

    /// The modes searched, in order, when a key is pressed in this mode.
    fn chain(self) -> &'static [Mode] {
        match self {
            Mode::Global => &[Mode::Global],
            Mode::Normal => &[Mode::Normal, Mode::Global],
            Mode::Logs => &[Mode::Logs, Mode::Normal, Mode::Global],
            Mode::Help => &[Mode::Help, Mode::Global],
            // Nothing behind a dialog is reachable: only its own keys (and ctrl-c, bound there).
            Mode::Dialog => &[Mode::Dialog],
        }
    }
}

/// A user's key table as it comes from config: mode -> key text -> command name.
pub type KeyTable = BTreeMap<String, BTreeMap<String, String>>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Command(Command),
    /// The keys so far begin a chord.
    Pending,
    None,
}

#[derive(Debug, Clone, Default)]
pub struct Keymap {
    /// Per mode, in definition order (defaults first, then the user's), later entries win.
    bindings: BTreeMap<Mode, Vec<(Vec<Key>, Command)>>,
}

impl Keymap {
    /// The embedded defaults with `user` merged over them; the warnings name each bad entry.
    pub fn load(user: Option<&KeyTable>) -> (Keymap, Vec<String>) {
        let mut map = Keymap::default();
        let mut warnings = Vec::new();
        match toml::from_str::<KeyTable>(DEFAULTS) {
            Ok(defaults) => map.merge(&defaults, "default keymap", &mut warnings),
            Err(e) => warnings.push(format!("default keymap does not parse: {e}")),
        }
        if let Some(user) = user {
            map.merge(user, "[keys]", &mut warnings);
        }
        (map, warnings)
    }

    fn merge(&mut self, table: &KeyTable, origin: &str, warnings: &mut Vec<String>) {
        for (mode_name, entries) in table {
            let Some(mode) = Mode::from_name(mode_name) else {
                let valid: Vec<_> = Mode::ALL.iter().map(|m| m.name()).collect();
                warnings.push(format!(
                    "{origin}: unknown mode `{mode_name}`; valid modes: {}",
                    valid.join(", ")
                ));
                continue;
            };
            for (keys_text, cmd_name) in entries {
                let Some(seq) = Key::parse_seq(keys_text) else {
                    warnings.push(format!(
                        "{origin}.{mode_name}: unknown key `{keys_text}` (examples: j, G, ctrl-d, shift-tab, enter, \"g g\")"
                    ));
                    continue;
                };
                let list = self.bindings.entry(mode).or_default();
                list.retain(|(s, _)| *s != seq);
                if cmd_name == "none" || cmd_name.is_empty() {
                    continue;
                }
                match Command::from_name(cmd_name) {
                    Some(cmd) => list.push((seq, cmd)),
                    None => warnings.push(format!(
                        "{origin}.{mode_name}: `{keys_text}` is bound to unknown action `{cmd_name}`; see `gantry --help` or the help overlay for actions"
                    )),
                }
            }
        }
    }

    /// Resolves the keys typed so far in `mode`.
    pub fn lookup(&self, mode: Mode, seq: &[Key]) -> Lookup {
        let mut pending = false;
        for m in mode.chain() {
            let Some(list) = self.bindings.get(m) else {
                continue;
            };
            if let Some((_, cmd)) = list.iter().rev().find(|(s, _)| s.as_slice() == seq) {
                return Lookup::Command(*cmd);
            }
            pending |= list
                .iter()
                .any(|(s, _)| s.len() > seq.len() && s.starts_with(seq));
        }
        if pending {
            Lookup::Pending
        } else {
            Lookup::None
        }
    }

    /// The first key sequence that reaches `cmd` from `mode`, for hints in the status line.
    pub fn key_for(&self, mode: Mode, cmd: Command) -> Option<String> {
        mode.chain().iter().find_map(|m| {
            self.bindings
                .get(m)?
                .iter()
                .find(|(seq, c)| *c == cmd && self.lookup(mode, seq) == Lookup::Command(cmd))
                .map(|(seq, _)| seq_to_string(seq))
        })
    }

    /// Every binding of one mode, grouped per command (keys joined), in the commands' help order.
    pub fn help_rows(&self, mode: Mode) -> Vec<(String, Command)> {
        let Some(list) = self.bindings.get(&mode) else {
            return Vec::new();
        };
        crate::command::COMMANDS
            .iter()
            .filter_map(|(cmd, _, _)| {
                let mut keys: Vec<String> = list
                    .iter()
                    .filter(|(_, c)| c == cmd)
                    .map(|(s, _)| seq_to_string(s))
                    .collect();
                // Short keys (vim letters) before named keys (arrows).
                keys.sort_by(|a, b| (a.len(), a).cmp(&(b.len(), b)));
                (!keys.is_empty()).then(|| (keys.join(" "), *cmd))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn k(name: &str) -> Key {
        Key::parse(name).expect(name)
    }

    #[test]
    fn defaults_parse_without_warnings() {
        let (map, warnings) = Keymap::load(None);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            map.lookup(Mode::Normal, &[k("q")]),
            Lookup::Command(Command::Quit)
        );
        assert_eq!(map.lookup(Mode::Normal, &[k("g")]), Lookup::Pending);
        assert_eq!(
            map.lookup(Mode::Normal, &[k("g"), k("g")]),
            Lookup::Command(Command::Top)
        );
        assert_eq!(
            map.lookup(Mode::Normal, &[k("down")]),
            Lookup::Command(Command::Down)
        );
        assert_eq!(
            map.lookup(Mode::Normal, &[k("j")]),
            Lookup::Command(Command::Down)
        );
        assert_eq!(
            map.lookup(Mode::Logs, &[k("e")]),
            Lookup::Command(Command::NextError)
        );
        assert_eq!(
            map.lookup(Mode::Normal, &[k("e")]),
            Lookup::Command(Command::Focus(crate::command::Pane::Environments))
        );
        // Production actions are not reachable from the help overlay.
        assert_eq!(map.lookup(Mode::Help, &[k("R")]), Lookup::None);
        assert_eq!(
            map.lookup(Mode::Normal, &[k("R")]),
            Lookup::Command(Command::Rollback)
        );
    }

    #[test]
    fn user_overrides_merge_and_unbind() {
        let user: KeyTable = toml::from_str(
            r#"
            [normal]
            "ctrl-a" = "approve"
            "a" = "none"
            [global]
            "Q" = "force_quit"
            "#,
        )
        .expect("toml");
        let (map, warnings) = Keymap::load(Some(&user));
        assert!(warnings.is_empty(), "{warnings:?}");
        let ctrl_a = Key::new(KeyCode::Char('a'), KeyModifiers::CONTROL);
        assert_eq!(
            map.lookup(Mode::Normal, &[ctrl_a]),
            Lookup::Command(Command::Approve)
        );
        assert_eq!(map.lookup(Mode::Normal, &[k("a")]), Lookup::None);
        assert_eq!(
            map.lookup(Mode::Normal, &[k("Q")]),
            Lookup::Command(Command::ForceQuit)
        );
        assert_eq!(
            map.key_for(Mode::Normal, Command::Approve).as_deref(),
            Some("ctrl-a")
        );
    }

    #[test]
    fn unknown_names_warn_and_keep_the_rest() {
        let user: KeyTable = toml::from_str(
            r#"
            [normal]
            "hyper-x" = "quit"
            "z" = "launch_missiles"
            "Z" = "quit"
            [nonsense]
            "a" = "quit"
            "#,
        )
        .expect("toml");
        let (map, warnings) = Keymap::load(Some(&user));
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(warnings.iter().any(|w| w.contains("unknown key `hyper-x`")));
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("unknown action `launch_missiles`"))
        );
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("unknown mode `nonsense`") && w.contains("normal"))
        );
        assert_eq!(
            map.lookup(Mode::Normal, &[k("Z")]),
            Lookup::Command(Command::Quit)
        );
    }

    #[test]
    fn help_rows_group_keys_per_command() {
        let (map, _) = Keymap::load(None);
        let rows = map.help_rows(Mode::Global);
        let down = rows
            .iter()
            .find(|(_, c)| *c == Command::Down)
            .expect("down");
        assert_eq!(down.0, "j down");
        let top = rows.iter().find(|(_, c)| *c == Command::Top).expect("top");
        assert_eq!(top.0, "g g home");
    }
}
