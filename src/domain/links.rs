//! Links between records (DESIGN.md "JSON": `"links": [{"rel": R, "id": ID}]`). A repeat is
//! stored on one end only (`repeat_of`, derived: `domain::repeats`) and read from the other
//! end as its inverse (`repeated_by`, `store::links`). A follow-up is written on both ends in
//! one transaction, each in its own events: the first record's callback (or a repair call's
//! work order) names the new record (`follow_up`), the new record's `follow_up_of` event
//! names the first. A new relation is one line in `LinkRel` and one in `LinkRel::inverse`.

use super::ids::RecordId;

/// What the other record is to this one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LinkRel {
    RepeatOf,
    RepeatedBy,
    /// Opened from this one (an unsatisfied callback's follow-up, a repair call's work order).
    FollowUp,
    /// The record this one was opened from.
    FollowUpOf,
    /// A repair opened from a problem an inspection round found: the round.
    FromInspection,
    /// An inspection round: a repair opened from a problem it found.
    FoundIn,
}

impl LinkRel {
    pub const ALL: &[Self] = &[
        Self::RepeatOf,
        Self::RepeatedBy,
        Self::FollowUp,
        Self::FollowUpOf,
        Self::FromInspection,
        Self::FoundIn,
    ];

    /// The name in JSON.
    pub fn slug(self) -> &'static str {
        match self {
            Self::RepeatOf => "repeat_of",
            Self::RepeatedBy => "repeated_by",
            Self::FollowUp => "follow_up",
            Self::FollowUpOf => "follow_up_of",
            Self::FromInspection => "from_inspection",
            Self::FoundIn => "found_in",
        }
    }

    /// The same link seen from the other end.
    pub fn inverse(self) -> Self {
        match self {
            Self::RepeatOf => Self::RepeatedBy,
            Self::RepeatedBy => Self::RepeatOf,
            Self::FollowUp => Self::FollowUpOf,
            Self::FollowUpOf => Self::FollowUp,
            Self::FromInspection => Self::FoundIn,
            Self::FoundIn => Self::FromInspection,
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
