//! `dutydesk show C-… --print`: a complaint's slip (《客户投诉处理通知单》, DOMAIN.md §2), the
//! numbered notice that follows a complaint to whoever handles it: when and how it came, the
//! complainant, room and phone, the class and who handles it, the complaint, its deadlines,
//! every report upward, the result and the callback; lines to write on where they are not
//! known yet, and for the signatures. At most 80 columns (a Chinese character counts two).

use super::print::{
    PaperCtx, WIDTH, blank, deadline_lines, fact_text, fact_texts, field, heading, or_blank, pair,
    printed_phone, signatures,
};
use crate::domain::record::{Record, Status};
use crate::domain::time::short;
use crate::domain::view::FactLabel;
use crate::i18n::Label;
use crate::i18n::paper::PaperWord as P;
use crate::i18n::print::PrintWord;

pub fn complaint_slip(r: &Record, ctx: &PaperCtx) -> Vec<String> {
    let lang = ctx.lang;
    let zone = ctx.policy.zone;
    let n = &r.new;
    let mut out = heading(
        ctx.estate,
        P::Slip.s(lang),
        None,
        &r.id.to_string(),
        PrintWord::Serial.s(lang),
    );
    if r.status == Status::Voided {
        out.push(super::print::centred(P::Voided.s(lang)));
    }
    let channel = r
        .rules()
        .channel()
        .map(|c| c.label(lang))
        .unwrap_or_default();
    out.push(pair(
        (P::Received.s(lang), &short(r.received_at, zone)),
        (P::Channel.s(lang), channel),
    ));
    let phone = n
        .phone
        .as_deref()
        .map(|p| printed_phone(p, ctx.reveal))
        .unwrap_or_default();
    out.push(pair(
        (P::Caller.s(lang), n.name.as_deref().unwrap_or("")),
        (P::Phone.s(lang), &phone),
    ));
    out.push(pair(
        (P::Room.s(lang), n.room.as_deref().unwrap_or("")),
        (P::Place.s(lang), n.location.as_deref().unwrap_or("")),
    ));
    let class = r.rules().class().map(|c| c.label(lang).to_string());
    let handler = fact_text(r, FactLabel::Handler, ctx);
    out.push(pair(
        (P::Class.s(lang), &or_blank(class, 14)),
        (P::HandledBy.s(lang), &or_blank(handler, 14)),
    ));
    field(&mut out, P::Complaint.s(lang), &n.summary);
    deadline_lines(&mut out, P::Deadlines.s(lang), r, ctx);
    let reports = fact_texts(r, FactLabel::ReportedTo, ctx);
    if reports.is_empty() {
        field(&mut out, P::ReportedTo.s(lang), "-");
    }
    for report in reports {
        field(&mut out, P::ReportedTo.s(lang), &report);
    }
    match fact_text(r, FactLabel::Result, ctx) {
        Some(result) => field(&mut out, P::Result.s(lang), &result),
        None => {
            // Two lines to write the result on.
            out.push(super::print::blank_field(P::Result.s(lang)));
            out.push(format!("{}{}", " ".repeat(14), blank(WIDTH - 14)));
        }
    }
    let callback = r.callback.as_ref().map(|cb| {
        let words = cb.words.as_deref().unwrap_or("");
        format!(
            "{} {} {} {words}",
            short(cb.at, zone),
            cb.form.label(lang),
            cb.satisfaction.label(lang)
        )
        .trim_end()
        .to_string()
    });
    match callback {
        Some(text) => field(&mut out, P::Callback.s(lang), &text),
        None => field(
            &mut out,
            P::Callback.s(lang),
            &format!(
                "{} {}   {} {}   {} {}",
                P::Date.s(lang),
                blank(12),
                P::Form.s(lang),
                blank(8),
                P::Rating.s(lang),
                blank(8)
            ),
        ),
    }
    out.push(format!(
        "{}{}",
        crate::i18n::fit(P::CallbackBy.s(lang), 14),
        blank(14)
    ));
    out.push(String::new());
    out.push(signatures(&[
        (P::HandlerSign.s(lang), 12),
        (P::ManagerSign.s(lang), 12),
        (P::Date.s(lang), 10),
    ]));
    out.push("=".repeat(WIDTH));
    out
}
