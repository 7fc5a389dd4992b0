//! The words of expected inspection rounds (巡检, issue 14 §2): the desk's duty-log line, the
//! handover's section and the daily report's row, en + zh.

use super::Lang;
use super::inspection::area_text;
use crate::domain::kinds::inspection::rounds::{AreaRounds, DayRounds, RoundsDue};

words! {
    /// The fixed words of rounds.
    RoundsWord {
        Rounds => ("Rounds", "巡检"),
        Today => ("today", "今日"),
        ToDo => ("to do", "待巡"),
        AllDone => ("all done", "已全部完成"),
        MissedYesterday => ("missed yesterday", "昨日漏巡"),
        NoneMissed => ("none missed", "无漏巡"),
        PerDay => ("a day per area", "次/区域/日"),
        NoneExpected => ("none expected (rules.patrols_per_day = 0)", "未要求 (rules.patrols_per_day = 0)"),
        Expected => ("expected", "应巡"),
        Done => ("done", "已巡"),
        Missed => ("missed", "漏巡"),
        Title => ("Inspection rounds", "日常巡检"),
    }
}

use RoundsWord as W;

/// "Rooftop 1/2, Lobby 0/2": each area by its name, done of expected.
pub fn area_list(list: &[AreaRounds], lang: Lang) -> String {
    list.iter()
        .map(|a| {
            format!(
                "{} {}/{}",
                area_text(&a.area, a.name.as_deref(), lang),
                a.done,
                a.expected
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The handover's section, one line each: today's count and what is left, yesterday's misses.
pub fn handover_lines(r: &RoundsDue, lang: Lang) -> Vec<String> {
    if r.patrols_per_day == 0 {
        return vec![format!("{}: {}", W::Title.s(lang), W::NoneExpected.s(lang))];
    }
    let left = if r.due_today.is_empty() {
        W::AllDone.s(lang).to_string()
    } else {
        format!("{}: {}", W::ToDo.s(lang), area_list(&r.due_today, lang))
    };
    let missed = if r.missed_yesterday.is_empty() {
        W::NoneMissed.s(lang).to_string()
    } else {
        area_list(&r.missed_yesterday, lang)
    };
    vec![
        format!(
            "{} ({} {}), {} {}/{}",
            W::Title.s(lang),
            r.patrols_per_day,
            W::PerDay.s(lang),
            W::Today.s(lang),
            r.done_today,
            r.expected_today
        ),
        format!("  {left}"),
        format!("  {}: {missed}", W::MissedYesterday.s(lang)),
    ]
}

/// The daily report's row: "done 7 / expected 10, missed 3 (Rooftop 1/2, …)".
pub fn day_line(d: &DayRounds, lang: Lang) -> String {
    let short: Vec<AreaRounds> = d
        .areas
        .iter()
        .filter(|a| a.done < a.expected)
        .cloned()
        .collect();
    let mut text = format!(
        "{} {} / {} {}, {} {}",
        W::Done.s(lang),
        d.done,
        W::Expected.s(lang),
        d.expected,
        W::Missed.s(lang),
        d.missed
    );
    if !short.is_empty() {
        text.push_str(&format!(" ({})", area_list(&short, lang)));
    }
    text
}
