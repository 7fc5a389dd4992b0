//! Handovers (交接班): the record signed at the end of a shift.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The handover at the end of `from_shift` (which started at `shift_start`) to `to_shift`
/// at `boundary`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HandoverDetails {
    pub from_shift: String,
    pub to_shift: String,
    pub shift_start: DateTime<Utc>,
    pub boundary: DateTime<Utc>,
}

impl HandoverDetails {
    pub fn category_slug(&self) -> &'static str {
        "handover"
    }
}
