//! Calls and visits (来电来访): consultations, complaints, repair requests, help, suggestions.

use super::Slug;
use serde::{Deserialize, Serialize};

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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallDetails {
    pub call_kind: CallKind,
    pub channel: Channel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<ComplaintClass>,
}

impl CallDetails {
    pub fn category_slug(&self) -> &'static str {
        self.call_kind.slug()
    }
}
