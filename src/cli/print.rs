//! `dutydesk show P-… --print`: an item release pass on paper, for an 80-column printer. Two
//! parts, the stub (kept) and the notice (to the gate), the serial number on both, blanks for
//! the signatures and the stamp. Plain text; widths counted in terminal columns (a Chinese
//! character is two), so the lines stay within 80 whatever the language. The mover's ID number
//! is masked on the notice, and on the stub unless the operator can write.

use super::CliError;
use crate::desk::Desk;
use crate::domain::PassState;
use crate::domain::record::{Record, Status};
use crate::domain::text::sanitize_line;
use crate::domain::time::{Zone, short};
use crate::domain::view::FactLabel;
use crate::i18n::print::PrintWord as P;
use crate::i18n::tui::T;
use crate::i18n::{Label, Lang, fit, verified_text};
use crate::store::Store;
use unicode_width::UnicodeWidthStr;

/// The printer's width.
pub const WIDTH: usize = 80;
/// A label's column.
const LABEL: usize = 14;

/// The printed pass, lines of at most `WIDTH` columns; None for a record that is not a pass.
pub fn pass_form(
    record: &Record,
    estate: &str,
    lang: Lang,
    zone: Zone,
    stub_reveals_id: bool,
) -> Option<Vec<String>> {
    let crate::domain::KindState::Pass(pass) = &record.state else {
        return None;
    };
    let mut out = part(record, pass, estate, P::Stub, lang, zone, stub_reveals_id);
    out.push(String::new());
    out.push(tear_line(lang));
    out.push(String::new());
    out.extend(part(record, pass, estate, P::Notice, lang, zone, false));
    Some(out)
}

fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// `left` and `right` on one line, `right` (the serial number) whole against the right
/// margin, `left` cut to what is left.
fn spread(left: &str, right: &str) -> String {
    let room = WIDTH.saturating_sub(width(right) + 1);
    let left = fit(left, room.min(width(left)));
    let gap = WIDTH.saturating_sub(width(&left) + width(right)).max(1);
    format!("{left}{}{right}", " ".repeat(gap))
}

pub(super) fn centred(text: &str) -> String {
    let pad = WIDTH.saturating_sub(width(text)) / 2;
    format!("{}{text}", " ".repeat(pad))
}

/// A labelled value, wrapped under its label to the printer's width.
fn field(out: &mut Vec<String>, label: &str, value: &str) {
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

fn tear_line(lang: Lang) -> String {
    let words = P::TearHere.s(lang);
    let dashes = WIDTH.saturating_sub(width(words));
    let left = "- ".repeat(dashes / 4);
    let right_n = dashes.saturating_sub(width(&left));
    let right: String = "- ".repeat(right_n / 2 + 1).chars().take(right_n).collect();
    format!("{left}{words}{right}").trim_end().to_string()
}

fn part(
    r: &Record,
    pass: &PassState,
    estate: &str,
    which: P,
    lang: Lang,
    zone: Zone,
    reveal_id: bool,
) -> Vec<String> {
    let d = &pass.details;
    let mut out = Vec::new();
    out.push("=".repeat(WIDTH));
    out.push(spread(
        &format!(
            "{}  {} · {}",
            sanitize_line(estate),
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
    if let Some(tenant) = &d.tenant {
        field(&mut out, label(FactLabel::Tenant), tenant);
    }
    field(
        &mut out,
        label(FactLabel::VerifiedBy),
        &verified_text(d.verified_by, &d.checked, lang),
    );
    field(&mut out, label(FactLabel::Mover), &d.mover);
    let id = if reveal_id {
        d.mover_id.clone()
    } else {
        d.masked_id()
    };
    field(&mut out, label(FactLabel::MoverId), &id);
    field(&mut out, T::FieldItems.s(lang), &r.new.summary);
    field(&mut out, P::Issued.s(lang), &short(r.received_at, zone));
    field(
        &mut out,
        label(FactLabel::MovingAt),
        &short(d.moving_at, zone),
    );
    field(
        &mut out,
        label(FactLabel::FeesSettledBy),
        &d.fees_settled_by,
    );
    if let Some(v) = &r.voided {
        field(&mut out, T::VoidReason.s(lang), &v.reason);
    }
    if let Some(u) = &pass.used {
        let guard = u.guard.as_deref().unwrap_or("");
        field(
            &mut out,
            P::LeftAt.s(lang),
            format!("{} {guard}", short(u.at, zone)).trim_end(),
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

/// `show ID --print`: the pass on paper (exit 2 for a record that is not a pass).
pub fn run(store: &Store, desk: &Desk, id: &str) -> Result<(), CliError> {
    let id = super::act::parse_id(id)?;
    let (record, _) = store.get(id)?;
    let reveal = store.read_only().is_none();
    let lines = pass_form(
        &record,
        &desk.config.estate,
        desk.lang,
        desk.policy.zone,
        reveal,
    )
    .ok_or_else(|| CliError::bad(crate::i18n::cli::Say::NoPrintedForm(id)))?;
    for line in lines {
        println!("{line}");
    }
    Ok(())
}
