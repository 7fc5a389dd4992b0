//! `dutydesk show P-… --print`: an item release pass on paper, for an 80-column printer. Two
//! parts, the stub (kept) and the notice (to the gate), the serial number on both, blanks for
//! the signatures and the stamp. Plain text; widths counted in terminal columns (a Chinese
//! character is two), so the lines stay within 80 whatever the language. The mover's ID number
//! is masked on the notice, and on the stub unless the operator can write.

use super::CliError;
use crate::desk::Desk;
use crate::domain::record::{Record, Status};
use crate::domain::text::sanitize_line;
use crate::domain::time::short;
use crate::domain::view::{FactLabel, ShowFacts};
use crate::i18n::print::PrintWord as P;
use crate::i18n::tui::T;
use crate::i18n::{Label, Lang, fit};
use crate::store::Store;
use unicode_width::UnicodeWidthStr;

/// The printer's width.
pub const WIDTH: usize = 80;
/// A label's column.
const LABEL: usize = 14;

/// The printed pass, lines of at most `WIDTH` columns: what the pass's facts say (as `show`
/// says them), the mover's ID number whole on the stub when `ctx.reveal`.
pub(crate) fn pass_form(record: &Record, ctx: &PaperCtx) -> Vec<String> {
    let rules = record.rules();
    let stub = if ctx.reveal {
        rules.show_facts_revealed()
    } else {
        rules.show_facts()
    };
    let mut out = part(record, &stub, P::Stub, ctx);
    out.push(String::new());
    out.push(tear_line(ctx.lang));
    out.push(String::new());
    out.extend(part(record, &rules.show_facts(), P::Notice, ctx));
    out
}

pub(crate) fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// `left` and `right` on one line, `right` (the serial number) whole against the right
/// margin, `left` cut to what is left.
pub(crate) fn spread(left: &str, right: &str) -> String {
    let room = WIDTH.saturating_sub(width(right) + 1);
    let left = fit(left, room.min(width(left)));
    let gap = WIDTH.saturating_sub(width(&left) + width(right)).max(1);
    format!("{left}{}{right}", " ".repeat(gap))
}

pub(crate) fn centred(text: &str) -> String {
    let pad = WIDTH.saturating_sub(width(text)) / 2;
    format!("{}{text}", " ".repeat(pad))
}

/// A labelled value, wrapped under its label to the printer's width.
pub(crate) fn field(out: &mut Vec<String>, label: &str, value: &str) {
    let value = sanitize_line(value);
    let room = WIDTH - LABEL;
    let mut line = String::new();
    let mut first = true;
    for c in value.chars() {
        if width(&line) + width(c.encode_utf8(&mut [0; 4])) > room {
            let head = if first {
                fit(label, LABEL)
            } else {
                " ".repeat(LABEL)
            };
            out.push(format!("{head}{line}").trim_end().to_string());
            line.clear();
            first = false;
        }
        line.push(c);
    }
    let head = if first {
        fit(label, LABEL)
    } else {
        " ".repeat(LABEL)
    };
    out.push(format!("{head}{line}").trim_end().to_string());
}

/// Blanks to sign on: "经办人: __________   业主签字: __________   盖章: ______".
pub(super) fn blanks(words: &[(P, usize)], lang: Lang) -> String {
    let parts: Vec<String> = words
        .iter()
        .map(|(w, n)| format!("{}: {}", w.s(lang), "_".repeat(*n)))
        .collect();
    fit(&parts.join("   "), WIDTH).trim_end().to_string()
}

pub(crate) fn tear_line(lang: Lang) -> String {
    let words = P::TearHere.s(lang);
    let dashes = WIDTH.saturating_sub(width(words));
    let left = "- ".repeat(dashes / 4);
    let right_n = dashes.saturating_sub(width(&left));
    let right: String = "- ".repeat(right_n / 2 + 1).chars().take(right_n).collect();
    format!("{left}{words}{right}").trim_end().to_string()
}

/// The fact under `label` among `facts`, in `show`'s words.
fn fact_in(facts: &ShowFacts, label: FactLabel, ctx: &PaperCtx) -> Option<String> {
    facts
        .head
        .iter()
        .chain(&facts.tail)
        .find(|f| f.label == label)
        .map(|f| super::output::show_value(&f.value, ctx.lang, ctx.policy))
}

fn part(r: &Record, facts: &ShowFacts, which: P, ctx: &PaperCtx) -> Vec<String> {
    let (lang, zone) = (ctx.lang, ctx.policy.zone);
    let fact = |l: FactLabel| fact_in(facts, l, ctx);
    let mut out = Vec::new();
    out.push("=".repeat(WIDTH));
    out.push(spread(
        &format!(
            "{}  {} · {}",
            sanitize_line(ctx.estate),
            P::Title.s(lang),
            which.s(lang)
        ),
        &format!("{} {}", P::Serial.s(lang), r.id),
    ));
    out.push("-".repeat(WIDTH));
    match r.status {
        Status::Voided => out.push(centred(P::Voided.s(lang))),
        Status::Used => out.push(centred(P::Used.s(lang))),
        _ => {}
    }
    let label = |l: FactLabel| l.label(lang);
    field(
        &mut out,
        T::FieldRoom.s(lang),
        r.new.room.as_deref().unwrap_or(""),
    );
    field(
        &mut out,
        label(FactLabel::Owner),
        r.new.name.as_deref().unwrap_or(""),
    );
    if let Some(tenant) = fact(FactLabel::Tenant) {
        field(&mut out, label(FactLabel::Tenant), &tenant);
    }
    for l in [FactLabel::VerifiedBy, FactLabel::Mover, FactLabel::MoverId] {
        field(&mut out, label(l), &fact(l).unwrap_or_default());
    }
    field(&mut out, T::FieldItems.s(lang), &r.new.summary);
    field(&mut out, P::Issued.s(lang), &short(r.received_at, zone));
    for l in [FactLabel::MovingAt, FactLabel::FeesSettledBy] {
        field(&mut out, label(l), &fact(l).unwrap_or_default());
    }
    if let Some(v) = &r.voided {
        field(&mut out, T::VoidReason.s(lang), &v.reason);
    }
    if let Some(left) = fact(FactLabel::LeftAt) {
        let guard = fact(FactLabel::Guard).unwrap_or_default();
        field(
            &mut out,
            P::LeftAt.s(lang),
            format!("{left} {guard}").trim_end(),
        );
    }
    out.push(String::new());
    if which == P::Stub {
        out.push(fit(P::Consent.s(lang), WIDTH).trim_end().to_string());
        out.push(String::new());
        out.push(blanks(
            &[(P::Handler, 14), (P::OwnerSign, 14), (P::Stamp, 10)],
            lang,
        ));
    } else {
        out.push(blanks(
            &[(P::Handler, 12), (P::Guard, 12), (P::LeftAt, 12)],
            lang,
        ));
        out.push(String::new());
        out.push(blanks(&[(P::Stamp, 12)], lang));
    }
    out.push("=".repeat(WIDTH));
    out
}

/// `show ID --print`: the record's paper form, a pass, a work order or a complaint slip (exit 2
/// for a record of a kind without one).
pub fn run(store: &Store, desk: &Desk, id: &str) -> Result<(), CliError> {
    let id = super::act::parse_id(id)?;
    let (record, events) = store.get(id)?;
    let reveal = store.read_only().is_none();
    let paper = PaperCtx {
        estate: &desk.config.estate,
        lang: desk.lang,
        policy: &desk.policy,
        now: desk.clock.now(),
        reveal,
    };
    let lines = match record.rules().paper_form() {
        Some(PaperForm::WorkOrder) => {
            Some(super::print_order::work_order(&record, &events, &paper))
        }
        Some(PaperForm::ComplaintSlip) => Some(super::print_slip::complaint_slip(&record, &paper)),
        Some(PaperForm::Pass) => Some(pass_form(&record, &paper)),
        None => None,
    }
    .ok_or_else(|| CliError::bad(crate::i18n::cli::Say::NoPrintedForm(id)))?;
    for line in lines {
        println!("{line}");
    }
    Ok(())
}

// ----- shared by the work order and the complaint slip -----------------------------------

use crate::domain::view::PaperForm;

/// What every paper form is laid out with.
pub(crate) struct PaperCtx<'a> {
    pub estate: &'a str,
    pub lang: Lang,
    pub policy: &'a crate::domain::Policy,
    pub now: chrono::DateTime<chrono::Utc>,
    /// Personal data whole (an operator who can write); masked otherwise.
    pub reveal: bool,
}

/// A form's head: a rule, estate, title and part on the left and the serial number on the
/// right, a thinner rule.
pub(crate) fn heading(
    estate: &str,
    title: &str,
    part: Option<&str>,
    id: &str,
    serial: &str,
) -> Vec<String> {
    let left = match part {
        Some(part) => format!("{}  {title} · {part}", sanitize_line(estate)),
        None => format!("{}  {title}", sanitize_line(estate)),
    };
    vec![
        "=".repeat(WIDTH),
        spread(&left, &format!("{serial} {id}")),
        "-".repeat(WIDTH),
    ]
}

/// Half the printer's width: two labelled values side by side.
const HALF: usize = WIDTH / 2;
/// A label's column in a half: the same as a whole line's.
const HALF_LABEL: usize = LABEL;

/// Two labelled values side by side, each cut to its half.
pub(crate) fn pair(left: (&str, &str), right: (&str, &str)) -> String {
    let half = |(label, value): (&str, &str), w: usize| {
        format!(
            "{}{}",
            fit(label, HALF_LABEL),
            fit(&sanitize_line(value), w - HALF_LABEL)
        )
    };
    format!("{}{}", half(left, HALF), half(right, HALF - 1))
        .trim_end()
        .to_string()
}

/// A line to write on, `n` columns long.
pub(crate) fn blank(n: usize) -> String {
    "_".repeat(n)
}

/// A label and a line to write on to the right margin.
pub(crate) fn blank_field(label: &str) -> String {
    format!("{}{}", fit(label, LABEL), blank(WIDTH - LABEL))
}

/// A known text, or a line to write on.
pub(crate) fn or_blank(value: Option<String>, n: usize) -> String {
    value
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| blank(n))
}

/// Signatures: "Owner: ________   Date: ______", cut to the printer's width.
pub(crate) fn signatures(words: &[(&str, usize)]) -> String {
    let parts: Vec<String> = words
        .iter()
        .map(|(w, n)| format!("{w}: {}", blank(*n)))
        .collect();
    fit(&parts.join("   "), WIDTH).trim_end().to_string()
}

/// A phone number as printed: whole to an operator who can write, masked (`138****8000`)
/// otherwise, as the desk shows it.
pub(crate) fn printed_phone(phone: &str, reveal: bool) -> String {
    if reveal {
        phone.to_string()
    } else {
        crate::domain::residents::mask_phone(phone)
    }
}

/// Every deadline on a line of its own under `label`: "dispatch  2026-11-25 02:07  met".
pub(crate) fn deadline_lines(out: &mut Vec<String>, label: &str, record: &Record, ctx: &PaperCtx) {
    let all = crate::domain::deadline::deadlines(record, ctx.policy);
    if all.is_empty() {
        field(out, label, "-");
    }
    for (i, d) in all.iter().enumerate() {
        let text = format!(
            "{} {}  {}",
            fit(d.name.label(ctx.lang), 13),
            short(d.due, ctx.policy.zone),
            d.state(ctx.now).label(ctx.lang)
        );
        field(out, if i == 0 { label } else { "" }, &text);
    }
}

/// The kind's fact under `label` in `show`'s words, if it has one.
pub(crate) fn fact_text(record: &Record, label: FactLabel, ctx: &PaperCtx) -> Option<String> {
    let facts = record.rules().show_facts();
    facts
        .head
        .iter()
        .chain(&facts.tail)
        .find(|f| f.label == label)
        .map(|f| super::output::show_value(&f.value, ctx.lang, ctx.policy))
}

/// Every fact under `label` (a complaint's reports upward).
pub(crate) fn fact_texts(record: &Record, label: FactLabel, ctx: &PaperCtx) -> Vec<String> {
    let facts = record.rules().show_facts();
    facts
        .head
        .iter()
        .chain(&facts.tail)
        .filter(|f| f.label == label)
        .map(|f| super::output::show_value(&f.value, ctx.lang, ctx.policy))
        .collect()
}
