//! A report's figures as (title, value) rows in the operator's language: one wording for
//! `dutydesk report` (`Detail::Full`) and the desk's reviews view (`Detail::Compact`, fewer and
//! shorter rows for a column beside the charts).

use super::Lang;
use super::report::ReportWord as W;
use crate::domain::choice::ChoiceSet;
use crate::domain::kinds::{
    CALL_KINDS, CHANNELS, CLASSES, LOG_CATEGORIES, REPAIR_CATEGORIES, SATISFACTION,
};
use crate::domain::report::{Report, SIGNED_VISIT_TARGET};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    Full,
    Compact,
}

pub type Row = (&'static str, String);

/// A count by slug of the values of `set`, in words: "consultation 3, complaint 1", or "-".
pub fn counts(lang: Lang, set: &ChoiceSet, map: &BTreeMap<String, usize>) -> String {
    if map.is_empty() {
        return "-".to_string();
    }
    let word = |slug: &str| match set.parse(slug) {
        Some(i) => set.label(i, lang).to_string(),
        // Complaints not yet classified are counted under this key (`Report`).
        None if slug == "unclassified" => W::Unclassified.s(lang).to_string(),
        None => slug.to_string(),
    };
    map.iter()
        .map(|(k, n)| format!("{} {n}", word(k)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn percent(x: Option<f64>) -> String {
    x.map_or_else(|| "-".into(), |x| format!("{x}%"))
}

/// Records, then what they were: the duty log, calls, complaints and repairs.
pub fn totals(r: &Report, lang: Lang, detail: Detail) -> Vec<Row> {
    let full = detail == Detail::Full;
    let mut rows = vec![(
        W::Records.s(lang),
        format!(
            "{} ({} {}, {} {})",
            r.records,
            W::Voided.s(lang),
            r.voided,
            W::Repeats.s(lang),
            r.repeats
        ),
    )];
    if full {
        rows.push((
            W::DutyLog.s(lang),
            counts(lang, &LOG_CATEGORIES, &r.log_by_category),
        ));
    }
    rows.push((
        W::CallsByKind.s(lang),
        counts(lang, &CALL_KINDS, &r.calls_by_kind),
    ));
    if full {
        rows.push((
            W::CallsByChannel.s(lang),
            counts(lang, &CHANNELS, &r.calls_by_channel),
        ));
    }
    rows.push((
        W::ComplaintsByClass.s(lang),
        counts(lang, &CLASSES, &r.complaints_by_class),
    ));
    rows.push((
        W::Repairs.s(lang),
        format!(
            "{} ({} {})",
            counts(lang, &REPAIR_CATEGORIES, &r.repairs_by_category),
            W::Urgent.s(lang),
            r.urgent_repairs
        ),
    ));
    rows
}

/// The callback rates against their targets (in full: what is still owed, the visits on site,
/// the signed visits and the quality callbacks).
pub fn callbacks(r: &Report, lang: Lang, detail: Detail) -> Vec<Row> {
    let full = detail == Detail::Full;
    let mut rows = Vec::new();
    for (title, c) in [
        (W::ComplaintCallbacks.s(lang), &r.complaint_callbacks),
        (W::RepairCallbacks.s(lang), &r.repair_callbacks),
    ] {
        let mut value = format!(
            "{}/{} = {} ({} {}%",
            c.called_back,
            c.resolved,
            percent(c.rate),
            W::Target.s(lang),
            c.target
        );
        if full {
            value += &format!(
                "; {} {}; {} {}",
                W::Owed.s(lang),
                c.owed,
                W::OnSite.s(lang),
                c.on_site
            );
        }
        value.push(')');
        rows.push((title, value));
    }
    if full {
        let c = &r.complaint_callbacks;
        rows.push((
            W::SignedVisits.s(lang),
            format!(
                "{}/{} = {} ({} {}%)",
                c.signed_visits,
                c.called_back,
                percent(c.signed_visit_rate),
                W::Target.s(lang),
                SIGNED_VISIT_TARGET
            ),
        ));
        rows.push((W::QualityCallbacks.s(lang), r.quality_callbacks.to_string()));
    }
    rows
}

/// Satisfaction, and the shift changes with the handovers signed late or not at all.
pub fn shifts(r: &Report, lang: Lang, detail: Detail) -> Vec<Row> {
    let h = &r.handovers;
    let mut signed = Vec::new();
    if detail == Detail::Full {
        signed.push(format!("{} {}", W::SignedOnTime.s(lang), h.signed_on_time));
    }
    signed.push(format!("{} {}", W::SignedLate.s(lang), h.signed_late));
    signed.push(format!("{} {}", W::NotSigned.s(lang), h.not_signed));
    vec![
        (
            W::Satisfaction.s(lang),
            counts(lang, &SATISFACTION, &r.satisfaction),
        ),
        (
            W::ShiftChanges.s(lang),
            format!("{} ({})", h.shift_changes, signed.join(", ")),
        ),
    ]
}
