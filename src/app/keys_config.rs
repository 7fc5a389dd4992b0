//! `[keys]` in the config: a key of one's own for an action (`sign = "Ctrl-S"`), because GNOME
//! Terminal and Windows Terminal take F1, F10 and F11 for themselves. The keymap stays one
//! table: the configured key is put first in the action's bindings (so the hints and the help
//! show it) and taken away from any other binding of the same mode.

use super::actions::ActKind;
use super::keymap::{Binding, Cmd, Keymap, built_in};
use super::keys::{Key, KeyCode};
use crate::config::{SettingError, SettingProblem};
use std::collections::BTreeMap;

/// The actions a key can be set for, by the name `[keys]` gives them, in the keymap's words.
pub fn actions() -> Vec<(String, Cmd)> {
    let fixed: [(&str, Cmd); 22] = [
        ("new", Cmd::New),
        ("incident", Cmd::NewIncident),
        ("inspection", Cmd::NewInspection),
        ("work-order", Cmd::WorkOrder),
        ("round-repair", Cmd::FoundRepair),
        ("sign", Cmd::SignHandover),
        ("refuse", Cmd::RefuseHandover),
        ("notes", Cmd::ReadHandover),
        ("handover", Cmd::ShowCompiled),
        ("filter", Cmd::Filter),
        ("search", Cmd::Search),
        ("steps", Cmd::Actions),
        ("callbacks", Cmd::CallbacksDue),
        ("zoom", Cmd::Zoom),
        ("help", Cmd::Help),
        ("quit", Cmd::Quit),
        ("redraw", Cmd::Redraw),
        ("save", Cmd::Save),
        ("lookup-fill", Cmd::LookupFill),
        ("reviews", Cmd::Reviews),
        ("yearly-callbacks", Cmd::Yearly),
        ("yearly-called", Cmd::YearlyCalled),
    ];
    let steps = ActKind::ALL
        .iter()
        .map(|act| (kebab(&format!("{act:?}")), Cmd::Act(*act)));
    fixed
        .iter()
        .map(|(n, c)| (n.to_string(), *c))
        .chain(steps)
        .collect()
}

/// `ReplyWritten` → `reply-written`.
fn kebab(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('-');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// `F2`, `Ctrl-S` (also `C-s`, `^S`), `Alt-x` (`M-x`), or one character.
pub fn parse_key(text: &str) -> Option<Key> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    let one = |rest: &str| {
        let mut chars = rest.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            _ => None,
        }
    };
    if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
        return (1..=12).contains(&n).then_some(Key::f(n));
    }
    for prefix in ["ctrl-", "ctrl+", "c-", "^"] {
        if let Some(rest) = lower.strip_prefix(prefix) {
            return one(rest)
                .filter(char::is_ascii_lowercase)
                // ^H, ^I, ^J, ^M are Backspace, Tab and Enter on a terminal; ^Z suspends.
                .filter(|c| !matches!(c, 'h' | 'i' | 'j' | 'm' | 'z'))
                .map(Key::ctrl);
        }
    }
    for prefix in ["alt-", "alt+", "m-"] {
        if lower.starts_with(prefix) {
            let rest = &t[prefix.len()..];
            one(rest)?;
            return Some(Key {
                code: KeyCode::Char(rest.chars().next()?),
                ctrl: false,
                alt: true,
            });
        }
    }
    let mut chars = t.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_control() && !c.is_whitespace() => Some(Key::ch(c)),
        _ => None,
    }
}

/// The `[keys]` table checked: every name an action, every value a key, no key twice, and
/// no plain character for a form's step (it would be typed, not run).
pub fn check(keys: &BTreeMap<String, String>) -> Result<Vec<(Cmd, Key)>, SettingError> {
    let known = actions();
    let mut out: Vec<(Cmd, Key)> = Vec::new();
    for (name, text) in keys {
        let place = || format!("keys.{name}");
        let Some((_, cmd)) = known.iter().find(|(n, _)| n == name) else {
            return Err(SettingError {
                key: place(),
                problem: SettingProblem::UnknownAction(name.clone()),
            });
        };
        // Keys of a view or form that is typed into: a character would be typed, not run.
        let typed = matches!(cmd, Cmd::Save | Cmd::LookupFill | Cmd::YearlyCalled);
        let key = parse_key(text)
            .filter(|k| !(typed && k.text().is_some()))
            .ok_or_else(|| SettingError {
                key: place(),
                problem: SettingProblem::NotAKeyName(text.clone()),
            })?;
        if out.iter().any(|(_, k)| *k == key) {
            return Err(SettingError {
                key: place(),
                problem: SettingProblem::KeyTwice(text.clone()),
            });
        }
        out.push((*cmd, key));
    }
    Ok(out)
}

/// The keymap with the config's keys put in (the built-in one when there are none). The
/// config was checked when it was read; an entry that does not check is left out here.
pub fn configured(keys: &BTreeMap<String, String>) -> Keymap {
    let set = check(keys).unwrap_or_default();
    if set.is_empty() {
        return built_in();
    }
    let table: Vec<Binding> = built_in()
        .iter()
        .filter_map(|b| {
            let own = set.iter().find(|(cmd, _)| *cmd == b.cmd).map(|(_, k)| *k);
            // A configured key of this mode runs its action only.
            let taken = |k: &Key| {
                set.iter().any(|(cmd, key)| {
                    key == k
                        && *cmd != b.cmd
                        && built_in().iter().any(|o| o.cmd == *cmd && o.mode == b.mode)
                })
            };
            let keys: Vec<Key> = own
                .into_iter()
                .chain(
                    b.keys
                        .iter()
                        .copied()
                        .filter(|k| Some(*k) != own && !taken(k)),
                )
                .collect();
            if keys.is_empty() {
                return None;
            }
            let keys: &'static [Key] = Box::leak(keys.into_boxed_slice());
            Some(Binding { keys, ..b.clone() })
        })
        .collect();
    Box::leak(table.into_boxed_slice())
}

/// Each action and the keys it has in `map`, for `dutydesk config`: `sign = "S F11"`.
pub fn in_use(map: Keymap) -> Vec<(String, String)> {
    actions()
        .into_iter()
        .filter_map(|(name, cmd)| {
            let mut keys: Vec<String> = Vec::new();
            for b in map.iter().filter(|b| b.cmd == cmd) {
                for k in b.keys {
                    let n = k.name();
                    if !keys.contains(&n) {
                        keys.push(n);
                    }
                }
            }
            (!keys.is_empty()).then(|| (name, keys.join(" ")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::Mode;

    fn set(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn key_names_parse() {
        assert_eq!(parse_key("F2"), Some(Key::f(2)));
        assert_eq!(parse_key("ctrl-s"), Some(Key::ctrl('s')));
        assert_eq!(parse_key("Ctrl+S"), Some(Key::ctrl('s')));
        assert_eq!(parse_key("^G"), Some(Key::ctrl('g')));
        assert_eq!(parse_key("x"), Some(Key::ch('x')));
        for bad in [
            "F13", "F0", "Ctrl-", "Ctrl-M", "Hyper-x", "", "ab", "Ctrl-Z",
        ] {
            assert_eq!(parse_key(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_bad_key_or_an_unknown_action_names_the_key() {
        let e = check(&set(&[("sign", "Ctrl-")])).unwrap_err();
        assert_eq!(e.key, "keys.sign");
        let e = check(&set(&[("sing", "Ctrl-S")])).unwrap_err();
        assert_eq!(e.key, "keys.sing");
        assert_eq!(e.problem, SettingProblem::UnknownAction("sing".into()));
        let e = check(&set(&[("save", "s")])).unwrap_err();
        assert_eq!(e.key, "keys.save");
        let e = check(&set(&[("sign", "^S"), ("save", "Ctrl-S")])).unwrap_err();
        assert!(e.key == "keys.sign" || e.key == "keys.save");
    }

    #[test]
    fn a_configured_key_leads_its_binding_and_leaves_the_others() {
        // Ctrl-R was the notes' and resume's: set for sign, it is sign's alone.
        let map = configured(&set(&[("sign", "Ctrl-R"), ("quit", "F9")]));
        let sign = map.iter().find(|b| b.cmd == Cmd::SignHandover).unwrap();
        assert_eq!(sign.keys[0], Key::ctrl('r'));
        assert!(sign.keys.contains(&Key::f(11)));
        for b in map
            .iter()
            .filter(|b| b.mode == Mode::List && b.cmd != Cmd::SignHandover)
        {
            assert!(!b.keys.contains(&Key::ctrl('r')), "{:?}", b.cmd);
        }
        // Quit's F9 in every mode that has quit; the note keeps `m`.
        for b in map.iter().filter(|b| b.cmd == Cmd::Quit) {
            assert_eq!(b.keys[0], Key::f(9), "{:?}", b.mode);
        }
        let note = map
            .iter()
            .find(|b| b.cmd == Cmd::Act(ActKind::Note))
            .unwrap();
        assert_eq!(note.keys, &[Key::ch('m')]);
        // One table: as many bindings as before (none lost its last key here).
        assert_eq!(map.len(), built_in().len());
    }

    #[test]
    fn every_action_name_is_spelled_once() {
        let names = actions();
        for (i, (a, _)) in names.iter().enumerate() {
            assert!(!names[i + 1..].iter().any(|(b, _)| a == b), "{a} twice");
        }
        assert!(names.iter().any(|(n, _)| n == "reply-written"));
    }
}
