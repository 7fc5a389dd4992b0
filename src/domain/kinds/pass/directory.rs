//! A pass checked against the residents directory (DOMAIN.md §6, issue 15 §5): when the room
//! has a household, the owner named must be the owner on file, and the ID number the caller
//! states (`--caller-id`, whole or its last 4 to 6 characters) the one on file; by phone it
//! must be stated when one is on file. Family members and employer are shown to the operator
//! to tick against (the desk's form); the ticks stay the operator's.

use super::{PassDetails, VerifiedBy};
use crate::domain::error::{Field, Problem, RuleError};
use crate::domain::intake::Entries;
use crate::domain::kinds::Details;
use crate::domain::record::NewRecord;
use crate::domain::residents::Household;
use crate::domain::residents::checked::{DirectoryCheck, OnFile, caller_id, id_matches, same_name};

/// The pass in `new` (with the entries it was made from) against the room's household, if
/// the directory has one. A mismatch is refused naming its field; the ID number on file is
/// never part of what is said.
pub fn against_directory(
    new: &NewRecord,
    e: &Entries,
    h: Option<&Household>,
) -> Result<DirectoryCheck, RuleError> {
    let Details::Pass(d) = &new.details else {
        return Ok(DirectoryCheck::NotInDirectory { room: None });
    };
    let stated = match e.get(Field::CallerId).map(str::trim) {
        Some(t) if !t.is_empty() => {
            Some(caller_id(t).map_err(|p| RuleError::field(Field::CallerId, p))?)
        }
        _ => None,
    };
    let Some(h) = h else {
        return Ok(DirectoryCheck::NotInDirectory {
            room: new.room.clone(),
        });
    };
    let room = h.room.clone();
    let mut matched = Vec::new();
    let mut not_on_file = Vec::new();
    match (&h.owner, &new.name) {
        (Some(on_file), Some(name)) if !same_name(on_file, name) => {
            return Err(RuleError::field(
                Field::Owner,
                Problem::NotOwnerOnFile {
                    room,
                    on_file: on_file.clone(),
                },
            ));
        }
        (Some(_), _) => matched.push(OnFile::Owner),
        (None, _) => not_on_file.push(OnFile::Owner),
    }
    match (&h.id_number, stated) {
        (Some(on_file), Some(stated)) => {
            if !id_matches(on_file, &stated) {
                return Err(RuleError::field(
                    Field::CallerId,
                    Problem::NotIdOnFile { room },
                ));
            }
            matched.push(OnFile::IdNumber);
        }
        (Some(_), None) if by_phone(d) => {
            return Err(RuleError::field(
                Field::CallerId,
                Problem::CallerIdNeeded { room },
            ));
        }
        (Some(_), None) => {}
        (None, _) => not_on_file.push(OnFile::IdNumber),
    }
    Ok(DirectoryCheck::Checked {
        room,
        matched,
        not_on_file,
    })
}

fn by_phone(d: &PassDetails) -> bool {
    d.verified_by == VerifiedBy::Phone
}
