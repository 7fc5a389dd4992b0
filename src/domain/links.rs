//! Links between records (DESIGN.md "JSON": `"links": [{"rel": R, "id": ID}]`). A link is
//! stored on one end only (today `repeat_of`, derived: `domain::repeats`) and read from the
//! other end as its inverse (`repeated_by`), so both ends show it. A new relation is one line
//! in `LinkRel` and one in `LinkRel::inverse` (and, in the store, the column that holds it).

use super::ids::RecordId;

/// What the other record is to this one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LinkRel {
    RepeatOf,
    RepeatedBy,
}

impl LinkRel {
    pub const ALL: &[Self] = &[Self::RepeatOf, Self::RepeatedBy];

    /// The name in JSON.
    pub fn slug(self) -> &'static str {
        match self {
            Self::RepeatOf => "repeat_of",
            Self::RepeatedBy => "repeated_by",
        }
    }

    /// The same link seen from the other end.
    pub fn inverse(self) -> Self {
        match self {
            Self::RepeatOf => Self::RepeatedBy,
            Self::RepeatedBy => Self::RepeatOf,
        }
    }
}

/// One link: `rel` of this record is `id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    pub rel: LinkRel,
    pub id: RecordId,
}

impl Link {
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({"rel": self.rel.slug(), "id": self.id.to_string()})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rel_has_an_inverse_that_leads_back() {
        for rel in LinkRel::ALL {
            assert_ne!(rel.inverse(), *rel);
            assert_eq!(rel.inverse().inverse(), *rel);
        }
    }
}
