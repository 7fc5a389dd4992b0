//! `dutydesk report daily|weekly|monthly` and `dutydesk export`.

use super::CliError;
use super::args::Period;
use super::output::print_json;
use crate::desk::Desk;
use crate::domain::deadline::DeadlineName;
use crate::domain::report::Report;
use crate::domain::report_complaints::ComplaintAnalysis;
use crate::domain::report_daily::DailyLists;
use crate::domain::report_followups::CallbackProblem;
use crate::domain::report_period::Span;
use crate::domain::time::{local_date, parse_date};
use crate::domain::*;
use crate::i18n::report::ReportWord as W;
use crate::i18n::{Label, fit};
use crate::store::Store;
use crate::store::report::Figures;
use chrono::{Duration, NaiveDate};

/// Which period: a day in it (`--date`), or for a quarter or a year, that quarter or year.
#[derive(Debug, Clone, Copy, Default)]
pub struct When<'a> {
    pub date: Option<&'a str>,
    pub quarter: Option<&'a str>,
    pub year: Option<&'a str>,
}

fn bad(field: Field, text: &str, allowed: &str) -> CliError {
    RuleError::field(
        field,
        Problem::NotOneOf {
            text: text.trim().to_string(),
            allowed: allowed.to_string(),
        },
    )
    .into()
}

/// A year of 2000 to 2099 (the range every date of the desk is kept in).
fn parse_year(field: Field, text: &str) -> Result<i32, CliError> {
    match text.trim().parse::<i32>() {
        Ok(y) if (2000..=2099).contains(&y) && text.trim().len() == 4 => Ok(y),
        _ => Err(bad(field, text, "2000 … 2099")),
    }
}

/// The first day of `2026Q4` (Q or q, quarters 1 to 4).
fn parse_quarter(text: &str) -> Result<NaiveDate, CliError> {
    let t = text.trim();
    let allowed = "YYYYQ1 … YYYYQ4, e.g. 2026Q4";
    let Some((y, q)) = t.split_once(['Q', 'q']) else {
        return Err(bad(Field::Quarter, text, allowed));
    };
    let year = parse_year(Field::Quarter, y).map_err(|_| bad(Field::Quarter, text, allowed))?;
    match q {
        "1" | "2" | "3" | "4" => {
            let q: u32 = q.parse().expect("one digit");
            Ok(NaiveDate::from_ymd_opt(year, (q - 1) * 3 + 1, 1).expect("a quarter's first day"))
        }
        _ => Err(bad(Field::Quarter, text, allowed)),
    }
}

/// The day the period is chosen by: `--quarter` or `--year` (only with their period), else
/// `--date`, else yesterday.
pub(super) fn period_date(desk: &Desk, period: Period, when: When) -> Result<NaiveDate, CliError> {
    if when.quarter.is_some() && period != Period::Quarterly {
        return Err(bad(
            Field::Quarter,
            when.quarter.unwrap_or(""),
            "report quarterly",
        ));
    }
    if when.year.is_some() && period != Period::Yearly {
        return Err(bad(Field::Year, when.year.unwrap_or(""), "report yearly"));
    }
    if let Some(q) = when.quarter {
        return parse_quarter(q);
    }
    if let Some(y) = when.year {
        let year = parse_year(Field::Year, y)?;
        return Ok(NaiveDate::from_ymd_opt(year, 1, 1).expect("1 January exists"));
    }
    Ok(match when.date {
        Some(d) => parse_date(Field::Date, d)?,
        None => local_date(desk.clock.now(), desk.policy.zone) - Duration::days(1),
    })
}

/// The domain's period of a `report` subcommand.
pub fn span(period: Period) -> Span {
    match period {
        Period::Daily => Span::Daily,
        Period::Weekly => Span::Weekly,
        Period::Monthly => Span::Monthly,
        Period::Quarterly => Span::Quarterly,
        Period::Yearly => Span::Yearly,
    }
}

pub fn report(
    store: &Store,
    desk: &Desk,
    period: Period,
    when: When,
    json: bool,
) -> Result<(), CliError> {
    let date = period_date(desk, period, when)?;
    // Records whose history cannot be read are left out of the figures and named at the end.
    let Figures { report, damaged } = store.report_figures(
        span(period),
        date,
        &desk.shift_defs(),
        &desk.policy,
        desk.clock.now(),
    )?;
    if json {
        print_json(&serde_json::to_value(&report).expect("reports serialise"));
    } else {
        print_report(desk, &report);
    }
    super::output::damaged_failure(&damaged, desk)
}

use crate::i18n::report_rows::{self as rows, Detail};
use crate::i18n::reviews::label_of;

fn print_report(desk: &Desk, r: &Report) {
    let lang = desk.lang;
    let row = |title: &str, value: String| println!("{}{value}", fit(title, 24));
    println!("{} {} ~ {}", W::Report.s(lang), r.from, r.to);
    for (title, value) in rows::totals(r, lang, Detail::Full) {
        row(title, value);
    }
    println!("{}", W::Deadlines.s(lang));
    for (name, k) in &r.deadlines {
        let title = DeadlineName::parse(name)
            .map(|n| n.label(lang))
            .unwrap_or(name);
        println!(
            "  {}{} / {} / {} / {}",
            fit(title, 22),
            k.met,
            k.missed,
            k.open_overdue,
            k.open
        );
    }
    for (title, value) in rows::callbacks(r, lang, Detail::Full)
        .into_iter()
        .chain(rows::shifts(r, lang, Detail::Full))
    {
        row(title, value);
    }
    if let Some(y) = &r.household_callbacks {
        row(
            crate::i18n::residents::yearly::title(lang),
            crate::i18n::residents::yearly::rate(lang, y),
        );
    }
    if let Some(p) = &r.callback_problems {
        print_callback_problems(desk, p);
    }
    if let Some(d) = &r.daily {
        print_daily(desk, d);
    }
    if let Some(c) = &r.complaint_analysis {
        print_complaints(desk, c);
    }
}

/// The complaint analysis of a week, quarter or year: recurring problems first.
fn print_complaints(desk: &Desk, c: &ComplaintAnalysis) {
    use crate::i18n::reviews::{AnalysisLine, complaint_analysis};
    for line in complaint_analysis(desk.lang, c) {
        match line {
            AnalysisLine::Text(text) => println!("{text}"),
            AnalysisLine::Figure(title, value) => println!("{}{value}", fit(title, 24)),
        }
    }
}

/// The month's problems found on callbacks and what was done about each.
fn print_callback_problems(desk: &Desk, problems: &[CallbackProblem]) {
    for line in crate::i18n::reviews::callback_problem_lines(desk.lang, problems) {
        println!("{line}");
    }
}

/// The daily report's lists, for the morning meeting.
fn print_daily(desk: &Desk, d: &DailyLists) {
    use crate::domain::text::sanitize_line;
    let lang = desk.lang;
    let none = || println!("  {}", W::NoneListed.s(lang));
    println!("{}", W::MissedDeadlines.s(lang));
    if d.missed.is_empty() {
        none();
    }
    for m in &d.missed {
        let title = DeadlineName::parse(&m.deadline)
            .map(|n| n.label(lang))
            .unwrap_or(&m.deadline);
        let done = match &m.done {
            Some(at) => format!("{} {at}", W::DoneAt.s(lang)),
            None => W::StillOverdue.s(lang).to_string(),
        };
        println!(
            "  {} {} {} {}, {done}",
            m.id,
            fit(title, 14),
            W::Due.s(lang),
            m.due
        );
    }
    let open = if d.still_open.is_empty() {
        W::NoneListed.s(lang).to_string()
    } else {
        d.still_open.join(", ")
    };
    println!("{}: {open}", W::StillOpen.s(lang));
    println!("{}", W::Incidents.s(lang));
    if d.incidents.is_empty() {
        none();
    }
    for i in &d.incidents {
        let category = label_of::<IncidentType>(lang, &i.category);
        let status = Status::parse(&i.status)
            .map(|x| x.label(lang))
            .unwrap_or(&i.status);
        println!(
            "  {} {category} [{status}] {}",
            i.id,
            sanitize_line(&i.summary)
        );
    }
    if let Some(r) = &d.rounds {
        println!(
            "{}{}",
            fit(crate::i18n::rounds::RoundsWord::Title.s(lang), 24),
            crate::i18n::rounds::day_line(r, lang)
        );
    }
    println!("{}", W::LateHandovers.s(lang));
    if d.late_handovers.is_empty() {
        none();
    }
    for h in &d.late_handovers {
        let state = match h.signed_at.as_deref() {
            Some(at) => format!("{} {at}", W::SignedLate.s(lang)),
            None => W::NotSigned.s(lang).to_string(),
        };
        let id = h.id.as_deref().unwrap_or("-");
        println!(
            "  {} {} {id}: {state}",
            W::ShiftStart.s(lang),
            h.shift_start
        );
    }
}
