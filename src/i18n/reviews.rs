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
        More => ("more lines", "行未显示"),
        NoRoom => ("none", "无"),
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
