//! The command line's words, en + zh: what went wrong (`Say`), and the fixed words of the
//! lookups, `verify`, `backup` and `repair-index`; the help of `add <kind>` (English, as all
//! of clap's help). Flags, slugs and JSON keys stay as typed.

use super::Lang;
use crate::config::SettingError;
use crate::domain::{RecordId, RecordKind, Slug};

/// What was wrong with the input of a command (exit 2), said once in the interface language
/// by `cli::run`. Values as typed (ids, flags, paths) are kept, already made safe to print.
#[derive(Debug, Clone, PartialEq)]
pub enum Say {
    /// A setting in the configuration file or the environment.
    Setting(SettingError),
    /// `man COMMAND` names no command.
    NoSuchCommand(String),
    /// `--tab` names no tab.
    NotATab {
        text: String,
        /// The tabs' names, comma-separated, and how many there are.
        names: String,
        count: usize,
    },
    /// `--view` names no view.
    NotAView {
        text: String,
        /// The views' names, comma-separated.
        names: String,
    },
    /// `snapshot --tab` and `--view` together.
    TabAndView,
    /// `--size` is not WIDTHxHEIGHT.
    NotASize(String),
    /// A kind of record as typed (`list --kind`, `export --kind`).
    NotAKind(String),
    /// A record id as typed.
    NotAnId(String),
    /// `handover show ID` with the id of another kind of record.
    NotAHandover(RecordId),
    /// `show ID --print` for a record with no printed form (only passes have one).
    NoPrintedForm(RecordId),
    /// `search` with nothing to look for.
    SearchEmpty,
    /// `calendar --to` before `--from`.
    CalendarBackwards,
    /// `calendar` over more than ten years.
    CalendarTooLong,
    /// `--anchors PATH` cannot be read (the system's reason).
    AnchorsUnreadable { path: String, error: String },
    /// `--anchors PATH` holds a line that is not an anchor (the parser's words).
    AnchorsMalformed { path: String, error: String },
    /// The login name in `$var` is not UTF-8.
    LoginNotUtf8(&'static str),
    /// `DUTYDESK_NOW` is not UTF-8.
    NowNotUtf8,
    /// An environment variable clap reads is not UTF-8.
    VarNotUtf8(&'static str),
    /// An argument is not UTF-8: the value of `flag`, or the argument at `index`.
    ArgNotUtf8 { flag: Option<String>, index: usize },
    /// `demo` on a database that holds records.
    DemoNotEmpty { path: String, held: i64 },
    /// `demo --records` out of range (the demo's words: "give at least 1", "at most N").
    DemoRecords(&'static str),
    /// No home directory to keep the database in (a failure, exit 1).
    NoHomeDir,
    /// The residents directory's messages, already in both languages (`i18n::residents`).
    Residents { en: String, zh: String },
}

impl From<SettingError> for Say {
    fn from(e: SettingError) -> Self {
        Self::Setting(e)
    }
}

impl Say {
    /// The message for people, one line, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.en(),
            Lang::Zh => self.zh(),
        }
    }

    fn en(&self) -> String {
        match self {
            Self::Setting(e) => super::setting_error(Lang::En, e),
            Self::NoSuchCommand(t) => {
                format!("command: '{t}' is not a dutydesk command; see dutydesk --help")
            }
            Self::NotATab { text, names, count } => {
                format!("--tab: '{text}' is not a tab; use {names} (or 1-{count})")
            }
            Self::NotAView { text, names } => {
                format!("--view: '{text}' is not a view; use {names}")
            }
            Self::TabAndView => "--tab and --view: give one of them; a view is drawn over the \
                                 tabs, not on one"
                .into(),
            Self::NotASize(t) => format!(
                "--size: '{t}' is not a size; use WIDTHxHEIGHT such as 120x36 (1 to 1000 each)"
            ),
            Self::NotAKind(t) => format!("kind: '{t}' is not one of: {}", RecordKind::allowed()),
            Self::NotAnId(t) => format!(
                "'{t}' is not a record id; ids look like R-2026-00017 ({})",
                id_prefixes(Lang::En)
            ),
            Self::NoPrintedForm(id) => format!(
                "{id}: {}",
                crate::i18n::print::PrintWord::NoPrint.s(Lang::En)
            ),
            Self::NotAHandover(id) => {
                format!("{id} is not a handover; use dutydesk show {id}")
            }
            Self::SearchEmpty => "search: give the words, room or phone number to look for".into(),
            Self::CalendarBackwards => "--to: the last day is before --from".into(),
            Self::CalendarTooLong => "--to: at most ten years at a time".into(),
            Self::AnchorsUnreadable { path, error } => {
                format!("--anchors: cannot read {path}: {error}")
            }
            Self::AnchorsMalformed { path, error } => format!("--anchors: {path}: {error}"),
            Self::LoginNotUtf8(var) => format!(
                "operator: the login name in {var} is not valid UTF-8 text; give \
                 --operator NAME or DUTYDESK_OPERATOR; nothing was written"
            ),
            Self::NowNotUtf8 => "DUTYDESK_NOW: is not UTF-8 text; use an RFC 3339 time such as \
                                 2026-11-25T03:00:00+08:00"
                .into(),
            Self::VarNotUtf8(var) => {
                format!("{var} is not valid UTF-8 text; nothing was written")
            }
            Self::ArgNotUtf8 { flag, index } => {
                let what = match flag {
                    Some(flag) => format!("the value of {flag}"),
                    None => format!("argument {index}"),
                };
                format!("{what} is not valid UTF-8 text; nothing was written")
            }
            Self::DemoNotEmpty { path, held } => format!(
                "demo: {path} already holds {held} records; the demo only fills an empty database \
                 (choose a new file with --db PATH)"
            ),
            Self::DemoRecords(what) => format!("--records: {what}"),
            Self::NoHomeDir => {
                "cannot find a home directory for the database; use --db PATH".into()
            }
            Self::Residents { en, .. } => en.clone(),
        }
    }

    fn zh(&self) -> String {
        match self {
            Self::Setting(e) => super::setting_error(Lang::Zh, e),
            Self::NoSuchCommand(t) => {
                format!("命令: '{t}' 不是 dutydesk 的命令; 见 dutydesk --help")
            }
            Self::NotATab { text, names, count } => {
                format!("--tab: '{text}' 不是标签页; 可用 {names} (或 1-{count})")
            }
            Self::NotAView { text, names } => {
                format!("--view: '{text}' 不是视图; 可用 {names}")
            }
            Self::TabAndView => "--tab 与 --view: 只能给其中一个; 视图显示在标签页之上".into(),
            Self::NotASize(t) => {
                format!("--size: '{t}' 不是有效尺寸; 请用 宽x高, 如 120x36 (每项 1 到 1000)")
            }
            Self::NotAKind(t) => {
                format!("类型: '{t}' 不在可选值中: {}", RecordKind::allowed())
            }
            Self::NotAnId(t) => format!(
                "'{t}' 不是记录编号; 编号形如 R-2026-00017 ({})",
                id_prefixes(Lang::Zh)
            ),
            Self::NoPrintedForm(id) => format!(
                "{id}: {}",
                crate::i18n::print::PrintWord::NoPrint.s(Lang::Zh)
            ),
            Self::NotAHandover(id) => {
                format!("{id} 不是交接班记录; 请用 dutydesk show {id}")
            }
            Self::SearchEmpty => "search: 请给出要查找的文字、房号或电话号码".into(),
            Self::CalendarBackwards => "--to: 结束日期早于 --from".into(),
            Self::CalendarTooLong => "--to: 一次最多十年".into(),
            Self::AnchorsUnreadable { path, error } => {
                format!("--anchors: 无法读取 {path}: {error}")
            }
            Self::AnchorsMalformed { path, error } => {
                format!("--anchors: {path}: 格式不对: {error}")
            }
            Self::LoginNotUtf8(var) => format!(
                "值班人: {var} 中的登录名不是有效的 UTF-8 文本; 请用 --operator NAME 或 \
                 DUTYDESK_OPERATOR 指定; 未写入任何内容"
            ),
            Self::NowNotUtf8 => {
                "DUTYDESK_NOW: 不是 UTF-8 文本; 请用 RFC 3339 时间, 如 2026-11-25T03:00:00+08:00"
                    .into()
            }
            Self::VarNotUtf8(var) => format!("{var} 不是有效的 UTF-8 文本; 未写入任何内容"),
            Self::ArgNotUtf8 { flag, index } => {
                let what = match flag {
                    Some(flag) => format!("{flag} 的值"),
                    None => format!("第 {index} 个参数"),
                };
                format!("{what}不是有效的 UTF-8 文本; 未写入任何内容")
            }
            Self::DemoNotEmpty { path, held } => format!(
                "demo: {path} 已有 {held} 条记录; 演示只填充空数据库 (请用 --db PATH 另选新文件)"
            ),
            Self::DemoRecords(what) => {
                let what = match *what {
                    "give at least 1" => "至少为 1".to_string(),
                    other => match other.strip_prefix("at most ") {
                        Some(n) => format!("最多 {n}"),
                        None => other.to_string(),
                    },
                };
                format!("--records: {what}")
            }
            Self::NoHomeDir => "找不到存放数据库的主目录; 请用 --db PATH 指定".into(),
            Self::Residents { zh, .. } => zh.clone(),
        }
    }
}

words! {
    /// The fixed words of the lookups, `verify`, `anchor` and the damage notice.
    CliWord {
        NoRecords => ("(no records)", "(没有记录)"),
        RepeatMark => ("[repeat] ", "[重复] "),
        // add: after the new record's id
        RepeatNote => ("note: a repeat — same place and problem as", "注意: 重复报事 — 同一地点同一问题, 见"),
        NotShown => ("record(s) could not be read and are not shown:", "条记录无法读取, 未显示:"),
        RunVerify => ("run `dutydesk verify`", "请运行 dutydesk verify"),
        // calendar
        Working => ("working", "工作日"),
        Rest => ("rest", "休息日"),
        NoHolidays => ("note: no public holidays are known for", "注意: 没有以下年份的法定节假日安排, 请在配置文件中补充:"),
        // progress bars on stderr
        Filling => ("writing demo records", "写入演示记录"),
        Verifying => ("verifying", "校验中"),
        Exporting => ("exporting", "导出中"),
        // stats
        StatRecords => ("records", "记录"),
        StatOpen => ("open", "未完结"),
        StatOverdue => ("overdue", "已超时"),
        StatSoon => ("soon", "将到期"),
        StatFile => ("file", "文件"),
        // verify, anchor
        RulesNote => ("note: the open records' deadline columns were written under other rules than \
                       this configuration's ([rules], time zone or holidays), so their values were not \
                       compared (only that they fit the histories); to compare them, run verify with \
                       the desk's configuration",
                      "注意: 未结记录的时限列是按与本配置不同的规则 ([rules]、时区或节假日) 写入的, \
                       因此未比对其数值 (只核对了与历史相符); 如需比对, 请用值班台的配置运行 verify"),
        RepeatsNote => ("note: repeats were decided under other repeat windows (or the repeat rule \
                         before) than this configuration's: each was checked to point to an earlier record \
                         of the same room (or also without one) and category, the rest was not compared \
                         (repair-index works them all out again)",
                        "注意: 重复报事是按与本配置不同的重复期限 (或旧的重复规则) 判定的: 只核对了每条都指向\
                         同一房号 (或同为无房号)、同一类别的更早记录, 其余未比对 (repair-index 会全部重新判定)"),
        VerifyFailed => ("verify FAILED: the database is not as the program wrote it", "校验失败: 数据库已不是程序写入时的样子"),
        ChainBroken => ("chain broken at event", "历史链断于事件"),
        Record => ("record", "记录"),
        RowNotHistory => ("in its row, but its history gives", "与其历史不符, 历史为"),
        IdsWithoutRecord => ("ids were handed out that no record holds: the newest records may have been \
                              deleted with their history. Compare with a backup or `dutydesk verify \
                              --anchors PATH`; repair-index never lowers a counter (ids are never reused)",
                             "有已发出的编号不属于任何记录: 最新的记录可能连同其历史被删除。请与备份核对, \
                              或运行 dutydesk verify --anchors PATH; repair-index 不会调低编号计数 (编号不重复使用)"),
        Rebuildable => ("the lists, counts and search are built from the histories: if the chain \
                         holds, `dutydesk repair-index` rebuilds them",
                        "列表、计数和搜索由历史生成: 若历史链完好, 可运行 dutydesk repair-index 重建"),
        SignedHandover => ("signed handover", "已签收的交接"),
        FileCheck => ("file check", "文件检查"),
        AnchorLine => ("anchor line", "锚点行"),
        NothingAnchored => ("nothing was anchored: a broken chain must not be vouched for", "未写入锚点: 不能为已损坏的历史链作证"),
    }
}

/// `--at`'s help, on every command that records something (English, as clap's help).
pub const AT_HELP: &str = "When it really happened, if not now: 2026-11-25T03:00:00+08:00, \
                           '2026-11-25 03:00' or 03:00";

pub use super::kinds::{add_about, add_flag_help};

/// What `verify` found when all is well: counts, the chain head, and what else matched.
pub struct VerifyOk<'a> {
    pub events: i64,
    pub records: i64,
    pub head_seq: i64,
    pub head: &'a str,
    pub file_check: &'a str,
    pub heads_checked: usize,
    pub anchors_checked: usize,
}

/// "L log, C call, R repair, H handover": each kind's id letter and name, from the registry.
fn id_prefixes(lang: Lang) -> String {
    RecordKind::ALL
        .iter()
        .map(|k| {
            let name = match lang {
                Lang::En => k.slug(),
                Lang::Zh => super::Label::label(k, lang),
            };
            format!("{} {name}", k.prefix())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `verify`'s line when all is well.
pub fn verify_ok(lang: Lang, r: &VerifyOk) -> String {
    let anchors = match (r.anchors_checked, lang) {
        (0, _) => String::new(),
        (n, Lang::En) => format!(", {n} anchors match"),
        (n, Lang::Zh) => format!(", {n} 个外部锚点一致"),
    };
    let heads = match (r.heads_checked, lang) {
        (0, _) => String::new(),
        (n, Lang::En) => format!(", {n} signed handover heads match"),
        (n, Lang::Zh) => format!(", {n} 个已签收交接的链头一致"),
    };
    match lang {
        Lang::En => format!(
            "ok: {} events in {} records, chain head #{} {}, file {} ok{heads}{anchors}",
            r.events, r.records, r.head_seq, r.head, r.file_check
        ),
        Lang::Zh => format!(
            "正常: {} 条记录共 {} 个事件, 链头 #{} {}, 文件检查 ({}) 正常{heads}{anchors}",
            r.records, r.events, r.head_seq, r.head, r.file_check
        ),
    }
}

/// " (and N more records)" after the first record that does not match its history.
pub fn more_records(lang: Lang, more: u64) -> String {
    match lang {
        Lang::En => format!(" (and {more} more records)"),
        Lang::Zh => format!(" (另有 {more} 条记录)"),
    }
}

/// `repair-index`'s line when done.
pub fn index_rebuilt(lang: Lang, records: u64, repeats: u64, secs: f64) -> String {
    match lang {
        Lang::En => format!(
            "repair-index: {records} records rebuilt from their histories ({repeats} repeats), the search \
             index and the id counters too, in {secs:.1} s"
        ),
        Lang::Zh => format!(
            "repair-index: 已按历史重建 {records} 条记录 (其中重复报事 {repeats} 条)、搜索索引和编号计数, 用时 {secs:.1} 秒"
        ),
    }
}

/// What `backup` wrote, already checked.
pub struct BackupDone<'a> {
    pub path: &'a str,
    pub records: i64,
    pub events: i64,
    pub bytes: u64,
    pub head_seq: i64,
    pub head: &'a str,
}

/// `backup`'s line when done.
pub fn backup_written(lang: Lang, b: &BackupDone) -> String {
    let BackupDone {
        path,
        records,
        events,
        bytes,
        head_seq,
        head,
    } = b;
    match lang {
        Lang::En => format!(
            "backup written: {path}: {records} records, {events} events, {bytes} bytes, verified (chain head #{head_seq} {head})"
        ),
        Lang::Zh => format!(
            "备份已写入: {path}: {records} 条记录, {events} 个事件, {bytes} 字节, 已校验 (链头 #{head_seq} {head})"
        ),
    }
}

/// Said on stderr before the first write to a file from before the repeat rule works out every
/// record's repeat again.
pub fn rederive_notice(lang: Lang) -> &'static str {
    lang.pick(
        "dutydesk: working out again which records repeat which (the file was written before \
         the current repeat rule); on a million records this takes 10 to 30 s, once. Please wait.",
        "dutydesk: 正在按现行规则重新判定重复报修/投诉 (文件写于该规则之前); 百万条记录约需 10 至 30 秒, \
         只此一次, 请稍候。",
    )
}

/// Said on stderr before a database is upgraded to the program's version.
pub fn upgrade_notice(lang: Lang, from: usize, to: usize) -> String {
    match lang {
        Lang::En => format!(
            "dutydesk: updating the database from version {from} to {to}; on a large file this takes \
             up to a minute, once. Please wait."
        ),
        Lang::Zh => format!(
            "dutydesk: 正在把数据库从第 {from} 版升级到第 {to} 版; 数据多时需要约一分钟, 只此一次, 请稍候。"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_say_has_both_languages() {
        let all = [
            Say::NotATab {
                text: "x".into(),
                names: "log".into(),
                count: 1,
            },
            Say::NotASize("x".into()),
            Say::NotAView {
                text: "x".into(),
                names: "reviews".into(),
            },
            Say::TabAndView,
            Say::NotAKind("x".into()),
            Say::NotAnId("x".into()),
            Say::NotAHandover(RecordId::parse("L-2026-00001").unwrap()),
            Say::SearchEmpty,
            Say::CalendarBackwards,
            Say::CalendarTooLong,
            Say::AnchorsUnreadable {
                path: "p".into(),
                error: "e".into(),
            },
            Say::AnchorsMalformed {
                path: "p".into(),
                error: "e".into(),
            },
            Say::LoginNotUtf8("USER"),
            Say::NowNotUtf8,
            Say::VarNotUtf8("DUTYDESK_LANG"),
            Say::ArgNotUtf8 {
                flag: None,
                index: 2,
            },
            Say::DemoNotEmpty {
                path: "p".into(),
                held: 3,
            },
            Say::DemoRecords("give at least 1"),
            Say::NoHomeDir,
        ];
        for say in all {
            let (en, zh) = (say.text(Lang::En), say.text(Lang::Zh));
            assert_ne!(en, zh, "{say:?}");
            assert!(!en.contains('\n') && !zh.contains('\n'), "{say:?}");
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{say:?}: {zh}"
            );
        }
    }

    #[test]
    fn demo_bounds_in_chinese() {
        assert_eq!(
            Say::DemoRecords("at most 20000000").text(Lang::Zh),
            "--records: 最多 20000000"
        );
    }
}
