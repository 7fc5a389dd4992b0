//! `dutydesk show R-… --print`: a repair's work order (《日常报修单》, DOMAIN.md §3) as the paper
//! one is laid out: three parts, customer service (kept at the desk), engineering (with the
//! technician) and finance (with the fee), each with the serial number, the reporter, room,
//! phone, the problem, the times and deadlines, the technician, and lines to write the work
//! done, the materials, the fee and the owner's signature on. Known values are printed in
//! place of the lines. At most 80 columns (a Chinese character counts two).

use super::print::{
    PaperCtx, WIDTH, blank_field, deadline_lines, fact_text, field, heading, or_blank, pair,
    printed_phone, signatures, tear_line,
};
use crate::domain::Action;
use crate::domain::record::{Change, Event, Record, Status};
use crate::domain::time::short;
use crate::domain::view::FactLabel;
use crate::i18n::Label;
use crate::i18n::paper::PaperWord as P;
use crate::i18n::print::PrintWord;
use crate::i18n::tui::T;

/// The three parts, torn apart along the lines between them.
pub fn work_order(record: &Record, events: &[Event], ctx: &PaperCtx) -> Vec<String> {
    let mut out = Vec::new();
    for (i, part) in [P::PartService, P::PartEngineering, P::PartFinance]
        .into_iter()
        .enumerate()
    {
        if i > 0 {
            out.push(String::new());
            out.push(tear_line(ctx.lang));
            out.push(String::new());
        }
        out.extend(order_part(record, events, part, ctx));
    }
    out
}

fn order_part(r: &Record, events: &[Event], part: P, ctx: &PaperCtx) -> Vec<String> {
    let lang = ctx.lang;
    let zone = ctx.policy.zone;
    let n = &r.new;
    let when = |t: Option<chrono::DateTime<chrono::Utc>>| t.map(|t| short(t, zone));
    // When the technician was first sent, and first on site, from the timeline.
    let first = |step: fn(&Action) -> bool| {
        events
            .iter()
            .find(|e| matches!(&e.change, Change::Action(a) if step(a)))
            .map(|e| e.at)
    };
    let mut out = heading(
        ctx.estate,
        P::WorkOrder.s(lang),
        Some(part.s(lang)),
        &r.id.to_string(),
        PrintWord::Serial.s(lang),
    );
    if r.status == Status::Voided {
        out.push(super::print::centred(P::Voided.s(lang)));
    }
    let mut category = r.rules().category().label(lang).to_string();
    if r.rules().is_urgent() {
        category = format!("{category} ({})", T::Urgent.s(lang));
    }
    out.push(pair(
        (P::Received.s(lang), &short(r.received_at, zone)),
        (P::Category.s(lang), &category),
    ));
    out.push(pair(
        (P::Room.s(lang), n.room.as_deref().unwrap_or("")),
        (P::Place.s(lang), n.location.as_deref().unwrap_or("")),
    ));
    let phone = n
        .phone
        .as_deref()
        .map(|p| printed_phone(p, ctx.reveal))
        .unwrap_or_default();
    out.push(pair(
        (P::Reporter.s(lang), n.name.as_deref().unwrap_or("")),
        (P::Phone.s(lang), &phone),
    ));
    field(&mut out, P::Problem.s(lang), &n.summary);
    let appointment = fact_text(r, FactLabel::Appointment, ctx).unwrap_or_default();
    out.push(pair(
        (P::Appointment.s(lang), &appointment),
        (
            P::Technician.s(lang),
            &or_blank(r.rules().assignee().map(str::to_string), 14),
        ),
    ));
    out.push(pair(
        (
            P::Dispatched.s(lang),
            &or_blank(when(first(|a| matches!(a, Action::Dispatch { .. }))), 16),
        ),
        (
            P::OnSite.s(lang),
            &or_blank(when(first(|a| matches!(a, Action::Arrive))), 16),
        ),
    ));
    deadline_lines(&mut out, P::Deadlines.s(lang), r, ctx);
    out.push(pair(
        (P::Finished.s(lang), &or_blank(when(r.resolved_at), 16)),
        (
            P::Fee.s(lang),
            &or_blank(r.rules().fee().map(str::to_string), 12),
        ),
    ));
    for (label, fact) in [
        (P::WorkDone, FactLabel::WorkDone),
        (P::Materials, FactLabel::Materials),
    ] {
        match fact_text(r, fact, ctx) {
            Some(text) => field(&mut out, label.s(lang), &text),
            None => out.push(blank_field(label.s(lang))),
        }
    }
    let rating = fact_text(r, FactLabel::Rating, ctx).unwrap_or_else(|| {
        [P::Satisfied, P::Neutral, P::Unsatisfied]
            .iter()
            .map(|w| format!("□ {}", w.s(lang)))
            .collect::<Vec<_>>()
            .join("   ")
    });
    field(&mut out, P::Rating.s(lang), &rating);
    out.push(String::new());
    let last = match part {
        P::PartFinance => (P::Cashier.s(lang), 10),
        _ => (P::Handler.s(lang), 10),
    };
    out.push(signatures(&[
        (P::OwnerSign.s(lang), 14),
        (P::Date.s(lang), 10),
        last,
    ]));
    out.push("=".repeat(WIDTH));
    debug_assert!(out.iter().all(|l| !l.contains('\n')));
    out
}
