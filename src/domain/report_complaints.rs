//! Complaint analysis for a week, a quarter or a year (DOMAIN.md §2 "every complaint is
//! counted", §8): the recurring problems first, then complaints by class and by building, how
//! fast they were first answered and resolved, the share on time, repeats. Pure.
//!
//! - **Building**: the first part of the room (`3-2-1201` → `3`); a complaint without a room
//!   (a public place) counts under `none`.
//! - **Recurring problem**: a record and the records that repeat it (`repeat_of`, decided by
//!   `domain::repeats`: the same place and the same problem), complaints and repairs received in
//!   the period; the earlier record they repeat counts too when it came before the period.
//!   Listed when it happened at least twice, most often first.
//! - **Times** in whole minutes from receipt: the first reply (a reply or the resolution), the
//!   resolution; median (the lower middle one of an even count) and worst, of those done.
//!   `on_time_rate`: percent of the deadline's settled or overdue cases met in time.

use super::deadline::{DeadlineName, DeadlineState, deadlines};
use super::kinds::Slug;
use super::record::Record;
use super::report::bump;
use super::rules::Policy;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Times {
    /// How many were done (replied, resolved).
    pub done: usize,
    pub median_minutes: Option<i64>,
    pub worst_minutes: Option<i64>,
    /// Met / (met + missed + still overdue), percent; None when there is none.
    pub on_time_rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recurring {
    /// The first record of the problem (what the others repeat).
    pub first: String,
    pub kind: String,
    pub category: String,
    /// The room, or the public location.
    pub place: String,
    pub count: usize,
    /// Every record of it seen, oldest id first.
    pub ids: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ComplaintAnalysis {
    pub recurring: Vec<Recurring>,
    pub complaints: usize,
    pub by_class: BTreeMap<String, usize>,
    pub by_building: BTreeMap<String, usize>,
    pub first_reply: Times,
    pub resolution: Times,
    /// Complaints that repeat an earlier one.
    pub repeats: usize,
}

/// The building of a room (`3-2-1201` → `3`), `none` without a room.
pub fn building(room: Option<&str>) -> String {
    match room.and_then(|r| r.split('-').next()).map(str::trim) {
        Some(b) if !b.is_empty() => b.to_string(),
        _ => "none".to_string(),
    }
}

fn times(mut minutes: Vec<i64>, kept: [usize; 2]) -> Times {
    minutes.sort_unstable();
    let [met, late] = kept;
    Times {
        done: minutes.len(),
        median_minutes: (!minutes.is_empty()).then(|| minutes[(minutes.len() - 1) / 2]),
        worst_minutes: minutes.last().copied(),
        on_time_rate: (met + late > 0)
            .then(|| (met as f64 * 1000.0 / (met + late) as f64).round() / 10.0),
    }
}

fn keep(kept: &mut [usize; 2], state: DeadlineState) {
    match state {
        DeadlineState::Met => kept[0] += 1,
        DeadlineState::Missed | DeadlineState::Overdue => kept[1] += 1,
        _ => {}
    }
}

/// `received`: the records received in the period (any kind; voided ones are left out).
pub fn analyse(received: &[Record], policy: &Policy, now: DateTime<Utc>) -> ComplaintAnalysis {
    let live: Vec<&Record> = received.iter().filter(|r| !r.is_voided()).collect();
    let mut a = ComplaintAnalysis::default();
    let (mut first_reply, mut resolution) = (Vec::new(), Vec::new());
    let (mut first_kept, mut reply_kept) = ([0usize; 2], [0usize; 2]);
    for r in live.iter().filter(|r| r.is_complaint()) {
        a.complaints += 1;
        bump(
            &mut a.by_class,
            r.class().map_or("unclassified", |c| c.slug()),
        );
        bump(&mut a.by_building, &building(r.new.room.as_deref()));
        if r.repeat_of.is_some() {
            a.repeats += 1;
        }
        for d in deadlines(r, policy) {
            match d.name {
                DeadlineName::FirstReply => {
                    keep(&mut first_kept, d.state(now));
                    if let Some(at) = d.done_at {
                        first_reply.push((at - r.received_at).num_minutes());
                    }
                }
                DeadlineName::Reply => keep(&mut reply_kept, d.state(now)),
                _ => {}
            }
        }
        if let Some(at) = r.resolved_at {
            resolution.push((at - r.received_at).num_minutes());
        }
    }
    a.first_reply = times(first_reply, first_kept);
    a.resolution = times(resolution, reply_kept);
    a.recurring = recurring(&live);
    a
}

/// Chains of repeats among complaints and repairs, at least two records, most often first.
fn recurring(live: &[&Record]) -> Vec<Recurring> {
    use super::repeats::RepeatBy;
    // The kinds and categories the repeat rule covers (`KindDetails::repeat_by`), not a list.
    let repeats =
        |r: &&&Record| r.kind().repeat_by(r.new.details.category_slug()) != RepeatBy::Never;
    let by_id: BTreeMap<String, &Record> = live
        .iter()
        .filter(repeats)
        .map(|r| (r.id.to_string(), *r))
        .collect();
    let root = |mut id: String| {
        // Follow `repeat_of` while it stays in the period; the chain is finite (ids are older).
        for _ in 0..by_id.len() + 1 {
            match by_id.get(&id).and_then(|r| r.repeat_of) {
                Some(earlier) => id = earlier.to_string(),
                None => break,
            }
        }
        id
    };
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for id in by_id.keys() {
        let first = root(id.clone());
        let ids = groups.entry(first.clone()).or_default();
        if !by_id.contains_key(&first) && ids.is_empty() {
            ids.push(first.clone());
        }
        ids.push(id.clone());
    }
    let mut out: Vec<Recurring> = groups
        .into_iter()
        .filter(|(_, ids)| ids.len() >= 2)
        .map(|(first, mut ids)| {
            ids.sort();
            ids.dedup();
            // The place and problem of the newest record seen (the first may be out of the period).
            let r = by_id[ids
                .iter()
                .rev()
                .find(|i| by_id.contains_key(*i))
                .expect("one in the period")];
            Recurring {
                first,
                kind: r.kind().slug().to_string(),
                category: r.new.details.category_slug().to_string(),
                place: r
                    .new
                    .room
                    .clone()
                    .or_else(|| r.new.location.clone())
                    .unwrap_or_default(),
                count: ids.len(),
                ids,
            }
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.first.cmp(&b.first)));
    out
}
