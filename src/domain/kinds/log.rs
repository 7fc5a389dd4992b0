//! Duty log entries (值班记录): what the guard saw or did, one category each.

use super::Slug;
use serde::{Deserialize, Serialize};

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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogDetails {
    pub category: LogCategory,
}

impl LogDetails {
    pub fn category_slug(&self) -> &'static str {
        self.category.slug()
    }
}
