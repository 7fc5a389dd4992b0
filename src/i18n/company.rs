//! The words of the `company` commands (issue 19).

use super::Lang;
use crate::company::push::Pushed;
use crate::company::{Break, ChainBreak, CompanyError};

pub fn pushed(lang: Lang, p: &Pushed, server: &str) -> String {
    match lang {
        Lang::En => format!(
            "{}: {} events and {} record rows sent in {} batches to {server}; the company holds \
             this estate's events up to #{}",
            p.estate, p.events, p.records, p.batches, p.last_seq
        ),
        Lang::Zh => format!(
            "{}: 已向 {server} 推送 {} 条事件、{} 条记录, 共 {} 批; 公司库已有本项目事件至 #{}",
            p.estate, p.events, p.records, p.batches, p.last_seq
        ),
    }
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
        (_, CompanyError::Store(e)) => {
            use crate::domain::refusal::ForPeople;
            super::refusals::refusal(lang, &e.for_people())
        }
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
        lang.pick(
            "deadlines (met / missed / overdue):",
            "时限 (按时 / 超时完成 / 已超时):",
        )
        .to_string(),
    ];
    for (title, c) in [
        (W::ComplaintCallbacks.s(lang), &f.complaint_callbacks),
        (W::RepairCallbacks.s(lang), &f.repair_callbacks),
    ] {
        lines.push(format!(
            "{title}: {}/{} = {} ({} {}%)",
            c.called_back,
            c.resolved,
            c.rate.map_or("-".to_string(), |r| format!("{r}%")),
            W::Target.s(lang),
            c.target
        ));
    }
    for (name, k) in &f.deadlines {
        let title = DeadlineName::parse(name).map_or(name.as_str(), |n| n.label(lang));
        lines.push(format!(
            "  {title} {} / {} / {}",
            k.met, k.missed, k.open_overdue
        ));
    }
    lines
}
