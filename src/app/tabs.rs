//! The desk's tabs: one per kind that has a tab (in the registry's order), the handover among
//! them where it stood before passes came (`ALL`).

use crate::domain::{RecordKind, Slug};
use crate::i18n::Lang;
use crate::i18n::kinds::{tab_key_help, tab_title};
use crate::i18n::tui::T;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    /// The records of one kind (a kind whose registry entry has a tab).
    Kind(RecordKind),
    /// The shift view (交接班, `--tab handover`): the coming handover and everything open that
    /// it hands over. Not the list of handover records: those are `show`n and `handover list`ed.
    Shift,
}

/// The kinds' tabs in the registry's order, the handover after those listed before it (log,
/// calls, repairs: the handover keeps its key 4), then the kinds after it (passes: 5).
static ALL: LazyLock<Vec<Tab>> = LazyLock::new(|| {
    let with_tab = |k: &&RecordKind| k.tab().is_some();
    let handover = RecordKind::ALL
        .iter()
        .position(|k| k.props().shift_handover)
        .unwrap_or(RecordKind::ALL.len());
    let (before, after) = RecordKind::ALL.split_at(handover);
    let before = before.iter().filter(with_tab).map(|k| Tab::Kind(*k));
    let after = after.iter().filter(with_tab).map(|k| Tab::Kind(*k));
    before.chain([Tab::Shift]).chain(after).collect()
});

impl Tab {
    /// Every tab, in the order of the tab bar and of the number keys.
    pub fn all() -> &'static [Tab] {
        &ALL
    }

    /// The tab's place in `all()`. Panics on a kind that has no tab.
    pub fn index(self) -> usize {
        let all = Self::all();
        all.iter()
            .position(|t| *t == self)
            .unwrap_or_else(|| panic!("{self:?} is not a tab"))
    }

    pub fn from_index(i: usize) -> Tab {
        let all = Self::all();
        all[i % all.len()]
    }

    pub fn next(self) -> Tab {
        Self::from_index(self.index() + 1)
    }

    pub fn prev(self) -> Tab {
        Self::from_index(self.index() + Self::all().len() - 1)
    }

    /// The record kind a tab lists (the handover tab lists every kind).
    pub fn kind(self) -> Option<RecordKind> {
        match self {
            Tab::Kind(kind) => Some(kind),
            Tab::Shift => None,
        }
    }

    /// The tab that lists a kind's records, if it has one.
    pub fn of_kind(kind: RecordKind) -> Option<Tab> {
        kind.tab().map(|_| Tab::Kind(kind))
    }

    /// The name `snapshot --tab` takes.
    pub fn name(self) -> &'static str {
        match self {
            Tab::Kind(kind) => kind.tab().map_or(kind.slug(), |t| t.name),
            Tab::Shift => "handover",
        }
    }

    /// Other names `snapshot --tab` takes for it.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Tab::Kind(kind) => kind.tab().map_or(&[], |t| t.aliases),
            Tab::Shift => &[],
        }
    }

    /// The title in the tab bar.
    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            Tab::Kind(kind) => tab_title(kind, lang),
            Tab::Shift => T::TabHandover.s(lang),
        }
    }

    /// The help line of the number key that opens it.
    pub fn key_help(self, lang: Lang) -> &'static str {
        match self {
            Tab::Kind(kind) => tab_key_help(kind, lang),
            Tab::Shift => T::HelpTabHandover.s(lang),
        }
    }

    /// A tab's name or alias (`log`, `calls`, `repairs`, `handover`, `logs`, `duty`, `call`,
    /// `repair`), or its number `1`..N.
    pub fn parse(text: &str) -> Option<Tab> {
        let text = text.trim().to_ascii_lowercase();
        let all = Self::all().iter().enumerate();
        all.map(|(i, t)| (i, *t)).find_map(|(i, t)| {
            let named = t.name() == text || t.aliases().contains(&text.as_str());
            (named || (i + 1).to_string() == text).then_some(t)
        })
    }

    /// `log, calls, repairs, handover`: every tab's name, for messages.
    pub fn names() -> String {
        let names: Vec<&str> = Self::all().iter().map(|t| t.name()).collect();
        names.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tab_parses_by_name_and_number_and_has_its_place() {
        for (i, tab) in Tab::all().iter().enumerate() {
            assert_eq!(tab.index(), i);
            assert_eq!(Tab::parse(tab.name()), Some(*tab));
            assert_eq!(Tab::parse(&(i + 1).to_string()), Some(*tab));
            for alias in tab.aliases() {
                assert_eq!(Tab::parse(alias), Some(*tab), "{alias}");
            }
        }
        assert_eq!(Tab::parse("0"), None);
        assert_eq!(Tab::parse(&(Tab::all().len() + 1).to_string()), None);
        assert_eq!(Tab::parse("+1"), None);
        assert_eq!(Tab::parse("01"), None);
    }
}
