//! The desk's four tabs.

use crate::domain::RecordKind;
use crate::i18n::tui::T;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    Log,
    Calls,
    Repairs,
    Handover,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Log, Tab::Calls, Tab::Repairs, Tab::Handover];

    pub fn index(self) -> usize {
        match self {
            Tab::Log => 0,
            Tab::Calls => 1,
            Tab::Repairs => 2,
            Tab::Handover => 3,
        }
    }

    pub fn from_index(i: usize) -> Tab {
        Self::ALL[i % Self::ALL.len()]
    }

    pub fn next(self) -> Tab {
        Self::from_index(self.index() + 1)
    }

    pub fn prev(self) -> Tab {
        Self::from_index(self.index() + Self::ALL.len() - 1)
    }

    /// The record kind a tab lists (the handover tab lists every kind).
    pub fn kind(self) -> Option<RecordKind> {
        match self {
            Tab::Log => Some(RecordKind::Log),
            Tab::Calls => Some(RecordKind::Call),
            Tab::Repairs => Some(RecordKind::Repair),
            Tab::Handover => None,
        }
    }

    pub fn of_kind(kind: RecordKind) -> Option<Tab> {
        Self::ALL.into_iter().find(|t| t.kind() == Some(kind))
    }

    pub fn title(self) -> T {
        match self {
            Tab::Log => T::TabLog,
            Tab::Calls => T::TabCalls,
            Tab::Repairs => T::TabRepairs,
            Tab::Handover => T::TabHandover,
        }
    }

    /// `log`, `calls`, `repairs`, `handover` (singular forms too) or `1`–`4`.
    pub fn parse(text: &str) -> Option<Tab> {
        match text.trim().to_ascii_lowercase().as_str() {
            "1" | "log" | "logs" | "duty" => Some(Tab::Log),
            "2" | "call" | "calls" => Some(Tab::Calls),
            "3" | "repair" | "repairs" => Some(Tab::Repairs),
            "4" | "handover" => Some(Tab::Handover),
            _ => None,
        }
    }
}
