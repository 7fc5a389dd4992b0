//! Every user-visible word, in English and Chinese, in one place.

use crate::domain::deadline::{DeadlineName, DeadlineState, Urgency};
use crate::domain::*;

/// An enum of fixed words, each in English and Chinese: `$name::X.s(lang)`.
macro_rules! words {
    ($(#[$doc:meta])* $name:ident { $($word:ident => ($en:literal, $zh:literal)),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($word),+ }

        impl $name {
            /// The words in the interface language.
            pub fn s(self, lang: $crate::i18n::Lang) -> &'static str {
                match self { $(Self::$word => lang.pick($en, $zh)),+ }
            }
        }
    };
}

pub mod cli;
pub mod company;
mod facts;
pub use facts::{id_text, verified_text};
pub mod handover;
pub mod inspection;
pub mod kinds;
pub mod notify;
pub mod paper;
pub mod print;
pub mod problems;
pub mod refusals;
pub mod report;
pub mod report_rows;
pub mod residents;
pub mod reviews;
pub mod rounds;
mod settings;
pub mod show;
pub mod tui;

pub use settings::{keys_in_use_title, setting_error, zone_in_use};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// `zh*` in the value gives Chinese.
    pub fn from_locale(value: &str) -> Self {
        if value.to_ascii_lowercase().starts_with("zh") {
            Self::Zh
        } else {
            Self::En
        }
    }

    /// `DUTYDESK_LANG`, else `LC_ALL`, else `LANG`.
    pub fn from_env() -> Self {
        for var in ["DUTYDESK_LANG", "LC_ALL", "LANG"] {
            if let Ok(v) = std::env::var(var)
                && !v.is_empty()
            {
                return Self::from_locale(&v);
            }
        }
        Self::En
    }

    pub fn pick(self, en: &'static str, zh: &'static str) -> &'static str {
        match self {
            Self::En => en,
            Self::Zh => zh,
        }
    }
}

/// The name of a value for people, in the interface language.
pub trait Label {
    fn label(&self, lang: Lang) -> &'static str;
}

macro_rules! labels {
    ($ty:ty { $($variant:path => ($en:literal, $zh:literal)),+ $(,)? }) => {
        impl Label for $ty {
            fn label(&self, lang: Lang) -> &'static str {
                match self { $($variant => lang.pick($en, $zh)),+ }
            }
        }
    };
}

labels!(Channel {
    Channel::Phone => ("phone", "电话"),
    Channel::Visit => ("visit", "来访"),
    Channel::Letter => ("letter", "信函"),
    Channel::Fax => ("fax", "传真"),
    Channel::Online => ("online", "网络"),
});

labels!(CallKind {
    CallKind::Consultation => ("consultation", "咨询"),
    CallKind::Complaint => ("complaint", "投诉"),
    CallKind::Repair => ("repair request", "报修"),
    CallKind::Help => ("help request", "求助"),
    CallKind::Suggestion => ("suggestion", "意见建议"),
});

labels!(ComplaintClass {
    ComplaintClass::Minor => ("minor", "轻微投诉"),
    ComplaintClass::Important => ("important", "重要投诉"),
    ComplaintClass::Major => ("major", "重大投诉"),
});

labels!(Handler {
    Handler::CustomerServiceManager => ("customer-service manager", "客服主管"),
    Handler::ServiceCentreManager => ("service-centre manager", "服务中心经理"),
    Handler::ReportedUpward => ("reported upward", "上报上层管理处"),
});

labels!(RepairCategory {
    RepairCategory::ElevatorEntrapment => ("elevator entrapment", "电梯失控/困人"),
    RepairCategory::StructuralDanger => ("structural danger", "结构性危险"),
    RepairCategory::PowerFault => ("power cut/leakage", "停电/漏电"),
    RepairCategory::WaterFault => ("water fault", "停水/爆管/严重漏水"),
    RepairCategory::HeatingLeak => ("heating leak", "暖气跑水"),
    RepairCategory::StairsRailing => ("stairs/railing", "楼梯踏步/栏杆"),
    RepairCategory::FallingHazard => ("falling hazard", "门窗外墙坠落"),
    RepairCategory::OtherDanger => ("other danger", "其他危险"),
    RepairCategory::General => ("general", "一般报修"),
    RepairCategory::Paid => ("paid (appointment)", "有偿维修(预约)"),
});

labels!(Difficulty {
    Difficulty::Simple => ("simple", "当场解决"),
    Difficulty::Difficult => ("difficult (48 h)", "疑难(48小时)"),
    Difficulty::Major => ("major (72 h)", "重大疑难(72小时)"),
});

labels!(Warranty {
    Warranty::No => ("no", "否"),
    Warranty::Yes => ("yes", "是"),
});

labels!(YesNo {
    YesNo::Yes => ("yes", "是"),
    YesNo::No => ("no", "否"),
});

labels!(Rating {
    Rating::Satisfied => ("satisfied", "满意"),
    Rating::Neutral => ("neutral", "一般"),
    Rating::Unsatisfied => ("unsatisfied", "不满意"),
    Rating::Unrated => ("did not rate", "未评价"),
});

/// The "not given" entry of a set that starts with it (`ChoiceSet::or_none`), then the values.
macro_rules! or_none {
    ($($ty:ty => $none:expr;)+) => {$(
        impl Label for Option<$ty> {
            fn label(&self, lang: Lang) -> &'static str {
                match self {
                    Some(v) => v.label(lang),
                    None => $none.s(lang),
                }
            }
        }
    )+};
}

or_none! {
    ComplaintClass => tui::T::ClassNone;
    VerifiedBy => tui::T::NotVerified;
    YesNo => tui::T::NotRecorded;
    Rating => tui::T::NotRecorded;
}

/// Whether a resolved repair owes a callback, and why (shown as "callback: sample").
impl Label for crate::domain::callbacks::CallbackNeed {
    fn label(&self, lang: Lang) -> &'static str {
        use crate::domain::callbacks::{CallbackNeed, Mandatory};
        match self {
            CallbackNeed::Mandatory(Mandatory::Unsatisfied) => {
                lang.pick("mandatory: owner not satisfied", "必须回访: 业主不满意")
            }
            CallbackNeed::Mandatory(Mandatory::NotRated) => {
                lang.pick("mandatory: not rated", "必须回访: 业主未评价")
            }
            CallbackNeed::Mandatory(Mandatory::NotSigned) => {
                lang.pick("mandatory: not signed", "必须回访: 业主未签字")
            }
            CallbackNeed::Sample => lang.pick("sample", "抽样"),
            CallbackNeed::None => lang.pick("none owed", "无需回访"),
        }
    }
}

labels!(LogCategory {
    LogCategory::Patrol => ("patrol", "巡查"),
    LogCategory::Inspection => ("inspection", "日常巡检"),
    LogCategory::KeyLocation => ("key location check", "重点部位检查"),
    LogCategory::Incident => ("incident", "事件"),
    LogCategory::Notice => ("notice", "通知"),
    LogCategory::KeysItems => ("keys/items", "钥匙物品"),
    LogCategory::Note => ("note", "备注"),
});

/// A round at a glance, as the inspection words say it.
impl Label for Finding {
    fn label(&self, lang: Lang) -> &'static str {
        inspection::finding(*self, lang)
    }
}

labels!(IncidentType {
    IncidentType::Casualty => ("casualties", "人员伤亡"),
    IncidentType::Fire => ("fire", "火灾"),
    IncidentType::Flood => ("flood", "水浸"),
    IncidentType::Explosion => ("explosion", "爆炸"),
    IncidentType::Disaster => ("natural disaster", "自然灾害"),
    IncidentType::Violence => ("violence", "暴力事件"),
    IncidentType::Crowd => ("crowd risk", "群体性事件"),
    IncidentType::Government => ("government-assigned work", "政府交办事项"),
    IncidentType::Other => ("other major matter", "其他重大事项"),
});

labels!(ReportHow {
    ReportHow::InPerson => ("in person", "当面"),
    ReportHow::Phone => ("by phone", "电话"),
    ReportHow::Written => ("in writing", "书面"),
});

labels!(CallbackForm {
    CallbackForm::Phone => ("phone", "电话回访"),
    CallbackForm::Visit => ("on-site visit", "上门回访"),
    CallbackForm::Letter => ("letter", "信函回访"),
});

labels!(Satisfaction {
    Satisfaction::Satisfied => ("satisfied", "满意"),
    Satisfaction::Neutral => ("neutral", "一般"),
    Satisfaction::Unsatisfied => ("unsatisfied", "不满意"),
    Satisfaction::NoAnswer => ("no answer", "未接通"),
});

labels!(Status {
    Status::Logged => ("logged", "已记录"),
    Status::Draft => ("draft", "待交接"),
    Status::Signed => ("signed", "已签收"),
    Status::Received => ("received", "已受理"),
    Status::Dispatched => ("dispatched", "已派工"),
    Status::OnSite => ("on site", "已到场"),
    Status::Replied => ("replied", "已回复"),
    Status::Resolved => ("resolved", "已解决"),
    Status::Closed => ("closed", "已完结"),
    Status::Voided => ("VOIDED", "已作废"),
    Status::Issued => ("issued", "已开具"),
    Status::Used => ("used", "已放行"),
});

labels!(VerifiedBy {
    VerifiedBy::IdCard => ("ID card in person", "本人持身份证"),
    VerifiedBy::Phone => ("by phone", "电话核实"),
});

labels!(PhoneCheck {
    PhoneCheck::IdNumber => ("ID number", "身份证号"),
    PhoneCheck::Family => ("family members", "家庭成员"),
    PhoneCheck::Employer => ("employer", "工作单位"),
});

labels!(DeadlineName {
    DeadlineName::Dispatch => ("dispatch", "派工"),
    DeadlineName::Arrival => ("arrival", "到场"),
    DeadlineName::Resolution => ("resolution", "修复"),
    DeadlineName::FirstReply => ("first reply", "首次回复"),
    DeadlineName::WrittenReply => ("written reply", "书面回复"),
    DeadlineName::Reply => ("reply", "答复"),
    DeadlineName::Callback => ("callback", "回访"),
    DeadlineName::Report => ("report", "上报"),
    DeadlineName::WrittenReport => ("written report", "书面报告"),
    DeadlineName::Propose => ("propose", "答复方案"),
    DeadlineName::NotifyDeveloper => ("developer", "通知开发商"),
    DeadlineName::Notice => ("notice", "书面通知"),
    DeadlineName::QualityCallback => ("quality follow-up", "质量回访"),
});

labels!(DeadlineState {
    DeadlineState::Ok => ("ok", "正常"),
    DeadlineState::Soon => ("soon", "将到期"),
    DeadlineState::Overdue => ("OVERDUE", "已超时"),
    DeadlineState::Met => ("met", "按时"),
    DeadlineState::Missed => ("missed", "超时完成"),
    DeadlineState::Paused => ("paused", "已暂停"),
});

labels!(Urgency {
    Urgency::None => ("none", "无"),
    Urgency::Ok => ("ok", "正常"),
    Urgency::Soon => ("soon", "将到期"),
    Urgency::Overdue => ("OVERDUE", "已超时"),
});

/// The zh name of a built-in holiday (the calendar keeps English names).
pub fn holiday_name(lang: Lang, name: &str) -> String {
    if lang == Lang::En {
        return name.to_string();
    }
    let pairs = [
        ("New Year's Day", "元旦"),
        ("Spring Festival", "春节"),
        ("Qingming Festival", "清明节"),
        ("Labour Day", "劳动节"),
        ("Dragon Boat Festival", "端午节"),
        ("National Day and Mid-Autumn Festival", "国庆节、中秋节"),
        ("Mid-Autumn Festival", "中秋节"),
        ("National Day", "国庆节"),
    ];
    for (en, zh) in pairs {
        if let Some(rest) = name.strip_prefix(en) {
            return match rest {
                "" => zh.to_string(),
                " make-up working day" => format!("{zh}调休上班"),
                _ => name.to_string(),
            };
        }
    }
    name.to_string()
}

/// A countdown for people: "12 min", "overdue 3 min", "2 h 5 min", "3 d 4 h".
pub fn countdown(lang: Lang, seconds: i64) -> String {
    let overdue = seconds < 0;
    // Time left is rounded down and time overdue up: never show more time than there is.
    let minutes = if overdue {
        seconds.unsigned_abs().div_ceil(60)
    } else {
        seconds.unsigned_abs() / 60
    };
    let span = if !overdue && minutes == 0 {
        format!("<1 {}", lang.pick("min", "分钟"))
    } else if minutes < 60 {
        format!("{minutes} {}", lang.pick("min", "分钟"))
    } else if minutes < 48 * 60 {
        let (h, m) = (minutes / 60, minutes % 60);
        if m == 0 {
            format!("{h} {}", lang.pick("h", "小时"))
        } else {
            format!(
                "{h} {} {m} {}",
                lang.pick("h", "小时"),
                lang.pick("min", "分")
            )
        }
    } else {
        let (d, h) = (minutes / 1440, (minutes % 1440) / 60);
        format!(
            "{d} {} {h} {}",
            lang.pick("d", "天"),
            lang.pick("h", "小时")
        )
    };
    if overdue {
        format!("{}{span}", lang.pick("overdue ", "超时 "))
    } else {
        span
    }
}

/// Time left as a list cell: `5m`, `2h05m`, `3d4h` (`fine`) or one unit, `2h`, `3d`; overdue
/// `late 5m` / `超5分`. Rounded as `countdown` rounds.
fn countdown_short(lang: Lang, seconds: i64, fine: bool) -> String {
    let overdue = seconds < 0;
    let minutes = if overdue {
        seconds.unsigned_abs().div_ceil(60)
    } else {
        seconds.unsigned_abs() / 60
    };
    let (m, h, d) = (
        lang.pick("m", "分"),
        lang.pick("h", "小时"),
        lang.pick("d", "天"),
    );
    let span = if !overdue && minutes == 0 {
        format!("<1{m}")
    } else if minutes < 60 {
        format!("{minutes}{m}")
    } else if minutes < 48 * 60 {
        let (hours, rest) = (minutes / 60, minutes % 60);
        match lang {
            _ if !fine || rest == 0 => format!("{hours}{h}"),
            Lang::En => format!("{hours}{h}{rest:02}{m}"),
            Lang::Zh => format!("{hours}{h}{rest}{m}"),
        }
    } else {
        let (days, hours) = (minutes / 1440, (minutes % 1440) / 60);
        if fine && hours > 0 {
            format!("{days}{d}{hours}{h}")
        } else {
            format!("{days}{d}")
        }
    };
    if overdue {
        format!("{}{span}", lang.pick("late ", "超"))
    } else {
        span
    }
}

/// A deadline's name made shorter by rule: English words but the last to their initial
/// (`written report` → `w.report`), a Chinese name of more than four characters to its last
/// three (`通知开发商` → `开发商`); `harder` also cuts an English last word to three letters.
fn short_name(name: &str, harder: bool) -> String {
    if name.is_ascii() {
        let words: Vec<&str> = name.split_whitespace().collect();
        let Some((last, first)) = words.split_last() else {
            return String::new();
        };
        let mut out: String = first
            .iter()
            .filter_map(|w| w.chars().next())
            .map(|c| format!("{c}."))
            .collect();
        match last.char_indices().nth(3) {
            Some((i, _)) if harder => out.push_str(&format!("{}.", &last[..i])),
            _ => out.push_str(last),
        }
        out
    } else {
        let chars: Vec<char> = name.chars().collect();
        let keep = if harder { 2 } else { 3 };
        if chars.len() > 4 {
            chars[chars.len() - keep..].iter().collect()
        } else {
            chars[..chars.len().min(if harder { 2 } else { 4 })]
                .iter()
                .collect()
        }
    }
}

/// The list's time-left cell in at most `width` columns, shortened by rule and never cut in a
/// word: with the deadline's `name` (`arrival 5m`, `到场 5分`) where no other column names it,
/// else the countdown alone (`overdue 3 h 5 min` where it fits). The first form that fits:
/// everything, one unit of time, a shorter name, a still shorter one, the time alone.
pub fn due_cell(lang: Lang, name: Option<&str>, seconds: i64, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    let fine = countdown_short(lang, seconds, true);
    let coarse = countdown_short(lang, seconds, false);
    let tries: Vec<String> = match name {
        None => vec![countdown(lang, seconds), fine, coarse.clone()],
        Some(name) => vec![
            format!("{name} {fine}"),
            format!("{name} {coarse}"),
            format!("{} {coarse}", short_name(name, false)),
            format!("{} {coarse}", short_name(name, true)),
            coarse.clone(),
        ],
    };
    tries
        .into_iter()
        .find(|t| t.width() <= width)
        .unwrap_or(coarse)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countdowns() {
        assert_eq!(countdown(Lang::En, 12 * 60), "12 min");
        assert_eq!(countdown(Lang::En, 30), "<1 min");
        assert_eq!(countdown(Lang::En, 12 * 60 + 59), "12 min");
        assert_eq!(countdown(Lang::En, -1), "overdue 1 min");
        assert_eq!(countdown(Lang::En, -3 * 60), "overdue 3 min");
        assert_eq!(countdown(Lang::Zh, -3 * 60), "超时 3 分钟");
        assert_eq!(countdown(Lang::En, 125 * 60), "2 h 5 min");
        assert_eq!(countdown(Lang::En, 3 * 86400 + 4 * 3600), "3 d 4 h");
    }

    /// The time-left cell names its deadline and fits its column by rule, never cut.
    #[test]
    fn due_cells_shorten_by_rule() {
        use unicode_width::UnicodeWidthStr;
        let en = |name, s| due_cell(Lang::En, Some(name), s, 17);
        let zh = |name, s| due_cell(Lang::Zh, Some(name), s, 17);
        assert_eq!(en("arrival", 5 * 60 + 59), "arrival 5m");
        assert_eq!(zh("到场", 5 * 60), "到场 5分");
        assert_eq!(en("dispatch", -3 * 60), "dispatch late 3m");
        assert_eq!(zh("派工", -1), "派工 超1分");
        assert_eq!(en("arrival", 30), "arrival <1m");
        assert_eq!(en("resolution", 23 * 3600 + 50 * 60), "resolution 23h50m");
        assert_eq!(zh("修复", 23 * 3600 + 50 * 60), "修复 23小时50分");
        assert_eq!(en("callback", 3 * 86400 + 4 * 3600), "callback 3d4h");
        // Too long with minutes: hours alone; then a shorter name; then shorter still.
        assert_eq!(en("first reply", -(5 * 3600 + 7 * 60)), "f.reply late 5h");
        assert_eq!(en("first reply", 5 * 3600), "first reply 5h");
        assert_eq!(en("written report", -(23 * 3600)), "w.report late 23h");
        assert_eq!(en("developer", -(23 * 3600 + 60)), "dev. late 23h");
        assert_eq!(zh("书面报告", -(23 * 3600 + 60)), "书面报告 超23小时");
        assert_eq!(zh("通知开发商", -(23 * 3600 + 60)), "开发商 超23小时");
        // Without a name (another column has it): the countdown in words where it fits.
        assert_eq!(due_cell(Lang::En, None, -185 * 60, 17), "overdue 3 h 5 min");
        assert_eq!(
            due_cell(Lang::Zh, None, -(23 * 3600 + 50 * 60), 18),
            "超时 23 小时 50 分"
        );
        assert_eq!(
            due_cell(Lang::Zh, None, -(23 * 3600 + 50 * 60), 17),
            "超23小时50分"
        );
        // Every deadline, every length of time: within 17 columns at 80, never cut.
        for lang in [Lang::En, Lang::Zh] {
            for name in [
                "dispatch",
                "arrival",
                "resolution",
                "first reply",
                "written reply",
                "reply",
                "callback",
                "report",
                "written report",
                "propose",
                "developer",
                "派工",
                "到场",
                "修复",
                "首次回复",
                "书面回复",
                "答复",
                "回访",
                "上报",
                "书面报告",
                "答复方案",
                "通知开发商",
            ] {
                for s in [
                    -99 * 86400,
                    -47 * 3600 - 59 * 60,
                    -599 * 60,
                    -1,
                    0,
                    59 * 60,
                    47 * 3600,
                ] {
                    let cell = due_cell(lang, Some(name), s, 17);
                    assert!(cell.width() <= 17, "{cell}");
                    assert!(!cell.contains('…'), "{cell}");
                }
            }
        }
    }

    #[test]
    fn locale_picks_language() {
        assert_eq!(Lang::from_locale("zh_CN.UTF-8"), Lang::Zh);
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
        assert_eq!(
            holiday_name(Lang::Zh, "National Day make-up working day"),
            "国庆节调休上班"
        );
    }
}

/// Cut or pad `text` to exactly `width` terminal columns (CJK counts two), ending a cut with '…'.
pub fn fit(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut out = String::new();
    let mut used = 0;
    let total: usize = text.chars().map(|c| c.width().unwrap_or(0)).sum();
    let room = if total > width {
        width.saturating_sub(1)
    } else {
        width
    };
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        out.push(c);
        used += w;
    }
    if total > width && width > 0 {
        out.push('…');
        used += 1;
    }
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    out
}

#[cfg(test)]
mod fit_tests {
    #[test]
    fn fits_by_display_width() {
        assert_eq!(super::fit("电梯困人", 5), "电梯…");
        assert_eq!(super::fit("电梯", 6), "电梯  ");
        assert_eq!(super::fit("abc", 3), "abc");
        assert_eq!(super::fit("abcd", 3), "ab…");
    }
}

/// The default shift names in the interface language (names from the config are kept as typed).
pub fn shift_name(lang: Lang, name: &str) -> String {
    match (lang, name) {
        (Lang::Zh, "Day") => "白班".into(),
        (Lang::Zh, "Night") => "夜班".into(),
        (Lang::Zh, "Duty") => "值班".into(),
        // Handovers written before config text was sanitised keep the name as it was.
        _ => crate::domain::text::sanitize_line(name).into_owned(),
    }
}

/// The default estate name in the interface language.
pub fn estate_name(lang: Lang, name: &str) -> String {
    match (lang, name) {
        (Lang::Zh, "Service Centre") => "物业服务中心".into(),
        _ => name.to_string(),
    }
}

/// ASCII marker so that urgency never depends on colour: `!!` overdue, `! ` soon.
pub fn urgency_mark(u: Urgency) -> &'static str {
    match u {
        Urgency::Overdue => "!!",
        Urgency::Soon => "! ",
        _ => "  ",
    }
}

/// One timeline line for an action, in the interface language.
pub fn action_text(a: &Action, lang: Lang) -> String {
    match a {
        Action::Dispatch { to } => format!("{} {to}", lang.pick("dispatched to", "派工给")),
        Action::Arrive => lang.pick("technician on site", "维修人员到场").into(),
        Action::Assess { difficulty } => format!(
            "{} {}",
            lang.pick("assessed:", "评估:"),
            difficulty.label(lang)
        ),
        Action::Resolve {
            fee,
            signed,
            rating,
            work,
            materials,
            result,
            callback,
        } => {
            let mut parts = Vec::new();
            let mut text = |label: &str, value: &str| parts.push(format!("{label} {value}"));
            for (label, value) in [
                (lang.pick("work:", "维修内容:"), work),
                (lang.pick("materials:", "材料:"), materials),
                (lang.pick("fee", "费用"), fee),
                (lang.pick("result:", "处理结果:"), result),
            ] {
                if let Some(value) = value {
                    text(label, value);
                }
            }
            if let Some(signed) = signed {
                let yes = if *signed { YesNo::Yes } else { YesNo::No };
                text(lang.pick("signed:", "业主签字:"), yes.label(lang));
            }
            if let Some(rating) = rating {
                text(lang.pick("rating:", "评价:"), rating.label(lang));
            }
            if let Some(owed) = callback {
                let need = match owed {
                    CallbackOwed::Sample => lang.pick("sample", "抽样"),
                    CallbackOwed::NotOwed => lang.pick("none owed", "无需回访"),
                    CallbackOwed::Mandatory => lang.pick("mandatory", "必须回访"),
                };
                text(lang.pick("callback:", "回访:"), need);
            }
            let done = lang.pick("resolved", "已解决");
            if parts.is_empty() {
                done.into()
            } else {
                format!("{done} ({})", parts.join("; "))
            }
        }
        Action::Callback {
            form,
            satisfaction,
            words,
            signed,
            follow_up,
            quality,
            ..
        } => {
            let mut text = format!(
                "{} {}: {}",
                if *quality {
                    lang.pick("quality follow-up", "质量回访")
                } else {
                    lang.pick("callback", "回访")
                },
                form.label(lang),
                satisfaction.label(lang)
            );
            if let Some(signed) = signed {
                let yes = if *signed { YesNo::Yes } else { YesNo::No };
                text.push_str(&format!(
                    "; {} {}",
                    lang.pick("signed:", "业主签字:"),
                    yes.label(lang)
                ));
            }
            if let Some(words) = words {
                text.push_str(&format!("; {} {words}", lang.pick("owner:", "业主意见:")));
            }
            if let Some(id) = follow_up {
                text.push_str(&format!("; {} {id}", lang.pick("follow-up", "跟进单")));
            }
            text
        }
        Action::Notice => lang
            .pick(
                "written notice sent to the repair staff",
                "已书面通知维修人员",
            )
            .into(),
        Action::WorkOrder { repair } => format!(
            "{} {repair}",
            lang.pick("work order written:", "已转维修单:")
        ),
        Action::FoundProblem { item, repair } => {
            found_problem_text(&inspection::key_name(item, lang), *repair, lang)
        }
        Action::FollowUpOf { of, by } => match by {
            FollowUpBy::Inspection => format!(
                "{} {of}",
                lang.pick("repair of a problem found in", "巡检发现问题转维修, 巡检单")
            ),
            FollowUpBy::Callback => format!(
                "{} {of}",
                lang.pick(
                    "follow-up of an unsatisfied callback on",
                    "回访不满意的跟进, 原单"
                )
            ),
            FollowUpBy::WorkOrder => {
                format!(
                    "{} {of}",
                    lang.pick("work order from call", "来电转维修单, 来电")
                )
            }
        },
        Action::Classify { class } => {
            format!("{} {}", lang.pick("classified", "定级"), class.label(lang))
        }
        Action::Reply { written: true } => lang.pick("written reply", "书面回复").into(),
        Action::Reply { written: false } => lang.pick("replied", "已回复").into(),
        Action::Note { text } => format!("{} {text}", lang.pick("note:", "备注:")),
        Action::Void { reason } => format!("{} {reason}", lang.pick("VOIDED:", "作废:")),
        Action::Watch { instruction } => {
            format!("{} {instruction}", lang.pick("watch:", "重点关注:"))
        }
        Action::Unwatch => lang.pick("watch removed", "取消关注").into(),
        Action::Sign { by, .. } => format!(
            "{} {by}",
            lang.pick("handover accepted and signed by", "接班人签收:")
        ),
        Action::Refuse { by, reason } => format!(
            "{} {by}: {reason}",
            lang.pick("handover refused by", "接班人拒收:")
        ),
        Action::Escalate { to } => format!(
            "{} {}",
            lang.pick("open 30 days, now", "超过30天未解决, 升级为"),
            to.label(lang)
        ),
        Action::Report {
            to,
            role,
            how,
            answer,
        } => format!(
            "{} {}",
            lang.pick("reported to", "上报:"),
            report_text(
                to,
                role,
                view::Choice::of(&REPORT_HOW, *how),
                answer.as_deref(),
                lang,
            )
        ),
        Action::Close {
            outcome,
            medical_callback,
        } => {
            let mut text = format!(
                "{} {outcome}",
                lang.pick("closed, outcome:", "已完结, 结果:")
            );
            if *medical_callback {
                text.push_str(lang.pick(
                    "; the emergency patient to be called back within a week",
                    "; 急救病人一周内回访",
                ));
            }
            text
        }
        Action::NotifyHeating => lang
            .pick(
                "heating company asked to help with the repair",
                "已通知供热单位协助维修",
            )
            .into(),
        Action::Used { guard } => {
            let text = lang.pick("goods left on the pass", "物品已放行");
            match guard {
                Some(g) => format!("{text} ({} {g})", lang.pick("guard", "门岗")),
                None => text.into(),
            }
        }
        Action::WarrantyExplained => lang
            .pick(
                "explained to the owner: out of the developer's warranty",
                "已向业主说明: 已过开发商保修期",
            )
            .into(),
        Action::NotifyDeveloper => lang
            .pick(
                "developer's supervision department told (warranty)",
                "已通知开发商监理部 (保修期内)",
            )
            .into(),
        Action::Propose { text } => {
            format!(
                "{} {text}",
                lang.pick("proposal to the owner:", "向业主答复方案:")
            )
        }
        Action::Pause { reason, until: _ } => {
            format!("{} {reason}", lang.pick("paused:", "暂停计时:"))
        }
        Action::Resume => lang.pick("resumed", "恢复计时").into(),
    }
}

/// "problem became a repair: ITEM → R-…", the item named by the caller.
fn found_problem_text(item: &str, repair: RecordId, lang: Lang) -> String {
    format!(
        "{} {item} → {repair}",
        lang.pick("problem became a repair:", "问题已转维修:")
    )
}

/// One line of `record`'s timeline (the desk's detail, `show`): `event_text`, with what only
/// the record and the estate's table know — a round's item named as the config names it
/// (the event keeps only its key).
pub fn timeline_text(record: &Record, a: &Action, lang: Lang, policy: &Policy) -> String {
    match a {
        Action::FoundProblem { item, repair } => found_problem_text(
            &inspection::found_item_label(record, item, &policy.areas, lang),
            *repair,
            lang,
        ),
        _ => event_text(a, lang, policy.zone),
    }
}

/// One timeline line for an action, with the times it carries in the estate's zone (a
/// pause's `until`).
pub fn event_text(a: &Action, lang: Lang, zone: crate::domain::time::Zone) -> String {
    match a {
        Action::Pause {
            until: Some(until), ..
        } => format!(
            "{} ({} {})",
            action_text(a, lang),
            lang.pick("until", "至"),
            crate::domain::time::short(*until, zone)
        ),
        _ => action_text(a, lang),
    }
}

/// How a paused record shows: "paused: owner not home (until 11-25 18:00)".
pub fn paused_text(
    p: &crate::domain::pause::Pause,
    lang: Lang,
    zone: crate::domain::time::Zone,
) -> String {
    let mut text = format!("{} {}", lang.pick("paused:", "暂停计时:"), p.reason);
    if let Some(until) = p.until {
        text.push_str(&format!(
            " ({} {})",
            lang.pick("until", "至"),
            crate::domain::time::short(until, zone)
        ));
    }
    text
}

/// One report upward of an incident: "王经理 (项目经理), 电话: 答复".
pub fn report_text(
    to: &str,
    role: &str,
    how: view::Choice,
    answer: Option<&str>,
    lang: Lang,
) -> String {
    let mut text = format!("{to} ({role}), {}", how.label(lang));
    if let Some(answer) = answer {
        text.push_str(lang.pick("; answer: ", "; 答复: "));
        text.push_str(answer);
    }
    text
}

/// The label of a follow-up link in `show` and the desk's detail.
pub fn link_label(rel: crate::domain::links::LinkRel, lang: Lang) -> &'static str {
    use crate::domain::links::LinkRel;
    match rel {
        LinkRel::FollowUpOf => tui::T::FollowUpOf.s(lang),
        LinkRel::FollowUp => tui::T::FollowUps.s(lang),
        LinkRel::RepeatOf => tui::T::Repeat.s(lang),
        LinkRel::RepeatedBy => tui::T::RepeatedBy.s(lang),
        LinkRel::FromInspection => lang.pick("From round", "来自巡检"),
        LinkRel::FoundIn => lang.pick("Repairs", "转维修"),
    }
}
