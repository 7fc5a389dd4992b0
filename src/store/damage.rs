//! A record whose history this program cannot read (damage, a bug, a newer version's event):
//! it is named, in its place, and never hides the records around it.

use crate::domain::Record;

pub use crate::domain::refusal::Damage;

/// A record that could not be read: its id as stored (sanitise before showing) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damaged {
    pub id: String,
    pub reason: Damage,
}

impl std::fmt::Display for Damaged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::i18n::refusals::damaged(
            crate::i18n::Lang::En,
            &self.id,
            &self.reason,
        ))
    }
}

/// One row of a list: a record, or one that could not be read, in its place. (Nearly every
/// row is a record: boxing it would cost an allocation per row for the rare damaged one.)
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)]
pub enum Entry {
    Record(Record),
    Damaged(Damaged),
}

impl Entry {
    pub fn record(&self) -> Option<&Record> {
        match self {
            Self::Record(r) => Some(r),
            Self::Damaged(_) => None,
        }
    }

    pub fn damaged(&self) -> Option<&Damaged> {
        match self {
            Self::Record(_) => None,
            Self::Damaged(d) => Some(d),
        }
    }

    /// The id as stored, whether or not the record could be read.
    pub fn id_text(&self) -> String {
        match self {
            Self::Record(r) => r.id.to_string(),
            Self::Damaged(d) => d.id.clone(),
        }
    }
}

/// What a list found: the records that could be read, and the ones that could not.
#[derive(Debug, Clone, Default)]
pub struct Listed {
    pub records: Vec<Record>,
    pub damaged: Vec<Damaged>,
}

impl Listed {
    /// The damaged ids, comma-separated (sanitised), for one line on stderr.
    pub fn damaged_ids(&self) -> String {
        ids_of(&self.damaged)
    }
}

/// Damaged records' ids, comma-separated and sanitised.
pub fn ids_of(damaged: &[Damaged]) -> String {
    damaged
        .iter()
        .map(|d| crate::domain::text::sanitize_line(&d.id).into_owned())
        .collect::<Vec<_>>()
        .join(", ")
}
