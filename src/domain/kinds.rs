//! The slugs of DESIGN.md: the same spelling in flags, JSON and config.

use serde::{Deserialize, Serialize};

/// A closed set of values with a stable slug each.
pub trait Slug: Sized + Copy + 'static {
    /// Every value, in the order shown to people.
    const ALL: &'static [Self];
    fn slug(self) -> &'static str;

    fn parse_slug(text: &str) -> Option<Self> {
        let wanted = text.trim().to_ascii_lowercase().replace('-', "_");
        Self::ALL.iter().copied().find(|v| v.slug() == wanted)
    }

    fn allowed() -> String {
        Self::ALL
            .iter()
            .map(|v| v.slug())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

macro_rules! slug_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $slug:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $slug)] $variant),+
        }
        impl Slug for $name {
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            fn slug(self) -> &'static str {
                match self { $(Self::$variant => $slug),+ }
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.slug())
            }
        }
    };
}

slug_enum!(
    /// What kind of record: the letter in front of its id.
    RecordKind {
        Log => "log",
        Call => "call",
        Repair => "repair",
        Handover => "handover",
        Incident => "incident",
        Pass => "pass",
    }
);

impl RecordKind {
    pub fn prefix(self) -> char {
        match self {
            Self::Log => 'L',
            Self::Call => 'C',
            Self::Repair => 'R',
            Self::Handover => 'H',
            Self::Incident => 'I',
            Self::Pass => 'P',
        }
    }

    pub fn from_prefix(c: char) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|k| k.prefix() == c.to_ascii_uppercase())
    }
}

slug_enum!(
    /// How a call or visit reached the desk (投诉形式).
    Channel {
        Phone => "phone",
        Visit => "visit",
        Letter => "letter",
        Fax => "fax",
        Online => "online",
    }
);

impl Channel {
    /// Letters, faxes and online messages are written complaints: they get a written reply.
    pub fn is_written(self) -> bool {
        matches!(self, Self::Letter | Self::Fax | Self::Online)
    }
}

slug_enum!(
    CallKind {
        Consultation => "consultation",
        Complaint => "complaint",
        Repair => "repair",
        Help => "help",
        Suggestion => "suggestion",
    }
);

slug_enum!(
    /// 投诉界定: who handles it and how serious it is.
    ComplaintClass {
        Minor => "minor",
        Important => "important",
        Major => "major",
    }
);

slug_enum!(
    /// The 8 urgent categories of DOMAIN.md §3, then the two ordinary ones.
    RepairCategory {
        ElevatorEntrapment => "elevator_entrapment",
        StructuralDanger => "structural_danger",
        PowerFault => "power_fault",
        WaterFault => "water_fault",
        HeatingLeak => "heating_leak",
        StairsRailing => "stairs_railing",
        FallingHazard => "falling_hazard",
        OtherDanger => "other_danger",
        General => "general",
        Paid => "paid",
    }
);

impl RepairCategory {
    pub fn is_urgent(self) -> bool {
        !matches!(self, Self::General | Self::Paid)
    }
}

slug_enum!(
    Difficulty {
        Simple => "simple",
        Difficult => "difficult",
        Major => "major",
    }
);

slug_enum!(
    LogCategory {
        Patrol => "patrol",
        Inspection => "inspection",
        KeyLocation => "key_location",
        Incident => "incident",
        Notice => "notice",
        KeysItems => "keys_items",
        Note => "note",
    }
);

slug_enum!(
    CallbackForm {
        Phone => "phone",
        Visit => "visit",
        Letter => "letter",
    }
);

slug_enum!(
    Satisfaction {
        Satisfied => "satisfied",
        Neutral => "neutral",
        Unsatisfied => "unsatisfied",
        NoAnswer => "no_answer",
    }
);
