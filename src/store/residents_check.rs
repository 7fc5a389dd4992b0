//! A new record checked against the residents directory before it is written, when its kind
//! asks for it (`KindRules::directory_check`: a release pass). Reads only.

use super::{Result, Store, StoreError};
use crate::domain::NewRecord;
use crate::domain::intake::Entries;
use crate::domain::residents::checked::DirectoryCheck;

impl Store {
    /// `None` when the kind is not checked against the directory; a mismatch is
    /// `StoreError::Rule` naming the field (nothing is written).
    pub fn check_against_directory(
        &self,
        new: &NewRecord,
        e: &Entries,
    ) -> Result<Option<DirectoryCheck>> {
        let Some(rule) = new.details.start().rules().directory_check() else {
            return Ok(None);
        };
        let household = match &new.room {
            Some(room) => self.household(room)?,
            None => None,
        };
        rule(new, e, household.as_ref())
            .map(Some)
            .map_err(StoreError::Rule)
    }
}
