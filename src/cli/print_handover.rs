//! `dutydesk handover show [H-…] --print`: the compiled handover on paper, for an 80-column
//! printer. The same lines `handover show` prints (`handover_text`), wrapped to the printer's
//! width counting a Chinese character as two columns, under a heading with the estate, and
//! with lines for the two signatures (or the names, once signed).

use super::CliError;
use super::print::{WIDTH, blanks, centred};
use crate::desk::Desk;
use crate::domain::handover::{Draft, slot_at};
use crate::domain::record::Record;
use crate::domain::text::sanitize_line;
use crate::domain::time::short;
use crate::handover_text::{Compiled, compile, wrapped};
use crate::i18n::Lang;
use crate::i18n::print::PrintWord as P;
use crate::store::Store;

/// The printed handover: lines of at most `WIDTH` columns.
pub fn handover_form(
    compiled: &Compiled,
    record: Option<&Record>,
    estate: &str,
    printed: &str,
    lang: Lang,
    zone: crate::domain::time::Zone,
) -> Vec<String> {
    let mut out = vec!["=".repeat(WIDTH)];
    if !estate.trim().is_empty() {
        let estate = sanitize_line(estate);
        let w = unicode_width::UnicodeWidthStr::width(estate.as_ref()).min(WIDTH);
        out.push(centred(&crate::i18n::fit(&estate, w)));
    }
    out.push(centred(P::HandoverTitle.s(lang)));
    out.push(format!("{}: {printed}", P::Printed.s(lang)));
    out.push("=".repeat(WIDTH));
    out.extend(wrapped(&compiled.lines, WIDTH));
    out.push(String::new());
    out.push("-".repeat(WIDTH));
    match record.and_then(Record::signature) {
        Some(s) => out.push(
            crate::i18n::fit(
                &format!(
                    "{}: {}   {}: {}   {}: {}",
                    P::OutgoingSign.s(lang),
                    sanitize_line(&s.outgoing),
                    P::IncomingSign.s(lang),
                    sanitize_line(&s.by),
                    P::SignedTime.s(lang),
                    short(s.at, zone)
                ),
                WIDTH,
            )
            .trim_end()
            .to_string(),
        ),
        None => out.push(blanks(
            &[
                (P::OutgoingSign, 14),
                (P::IncomingSign, 14),
                (P::SignedTime, 11),
            ],
            lang,
        )),
    }
    out.push("=".repeat(WIDTH));
    out
}

/// `handover show --print`: the current shift's handover, or the handover `id`, on paper.
pub fn run(store: &Store, desk: &Desk, id: Option<&str>) -> Result<(), CliError> {
    let now = desk.clock.now();
    let (draft, record, late) = match id {
        Some(id) => {
            let id = super::act::parse_id(id)?;
            if !id.kind.props().shift_handover {
                return Err(CliError::bad(crate::i18n::cli::Say::NotAHandover(id)));
            }
            let (h, _) = store.get(id)?;
            let content: Option<Draft> = h
                .signature()
                .and_then(|s| serde_json::from_value(s.content.clone()).ok());
            let draft = match content {
                Some(d) => d,
                None => handover_draft(store, desk)?,
            };
            (draft, Some(h), None)
        }
        None => {
            let defs = desk.shift_defs();
            let slot = slot_at(&defs, now, &desk.policy);
            let record = store.handover_at(slot.boundary)?;
            let late = store.unsigned_previous(&defs, &slot, now, &desk.policy)?;
            (handover_draft(store, desk)?, record, late)
        }
    };
    let compiled = compile(store, desk, now, &draft, record.as_ref(), late.as_ref())?;
    let printed = short(now, desk.policy.zone);
    for line in handover_form(
        &compiled,
        record.as_ref(),
        &desk.config.estate,
        &printed,
        desk.lang,
        desk.policy.zone,
    ) {
        println!("{line}");
    }
    super::output::damaged_failure(&compiled.damaged, desk)
}

fn handover_draft(store: &Store, desk: &Desk) -> Result<Draft, CliError> {
    let now = desk.clock.now();
    let defs = desk.shift_defs();
    let slot = slot_at(&defs, now, &desk.policy);
    Ok(store.handover_draft(&defs, &slot, now, &desk.policy, &desk.operator)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn every_printed_line_fits_80_columns_in_chinese() {
        let compiled = Compiled {
            lines: vec![
                format!("  R-2026-00001 {}", "三号楼电梯困人".repeat(20)),
                "交班备注 (1)".into(),
            ],
            damaged: vec![],
        };
        let zone = crate::domain::time::parse_zone("Asia/Shanghai").unwrap();
        let out = handover_form(&compiled, None, "翠湖花园", "12-02 07:50", Lang::Zh, zone);
        for line in &out {
            assert!(line.width() <= WIDTH, "{line:?}: {} columns", line.width());
        }
        assert!(out.iter().any(|l| l.contains("交班人签字: ______________")));
        assert_eq!(
            out.iter().map(|l| l.matches('梯').count()).sum::<usize>(),
            20
        );
    }
}
