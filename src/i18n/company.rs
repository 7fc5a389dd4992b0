//! The words of the `company` commands (issue 19).

use super::Lang;
use crate::company::push::Pushed;
use crate::company::{Break, ChainBreak, CompanyError};

pub fn pushed(lang: Lang, p: &Pushed, server: &str) -> String {
    let r = &p.residents;
    let directory = match (lang, r.last_seq) {
        (_, 0) => String::new(),
        (Lang::En, last) => format!(
            "; {} changes of the residents directory (for the yearly household callbacks) \
             sent, up to #{last}",
            r.changes
        ),
        (Lang::Zh, last) => format!(
            "; 住户名册变更 {} 条 (供年度住户回访统计) 已推送, 至 #{last}",
            r.changes
        ),
    };
    let events = match lang {
        Lang::En => format!(
            "{}: {} events and {} record rows sent in {} batches to {server}; the company holds \
             this estate's events up to #{}",
            p.estate, p.events, p.records, p.batches, p.last_seq
        ),
        Lang::Zh => format!(
            "{}: 已向 {server} 推送 {} 条事件、{} 条记录, 共 {} 批; 公司库已有本项目事件至 #{}",
            p.estate, p.events, p.records, p.batches, p.last_seq
        ),
    };
    format!("{events}{directory}")
}

pub fn initialised(lang: Lang, applied: &[i32], latest: i32, server: &str) -> String {
    let list = applied
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    match (lang, applied.is_empty()) {
        (Lang::En, true) => {
            format!("{server}: the company schema is up to date (version {latest})")
        }
        (Lang::Zh, true) => format!("{server}: 公司库结构已是最新 (版本 {latest})"),
        (Lang::En, false) => format!("{server}: company schema migrations applied: {list}"),
        (Lang::Zh, false) => format!("{server}: 已执行公司库结构迁移: {list}"),
    }
}

pub fn error(lang: Lang, e: &CompanyError) -> String {
    match (lang, e) {
        (Lang::En, CompanyError::Unreachable { url, why }) => format!(
            "the company server {url} cannot be reached ({why}); nothing was lost: the desk keeps \
             its history and the next push resumes where this one stopped"
        ),
        (Lang::Zh, CompanyError::Unreachable { url, why }) => format!(
            "无法连接公司服务器 {url} ({why}); 数据未丢失: 本机保留全部记录, 下次推送从中断处继续"
        ),
        (Lang::En, CompanyError::Server(why)) => {
            format!("the company server refused: {why}; nothing more was pushed")
        }
        (Lang::Zh, CompanyError::Server(why)) => format!("公司服务器拒绝: {why}; 未再推送"),
        (Lang::En, CompanyError::NoSchema { have, want }) => format!(
            "the company database has schema version {have}, this program needs {want}, and this \
             role may not create it: run `dutydesk company init` with the owner's URL \
             (docs/company.md)"
        ),
        (Lang::Zh, CompanyError::NoSchema { have, want }) => format!(
            "公司库结构版本为 {have}, 本程序需要 {want}, 当前账号无权创建: 请用库所有者的地址运行 \
             `dutydesk company init` (见 docs/company.md)"
        ),
        (_, CompanyError::Chain(b)) => chain(lang, b),
        (Lang::En, CompanyError::LocalChain { seq }) => format!(
            "this desk's history chain is broken at event #{seq}; nothing from there on was \
             pushed. Run `dutydesk verify`"
        ),
        (Lang::Zh, CompanyError::LocalChain { seq }) => {
            format!("本机历史链在事件 #{seq} 处断开; 此后的事件未推送。请运行 `dutydesk verify`")
        }
        (_, CompanyError::Directory(b)) => directory(lang, b),
        (Lang::En, CompanyError::LocalDirectory { seq }) => format!(
            "this desk's residents directory chain is broken at change #{seq}; nothing of the \
             directory from there on was pushed. Run `dutydesk verify`"
        ),
        (Lang::Zh, CompanyError::LocalDirectory { seq }) => format!(
            "本机住户名册的历史链在第 #{seq} 条变更处断开; 此后的名册变更未推送。请运行 `dutydesk verify`"
        ),
        (_, CompanyError::Store(e)) => {
            use crate::domain::refusal::ForPeople;
            super::refusals::refusal(lang, &e.for_people())
        }
    }
}

/// A command that only reads the server (or creates its schema) failed: said without the
/// push's "nothing was lost … resumes".
pub fn read_error(lang: Lang, e: &CompanyError) -> String {
    match (lang, e) {
        (Lang::En, CompanyError::Unreachable { url, why }) => {
            format!("the company server {url} cannot be reached ({why})")
        }
        (Lang::Zh, CompanyError::Unreachable { url, why }) => {
            format!("无法连接公司服务器 {url} ({why})")
        }
        (Lang::En, CompanyError::Server(why)) => format!("the company server refused: {why}"),
        (Lang::Zh, CompanyError::Server(why)) => format!("公司服务器拒绝: {why}"),
        _ => error(lang, e),
    }
}

fn chain(lang: Lang, b: &ChainBreak) -> String {
    let (estate, seq) = (&b.estate, b.seq);
    match (lang, b.why) {
        (Lang::En, Break::Differs) => format!(
            "refused: the company server's history of estate '{estate}' differs from this desk's \
             at event #{seq}. Two desks may be configured with one estate name, or this file was \
             restored from an old backup. Nothing was pushed"
        ),
        (Lang::Zh, Break::Differs) => format!(
            "拒绝推送: 公司服务器上项目 '{estate}' 的历史在事件 #{seq} 处与本机不同。可能两台值班机\
             配置了同一项目名, 或本机文件是从旧备份恢复的。未推送任何内容"
        ),
        (Lang::En, Break::Behind { desk_last }) => format!(
            "refused: the company server holds estate '{estate}' up to event #{seq}, this desk only \
             up to #{desk_last}. This file may be restored from an old backup, or another desk \
             uses the estate name. Nothing was pushed"
        ),
        (Lang::Zh, Break::Behind { desk_last }) => format!(
            "拒绝推送: 公司服务器上项目 '{estate}' 已有事件至 #{seq}, 本机只到 #{desk_last}。本机文件可能\
             是从旧备份恢复的, 或另一台值班机使用了同一项目名。未推送任何内容"
        ),
        (Lang::En, Break::Moved) => format!(
            "refused: the batch starting at event #{seq} does not continue estate '{estate}''s \
             chain on the company server (another desk pushed to it meanwhile); that batch was \
             not stored"
        ),
        (Lang::Zh, Break::Moved) => format!(
            "拒绝: 从事件 #{seq} 开始的一批不接续公司服务器上项目 '{estate}' 的历史链 (期间另一台\
             值班机推送过); 该批未保存"
        ),
    }
}

/// The residents directory's chain and the server's part (`company::households`).
fn directory(lang: Lang, b: &ChainBreak) -> String {
    let (estate, seq) = (&b.estate, b.seq);
    match (lang, b.why) {
        (Lang::En, Break::Differs) => format!(
            "refused: the company server's residents directory of estate '{estate}' differs from \
             this desk's at change #{seq}. Two desks may be configured with one estate name, or \
             this file was restored from an old backup. The directory was not pushed"
        ),
        (Lang::Zh, Break::Differs) => format!(
            "拒绝推送: 公司服务器上项目 '{estate}' 的住户名册在第 #{seq} 条变更处与本机不同。可能两台\
             值班机配置了同一项目名, 或本机文件是从旧备份恢复的。住户名册未推送"
        ),
        (Lang::En, Break::Behind { desk_last }) => format!(
            "refused: the company server holds estate '{estate}''s residents directory up to \
             change #{seq}, this desk only up to #{desk_last}. This file may be restored from an \
             old backup, or another desk uses the estate name. The directory was not pushed"
        ),
        (Lang::Zh, Break::Behind { desk_last }) => format!(
            "拒绝推送: 公司服务器上项目 '{estate}' 的住户名册已有变更至 #{seq}, 本机只到 \
             #{desk_last}。本机文件可能是从旧备份恢复的, 或另一台值班机使用了同一项目名。住户名册未推送"
        ),
        (Lang::En, Break::Moved) => format!(
            "refused: the residents directory's batch starting at change #{seq} does not continue \
             estate '{estate}''s directory on the company server (another desk pushed to it \
             meanwhile); that batch was not stored"
        ),
        (Lang::Zh, Break::Moved) => format!(
            "拒绝: 从住户名册第 #{seq} 条变更开始的一批不接续公司服务器上项目 '{estate}' 的名册 \
             (期间另一台值班机推送过); 该批未保存"
        ),
    }
}

pub fn overdue_heading(lang: Lang, now: &str) -> String {
    match lang {
        Lang::En => format!("Overdue now ({now}), per estate:"),
        Lang::Zh => format!("当前超时 ({now}), 按项目:"),
    }
}

pub fn total(lang: Lang) -> &'static str {
    lang.pick("total", "合计")
}

pub fn urgent(lang: Lang) -> &'static str {
    lang.pick("[URGENT]", "【紧急】")
}

pub fn report_heading(lang: Lang, from: &str, to: &str) -> String {
    match lang {
        Lang::En => format!("Company report {from} ~ {to}, per estate:"),
        Lang::Zh => format!("公司统计 {from} ~ {to}, 按项目:"),
    }
}

pub fn bad_date(lang: Lang, text: &str) -> String {
    match lang {
        Lang::En => format!("--date: '{text}' is not a date (YYYY-MM-DD, 2000 to 2099)"),
        Lang::Zh => format!("--date: '{text}' 不是日期 (YYYY-MM-DD, 2000 至 2099 年)"),
    }
}

pub fn no_such_estate(lang: Lang, text: &str, known: &str) -> String {
    match lang {
        Lang::En => {
            format!("--estate: the company server holds no estate '{text}' (it holds: {known})")
        }
        Lang::Zh => format!("--estate: 公司服务器上没有项目 '{text}' (现有: {known})"),
    }
}

/// One estate's figures in lines: records, calls by kind, complaints by class, urgent repairs,
/// incidents, and each deadline met / missed / overdue.
pub fn report_lines(lang: Lang, f: &crate::company::report::Figures) -> Vec<String> {
    use super::Label;
    use super::report::ReportWord as W;
    use super::reviews::label_of;
    use crate::domain::deadline::DeadlineName;
    use crate::domain::{CallKind, ComplaintClass};
    let list = |pairs: Vec<(String, i64)>| {
        if pairs.is_empty() {
            "-".to_string()
        } else {
            let each: Vec<_> = pairs.iter().map(|(k, n)| format!("{k} {n}")).collect();
            each.join(", ")
        }
    };
    let mut lines = vec![
        format!(
            "{} {} ({} {})",
            W::Records.s(lang),
            f.records,
            W::Voided.s(lang),
            f.voided
        ),
        format!(
            "{}: {}",
            W::CallsByKind.s(lang),
            list(
                f.calls_by_kind
                    .iter()
                    .map(|(k, n)| (label_of::<CallKind>(lang, k), *n))
                    .collect()
            )
        ),
        format!(
            "{}: {}",
            W::ComplaintsByClass.s(lang),
            list(
                f.complaints_by_class
                    .iter()
                    .map(|(k, n)| (label_of::<ComplaintClass>(lang, k), *n))
                    .collect()
            )
        ),
        format!(
            "{}: {}",
            lang.pick("urgent repairs", "急修"),
            f.urgent_repairs
        ),
        format!("{} {}", lang.pick("incidents", "重大事项"), f.incidents),
    ];
    for (title, c) in [
        (W::ComplaintCallbacks.s(lang), &f.complaint_callbacks),
        (W::RepairCallbacks.s(lang), &f.repair_callbacks),
    ] {
        lines.push(format!(
            "{title}: {}/{} = {} ({} {}%); {} {}, {} {} = {} ({} {}%), {} {}",
            c.called_back,
            c.resolved,
            c.rate.map_or("-".to_string(), |r| format!("{r}%")),
            W::Target.s(lang),
            c.target,
            W::OnSite.s(lang),
            c.on_site,
            W::SignedVisits.s(lang),
            c.signed_visits,
            c.signed_visit_rate
                .map_or("-".to_string(), |r| format!("{r}%")),
            W::Target.s(lang),
            crate::domain::report::SIGNED_VISIT_TARGET,
            W::Owed.s(lang),
            c.owed,
        ));
    }
    lines.push(format!(
        "{}: {}",
        W::QualityCallbacks.s(lang),
        f.quality_callbacks
    ));
    lines.push(format!(
        "{}: {}",
        W::Satisfaction.s(lang),
        list(
            f.satisfaction
                .iter()
                .map(|(k, n)| (label_of::<crate::domain::Satisfaction>(lang, k), *n))
                .collect()
        )
    ));
    let h = &f.handovers;
    lines.push(format!(
        "{} {}: {} {}, {} {}, {} {}",
        W::ShiftChanges.s(lang),
        h.shift_changes,
        W::SignedOnTime.s(lang),
        h.signed_on_time,
        W::SignedLate.s(lang),
        h.signed_late,
        W::NotSigned.s(lang),
        h.not_signed
    ));
    lines.push(
        lang.pick(
            "deadlines (met / missed / overdue / open):",
            "时限 (按时 / 超时完成 / 已超时 / 未到期):",
        )
        .to_string(),
    );
    for (name, k) in &f.deadlines {
        let title = DeadlineName::parse(name).map_or(name.as_str(), |n| n.label(lang));
        lines.push(format!(
            "  {title} {} / {} / {} / {}",
            k.met, k.missed, k.open_overdue, k.open
        ));
    }
    if let Some(d) = &f.daily {
        lines.extend(daily_lines(lang, d));
    }
    lines.extend(rounds_line(lang, &f.rounds));
    if let Some(a) = &f.complaint_analysis {
        lines.extend(analysis_lines(lang, a));
    }
    if let Some(y) = &f.household_callbacks {
        lines.push(format!(
            "{}: {}",
            super::residents::yearly::title(lang),
            super::residents::yearly::rate(lang, y)
        ));
    }
    if let Some(p) = &f.callback_problems {
        lines.extend(super::reviews::callback_problem_lines(lang, p));
    }
    lines
}

/// The morning meeting's lists (`report_daily`), sanitised.
fn daily_lines(lang: Lang, d: &crate::company::report_daily::DailyLists) -> Vec<String> {
    use super::Label;
    use super::report::ReportWord as W;
    use crate::domain::deadline::DeadlineName;
    use crate::domain::text::sanitize_line;
    let none = || format!("  {}", W::NoneListed.s(lang));
    let mut lines = vec![W::MissedDeadlines.s(lang).to_string()];
    if d.missed.is_empty() {
        lines.push(none());
    }
    for m in &d.missed {
        let title = DeadlineName::parse(&m.deadline).map_or(m.deadline.as_str(), |n| n.label(lang));
        let done = match &m.done {
            Some(at) => format!("{} {at}", W::DoneAt.s(lang)),
            None => W::StillOverdue.s(lang).to_string(),
        };
        lines.push(format!(
            "  {} {title} {} {}, {done}",
            sanitize_line(&m.id),
            W::Due.s(lang),
            m.due
        ));
    }
    let open: Vec<_> = d.still_open.iter().map(|i| sanitize_line(i)).collect();
    lines.push(format!(
        "{}: {}",
        W::StillOpen.s(lang),
        if open.is_empty() {
            W::NoneListed.s(lang).to_string()
        } else {
            open.join(", ")
        }
    ));
    lines.push(W::Incidents.s(lang).to_string());
    if d.incidents.is_empty() {
        lines.push(none());
    }
    for i in &d.incidents {
        lines.push(format!(
            "  {} {} [{}] {}",
            sanitize_line(&i.id),
            super::reviews::label_of::<crate::domain::IncidentType>(lang, &i.category),
            sanitize_line(&i.status),
            sanitize_line(&i.summary)
        ));
    }
    lines.push(W::LateHandovers.s(lang).to_string());
    if d.late_handovers.is_empty() {
        lines.push(none());
    }
    for h in &d.late_handovers {
        let state = match &h.signed_at {
            Some(at) => format!("{} {at}", W::SignedLate.s(lang)),
            None => W::NotSigned.s(lang).to_string(),
        };
        let id = h.id.as_deref().map_or("-".into(), sanitize_line);
        lines.push(format!(
            "  {} {} {id}: {state}",
            W::ShiftStart.s(lang),
            h.shift_start
        ));
    }
    lines
}

/// The day's inspection rounds, worded as the desk's daily report words them (the areas
/// short of their rounds by name), area slugs from the server sanitised.
fn rounds_line(lang: Lang, r: &crate::company::rounds::Rounds) -> Option<String> {
    use super::rounds::{RoundsWord as W, day_line};
    use crate::company::rounds::Rounds;
    use crate::domain::kinds::inspection::rounds::{AreaRounds, DayRounds};
    let clean = |areas: &[AreaRounds]| -> Vec<AreaRounds> {
        areas
            .iter()
            .map(|a| AreaRounds {
                area: crate::domain::text::sanitize_line(&a.area).into_owned(),
                name: a
                    .name
                    .as_deref()
                    .map(|n| crate::domain::text::sanitize_line(n).into_owned()),
                ..a.clone()
            })
            .collect()
    };
    let title = W::Title.s(lang);
    Some(match r {
        Rounds::NotAsked => return None,
        Rounds::Unknown => format!(
            "{title}: {}",
            lang.pick(
                "not known (this estate's desk has not pushed its area table yet)",
                "未知 (该项目值班机尚未推送巡检区域表)"
            )
        ),
        Rounds::Estate(d) if d.patrols_per_day == 0 => {
            format!("{title}: {}", W::NoneExpected.s(lang))
        }
        Rounds::Estate(d) => {
            let d = DayRounds {
                areas: clean(&d.areas),
                ..d.clone()
            };
            format!(
                "{title} ({} {}): {}",
                d.patrols_per_day,
                W::PerDay.s(lang),
                day_line(&d, lang)
            )
        }
        Rounds::Total(t) => {
            let d = DayRounds {
                date: t.date.clone(),
                patrols_per_day: 0,
                expected: t.expected,
                done: t.done,
                missed: t.missed,
                areas: clean(&t.areas),
            };
            format!("{title}: {}", day_line(&d, lang))
        }
    })
}

/// The complaint analysis, worded as the estate's report words it.
fn analysis_lines(
    lang: Lang,
    c: &crate::domain::report_complaints::ComplaintAnalysis,
) -> Vec<String> {
    use super::reviews::{AnalysisLine, complaint_analysis};
    complaint_analysis(lang, c)
        .into_iter()
        .map(|line| match line {
            AnalysisLine::Text(text) => text,
            AnalysisLine::Figure(title, value) => format!("{title}: {value}"),
        })
        .collect()
}

pub fn refolded(lang: Lang, rows: u64) -> String {
    match lang {
        Lang::En => format!("{rows} record rows folded again from this desk's file"),
        Lang::Zh => format!("已按本机数据重新生成 {rows} 条记录"),
    }
}
