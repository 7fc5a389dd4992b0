//! The words of the desk's reviews view and of the printed work order and complaint slip, en +
//! zh; and the slugs of a report's counts in words, shared by `report` and the view.

use super::report::ReportWord as W;
use super::{Label, Lang};
use crate::domain::kinds::Slug;
use std::collections::BTreeMap;

words! {
    /// The reviews view's own words (the figures' names are `ReportWord`'s).
    ReviewWord {
        Daily => ("Day", "日报"),
        Weekly => ("Week", "周报"),
        Monthly => ("Month", "月报"),
        Reading => ("Reading the figures…", "正在读取统计…"),
        CallsPerHour => ("Calls per hour", "每小时来电来访"),
        Busiest => ("busiest", "高峰"),
        NoCalls => ("no calls", "无来电来访"),
        Kept => ("Deadlines", "时限"),
        Met => ("█ met", "█ 按时"),
        Missed => ("▒ missed/overdue", "▒ 超时"),
        ByBuilding => ("Complaints by building", "投诉 (按楼栋)"),
        NoComplaints => ("no complaints", "无投诉"),
        CallbackRates => ("Callbacks, % (target)", "回访率 % (目标)"),
        NothingDue => ("no deadlines", "无时限"),
        Unreadable => ("records unreadable, left out", "条记录无法读取, 未计入"),
        NoRoom => ("none", "无"),
    }
}

/// The reviews' last row when they do not fit: how many rows are below (or, at the end,
/// above) and the keys that scroll there.
pub fn scroll_hint(lang: Lang, above: usize, below: usize) -> String {
    match (lang, below) {
        (Lang::En, 0) => format!("… {above} lines above: Up, PgUp, Home"),
        (Lang::En, n) => format!("… {n} more lines below: Down, PgDn, End"),
        (Lang::Zh, 0) => format!("… 上方还有 {above} 行: Up、PgUp、Home 向上"),
        (Lang::Zh, n) => format!("… 下方还有 {n} 行: Down、PgDn、End 向下"),
    }
}

/// The label of a slug of type `T`, or the slug itself.
pub fn label_of<T: Slug + Label>(lang: Lang, slug: &str) -> String {
    match T::parse_slug(slug) {
        Some(v) => v.label(lang).to_string(),
        // Complaints not yet classified are counted under this key (`Report`).
        None if slug == "unclassified" => W::Unclassified.s(lang).to_string(),
        None => slug.to_string(),
    }
}

/// "consultation 3, complaint 1", or "-".
pub fn counts<T: Slug + Label>(lang: Lang, map: &BTreeMap<String, usize>) -> String {
    if map.is_empty() {
        return "-".to_string();
    }
    map.iter()
        .map(|(k, n)| format!("{} {n}", label_of::<T>(lang, k)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A building of the complaint analysis (`none`: no room) in words.
pub fn building(lang: Lang, b: &str) -> String {
    let b = crate::domain::text::sanitize_line(b).to_string();
    match (b.as_str(), lang) {
        ("none", _) => W::NoRoom.s(lang).to_string(),
        (b, Lang::En) => format!("{} {b}", W::Building.s(lang)),
        (b, Lang::Zh) => format!("{b}{}", W::Building.s(lang)),
    }
}

/// A recurring problem's category in words, as its kind names it (`plumbing` → "水管…"); a
/// slug its kind does not know (a newer program's, another estate's) as it is, sanitised.
pub fn category_name(lang: Lang, kind: &str, category: &str) -> String {
    crate::domain::RecordKind::parse_slug(kind)
        .and_then(|k| k.props().categories)
        .and_then(|set| set.parse(category).map(|i| set.label(i, lang).to_string()))
        .unwrap_or_else(|| crate::domain::text::sanitize_line(category).to_string())
}

/// A line of the complaint analysis (weekly, quarterly, yearly): a heading or list line as it
/// is, or a figure's title and value, which the estate's report and the company's lay out
/// each in their own way. Worded once for both.
pub enum AnalysisLine {
    Text(String),
    Figure(&'static str, String),
}

/// The complaint analysis (`domain::report_complaints`) in words: recurring problems first.
pub fn complaint_analysis(
    lang: Lang,
    c: &crate::domain::report_complaints::ComplaintAnalysis,
) -> Vec<AnalysisLine> {
    use crate::domain::kinds::CLASSES;
    use crate::domain::text::sanitize_line;
    use AnalysisLine::{Figure, Text};
    let mut lines = vec![
        Text(W::ComplaintAnalysis.s(lang).to_string()),
        Text(W::Recurring.s(lang).to_string()),
    ];
    if c.recurring.is_empty() {
        lines.push(Text(format!("  {}", W::NoneListed.s(lang))));
    }
    for p in &c.recurring {
        lines.push(Text(format!(
            "  {} {} {}: {} ({})",
            sanitize_line(&p.place),
            p.count,
            W::Times.s(lang),
            sanitize_line(&p.ids.join(", ")),
            category_name(lang, &p.kind, &p.category)
        )));
    }
    lines.push(Figure(
        W::Complaints.s(lang),
        format!("{} ({} {})", c.complaints, W::Repeats.s(lang), c.repeats),
    ));
    lines.push(Figure(
        W::ComplaintsByClass.s(lang),
        super::report_rows::counts(lang, &CLASSES, &c.by_class),
    ));
    let buildings: Vec<_> = c
        .by_building
        .iter()
        .map(|(b, n)| format!("{} {n}", building(lang, &sanitize_line(b))))
        .collect();
    lines.push(Figure(
        W::ByBuilding.s(lang),
        if buildings.is_empty() {
            "-".into()
        } else {
            buildings.join(", ")
        },
    ));
    let minutes = |m: Option<i64>| m.map_or("-".into(), |m| format!("{m} {}", W::Minutes.s(lang)));
    for (title, t) in [
        (W::FirstReply.s(lang), &c.first_reply),
        (W::Resolution.s(lang), &c.resolution),
    ] {
        lines.push(Figure(
            title,
            format!(
                "{} {}, {} {} ({} {})",
                W::Median.s(lang),
                minutes(t.median_minutes),
                W::Worst.s(lang),
                minutes(t.worst_minutes),
                W::OnTime.s(lang),
                t.on_time_rate.map_or("-".into(), |x| format!("{x}%"))
            ),
        ));
    }
    lines
}

/// The month's problems found on callbacks (`domain::report_followups`) and what was done
/// about each, for the estate's report and the company's.
pub fn callback_problem_lines(
    lang: Lang,
    problems: &[crate::domain::report_followups::CallbackProblem],
) -> Vec<String> {
    use crate::domain::text::sanitize_line;
    let mut lines = vec![W::CallbackProblems.s(lang).to_string()];
    if problems.is_empty() {
        lines.push(format!("  {}", W::NoneListed.s(lang)));
    }
    for p in problems {
        let notice = match &p.noticed {
            Some(at) => format!("{} {at}", W::Noticed.s(lang)),
            None => W::NotNoticed.s(lang).to_string(),
        };
        let resolved = p
            .resolved
            .as_ref()
            .map(|at| format!(", {} {at}", W::ResolvedAt.s(lang)))
            .unwrap_or_default();
        lines.push(format!(
            "  {} ({} {}) {}: {notice}{resolved}",
            sanitize_line(&p.id),
            W::FollowUpOf.s(lang),
            sanitize_line(&p.of),
            sanitize_line(&p.summary)
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::report_complaints::{ComplaintAnalysis, Recurring};

    fn analysis(kind: &str, category: &str) -> ComplaintAnalysis {
        ComplaintAnalysis {
            recurring: vec![Recurring {
                first: "R-2026-00001".into(),
                kind: kind.into(),
                category: category.into(),
                place: "3-2-1201".into(),
                count: 2,
                ids: vec!["R-2026-00001".into(), "R-2026-00002".into()],
            }],
            ..Default::default()
        }
    }

    fn recurring_line(lang: Lang, c: &ComplaintAnalysis) -> String {
        match &complaint_analysis(lang, c)[2] {
            AnalysisLine::Text(t) => t.clone(),
            AnalysisLine::Figure(..) => panic!("a figure"),
        }
    }

    /// A recurring problem's category reads in the report's language, never as its slug.
    #[test]
    fn a_recurring_problems_category_is_named_in_the_reports_language() {
        let repair = analysis("repair", "water_fault");
        let zh = recurring_line(Lang::Zh, &repair);
        assert!(zh.ends_with("(停水/爆管/严重漏水)"), "{zh}");
        let en = recurring_line(Lang::En, &repair);
        assert!(en.ends_with("(water fault)"), "{en}");
        let complaint = recurring_line(Lang::Zh, &analysis("call", "complaint"));
        assert!(!complaint.contains("complaint"), "{complaint}");
        assert!(complaint.ends_with("(投诉)"), "{complaint}");
        // A slug the kind does not know reads as it is, made safe for a terminal.
        let odd = recurring_line(Lang::Zh, &analysis("repair", "roof\x1b[2J"));
        assert!(odd.contains("roof") && !odd.contains('\x1b'), "{odd}");
        let unknown_kind = recurring_line(Lang::En, &analysis("boiler", "plumbing"));
        assert!(unknown_kind.ends_with("(plumbing)"), "{unknown_kind}");
    }
}
