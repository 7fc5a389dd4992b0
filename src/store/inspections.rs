//! An inspection round's problem becomes a repair in one step (DOMAIN.md §1, §3): the repair
//! written from the round's item, linked both ways in the same transaction, each end in its
//! own events, as follow-ups are (`domain::links`): `found_problem` on the round names the
//! repair (`found_in`), `follow_up_of` (by `inspection`) on the repair names the round
//! (`from_inspection`).

use super::records::{Stamp, Writer};
use super::{Result, StoreError};
use crate::domain::kinds::inspection::rounds;
use crate::domain::*;
use chrono::{DateTime, Utc};

/// The repair asked for a round's problem: the item, the repair's category (its details), the
/// room if the problem is in one.
pub struct FoundRepair<'a> {
    pub item: &'a str,
    pub details: Details,
    pub room: Option<String>,
}

impl Writer<'_> {
    /// The repair of the problem found at `item` of the round `round`, received now, at the
    /// round's location; `summary` as the caller words it. Returns the round and the repair.
    pub fn repair_from_inspection(
        &mut self,
        round: RecordId,
        found: FoundRepair<'_>,
        summary: impl FnOnce(&Record) -> String,
        stamp: &Stamp<'_>,
        policy: &Policy,
    ) -> Result<(Record, Record)> {
        let record = self
            .load(round)?
            .map(|(_, r)| r)
            .ok_or(StoreError::NotFound(round))?;
        if record.kind().props().repairs_found.is_none() {
            return Err(RuleError::field(Field::Item, Problem::NotForThisKind).into());
        }
        let FoundRepair {
            item,
            details: repair,
            room,
        } = found;
        let key = item.trim().to_ascii_lowercase().replace('-', "_");
        let items = record.rules().check_items();
        if !items.iter().any(|c| c.item.key == key) {
            return Err(RuleError::field(
                Field::Item,
                Problem::NotOneOf {
                    text: key,
                    allowed: items
                        .iter()
                        .map(|c| c.item.key.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                },
            )
            .into());
        }
        // The round must take it (a problem, not yet a repair) before anything is written.
        let probe = Action::FoundProblem {
            item: key.clone(),
            repair: round,
        };
        record.apply(&probe, stamp.at, stamp.operator)?;
        let new = NewRecord {
            details: repair,
            summary: summary(&record),
            room,
            location: record.new.location.clone(),
            phone: None,
            name: None,
        };
        let created = self.add(new, stamp, policy)?;
        let of = Action::FollowUpOf {
            of: round,
            by: FollowUpBy::Inspection,
        };
        let created = self.act(created.id, of, stamp, policy)?;
        let found = Action::FoundProblem {
            item: key,
            repair: created.id,
        };
        let round = self.act(round, found, stamp, policy)?;
        Ok((round, created))
    }
}

impl super::Store {
    /// The inspection rounds received in [from, until) (voided ones too: the rule leaves them
    /// out), and those whose history cannot be read.
    pub fn rounds_between(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<super::Listed> {
        let mut q = super::ListQuery::new(now);
        q.kind = Some(rounds::KIND);
        q.since = Some(from);
        q.until = Some(until);
        q.limit = None;
        self.listed(&q)
    }

    /// The rounds still to walk today and those missed yesterday (`rounds::due`), over the
    /// estate's areas (`Policy::areas`); a round that cannot be read counts for nothing.
    pub fn rounds_due(&self, now: DateTime<Utc>, policy: &Policy) -> Result<rounds::RoundsDue> {
        let (from, until) = rounds::window(now, policy);
        let read = self.rounds_between(from, until, now)?;
        Ok(rounds::due(&read.records, now, policy, policy.areas.all()))
    }
}
