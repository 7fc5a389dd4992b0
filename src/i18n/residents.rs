//! The residents directory's words (业主档案), en + zh: field names, the household card, the
//! import's row problems and summaries.

use super::Lang;
use crate::domain::residents::sheet::{RowError, SheetError};
use crate::domain::residents::{HField, HProblem, HouseholdError};
use crate::store::residents::HouseholdRefusal;

words! {
    /// Fixed words of `residents` and `room`.
    RWord {
        Occupied => ("occupied", "已入住"),
        Vacant => ("vacant", "空置"),
        NoHouseholds => ("(no households)", "(没有住户)"),
        NotInDirectory => ("not in the directory", "不在业主档案中"),
        OpenMatters => ("Open matters", "未办结事项"),
        Last90Days => ("Last 90 days", "近 90 天记录"),
        NoRecords => ("(none)", "(无)"),
        History => ("History", "变更记录"),
        Importing => ("Importing households", "正在导入住户"),
        Exporting => ("Exporting households", "正在导出住户"),
        Masked => ("(phones and ID numbers masked)", "(电话和身份证号已隐去部分)"),
        Matches => ("households match", "户匹配"),
        Added => ("added", "新建"),
        Changed => ("changed", "修改"),
        Cleared => ("(cleared)", "(清空)"),
    }
}

/// A field's name for people.
pub fn field(lang: Lang, f: HField) -> &'static str {
    match f {
        HField::Room => lang.pick("room", "房号"),
        HField::Owner => lang.pick("owner", "业主"),
        HField::Phone => lang.pick("phone", "电话"),
        HField::IdNumber => lang.pick("ID number", "身份证号"),
        HField::Family => lang.pick("family", "家庭成员"),
        HField::Employer => lang.pick("employer", "工作单位"),
        HField::MoveIn => lang.pick("moved in", "入住日期"),
        HField::Tenant => lang.pick("tenant", "租户"),
        HField::TenantPhone => lang.pick("tenant's phone", "租户电话"),
        HField::Occupied => lang.pick("occupied", "是否入住"),
        HField::Notes => lang.pick("notes", "备注"),
    }
}

/// What is wrong with a value, without the field.
pub fn problem(lang: Lang, p: &HProblem) -> String {
    match (lang, p) {
        (Lang::En, HProblem::NoRoom) => "missing; every household has a room".into(),
        (Lang::Zh, HProblem::NoRoom) => "为空; 每户都要有房号".into(),
        (Lang::En, HProblem::Room(t)) => {
            format!("'{t}' is not a room; use building-unit-room such as 3-2-1201")
        }
        (Lang::Zh, HProblem::Room(t)) => {
            format!("'{t}' 不是房号; 格式为 楼-单元-房号, 如 3-2-1201")
        }
        (Lang::En, HProblem::Phone(t)) => format!(
            "'{t}' is neither a Chinese mobile (11 digits, 13x–19x) nor a landline (010-12345678)"
        ),
        (Lang::Zh, HProblem::Phone(t)) => {
            format!("'{t}' 既不是手机号 (11 位, 13x–19x) 也不是固定电话 (010-12345678)")
        }
        (Lang::En, HProblem::IdShape) => {
            "not an ID number (18 characters: region, birth date, sequence, check digit or X)"
                .into()
        }
        (Lang::Zh, HProblem::IdShape) => {
            "不是有效的身份证号 (18 位: 地区码、出生日期、顺序码、校验位或 X)".into()
        }
        (Lang::En, HProblem::IdCheck { expected }) => {
            format!("the check digit is wrong (the first 17 digits call for {expected})")
        }
        (Lang::Zh, HProblem::IdCheck { expected }) => {
            format!("校验位不对 (按前 17 位应为 {expected})")
        }
        (Lang::En, HProblem::Date(t)) => {
            format!("'{t}' is not a date between 1950 and 2099 (YYYY-MM-DD)")
        }
        (Lang::Zh, HProblem::Date(t)) => format!("'{t}' 不是 1950 至 2099 年间的日期 (YYYY-MM-DD)"),
        (Lang::En, HProblem::YesNo(t)) => format!("'{t}' is not yes or no"),
        (Lang::Zh, HProblem::YesNo(t)) => format!("'{t}' 不是 是/否"),
        (Lang::En, HProblem::TooLong { max }) => format!("longer than {max} characters"),
        (Lang::Zh, HProblem::TooLong { max }) => format!("超过 {max} 个字"),
        (Lang::En, HProblem::Unsafe) => "holds control characters".into(),
        (Lang::Zh, HProblem::Unsafe) => "含有控制字符".into(),
        (Lang::En, HProblem::DuplicateRoom { first_row }) => {
            format!("the same room as row {first_row} of this file")
        }
        (Lang::Zh, HProblem::DuplicateRoom { first_row }) => {
            format!("与本文件第 {first_row} 行房号重复")
        }
        (Lang::En, HProblem::Exists(r)) => {
            format!("{r} is in the directory already; change it with residents edit {r}")
        }
        (Lang::Zh, HProblem::Exists(r)) => {
            format!("{r} 已在业主档案中; 修改请用 residents edit {r}")
        }
        (Lang::En, HProblem::NotFound(r)) => format!("{r} is not in the directory"),
        (Lang::Zh, HProblem::NotFound(r)) => format!("{r} 不在业主档案中"),
        (Lang::En, HProblem::NothingToChange) => "nothing to change".into(),
        (Lang::Zh, HProblem::NothingToChange) => "没有要修改的内容".into(),
    }
}

/// `field: problem`, one line.
pub fn error(lang: Lang, e: &HouseholdError) -> String {
    match e.field {
        Some(f) => format!("{}: {}", field(lang, f), problem(lang, &e.problem)),
        None => problem(lang, &e.problem),
    }
}

pub fn row_error(lang: Lang, e: &RowError) -> String {
    match lang {
        Lang::En => format!("row {}: {}", e.row, error(lang, &e.error)),
        Lang::Zh => format!("第 {} 行: {}", e.row, error(lang, &e.error)),
    }
}

pub fn refusal(lang: Lang, r: &HouseholdRefusal) -> String {
    let p = match r {
        HouseholdRefusal::Exists(room) => HProblem::Exists(room.clone()),
        HouseholdRefusal::NotFound(room) => HProblem::NotFound(room.clone()),
        HouseholdRefusal::NothingToChange(_) => HProblem::NothingToChange,
    };
    problem(lang, &p)
}

pub fn sheet_error(lang: Lang, e: &SheetError) -> String {
    let slugs = HField::ALL.map(HField::slug).join(", ");
    match (lang, e) {
        (Lang::En, SheetError::NoRoomColumn) => "no column holds the room (房号/room); name it \
            with --map COLUMN=room"
            .into(),
        (Lang::Zh, SheetError::NoRoomColumn) => {
            "没有房号列 (房号/room); 请用 --map 列名=room 指定".into()
        }
        (Lang::En, SheetError::NoSuchColumn(c)) => format!("--map: the sheet has no column '{c}'"),
        (Lang::Zh, SheetError::NoSuchColumn(c)) => format!("--map: 表中没有 '{c}' 列"),
        (Lang::En, SheetError::BadMap(t)) => {
            format!("--map: '{t}' is not COLUMN=FIELD with FIELD one of: {slugs}")
        }
        (Lang::Zh, SheetError::BadMap(t)) => {
            format!("--map: '{t}' 不是 列名=字段, 字段可用: {slugs}")
        }
        (Lang::En, SheetError::TwoColumns(f)) => {
            format!("two columns hold {}; name one with --map", f.slug())
        }
        (Lang::Zh, SheetError::TwoColumns(f)) => {
            format!("有两列都是 {}; 请用 --map 指定一列", field(lang, *f))
        }
    }
}

pub fn not_a_spreadsheet(lang: Lang, path: &str, why: &str) -> String {
    match lang {
        Lang::En => format!(
            "{path}: not a spreadsheet dutydesk can read (.xlsx, .xls or .csv): {why}; nothing \
             was written"
        ),
        Lang::Zh => {
            format!("{path}: 不是可读取的表格 (.xlsx、.xls 或 .csv): {why}; 未写入任何内容")
        }
    }
}

/// "1 row", "2 rows": a count with its English noun.
fn count(n: impl Into<i64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The end of a dry run or an import.
pub fn import_summary(lang: Lang, good: usize, bad: usize, written: Option<usize>) -> String {
    let rows = |n: usize| count(n as i64, "row", "rows");
    let households = |n: usize| count(n as i64, "household", "households");
    match (lang, written) {
        (Lang::En, None) if bad > 0 => format!(
            "{} good, {bad} cannot be read; nothing written (fix them, or give \
             --skip-bad to import only the good rows)",
            rows(good)
        ),
        (Lang::Zh, None) if bad > 0 => format!(
            "{good} 行可导入, {bad} 行无法读取; 未写入任何内容 (请修正, 或加 --skip-bad 只导入可读的行)"
        ),
        (Lang::En, None) => format!(
            "{} ready; nothing written (--apply writes them)",
            households(good)
        ),
        (Lang::Zh, None) => format!("{good} 户可导入; 未写入任何内容 (加 --apply 写入)"),
        (Lang::En, Some(n)) => format!(
            "{} written ({} unchanged), {} skipped",
            households(n),
            good - n,
            rows(bad)
        ),
        (Lang::Zh, Some(n)) => format!("已写入 {n} 户 ({} 户无变化), 跳过 {bad} 行", good - n),
    }
}

pub fn unmasked_read_only(lang: Lang) -> String {
    lang.pick(
        "--unmasked: full phone and ID numbers are only for an operator who can write; this \
         database is read-only for you",
        "--unmasked: 完整电话和身份证号只给可写入的值班员; 本数据库对你只读",
    )
    .into()
}

pub fn phone_not_in_directory(lang: Lang, text: &str) -> String {
    format!("{text}: {}", RWord::NotInDirectory.s(lang))
}

pub fn verify_ok(lang: Lang, events: i64, households: i64) -> String {
    match lang {
        Lang::En => format!(
            "ok: residents directory: {} of {}, its chain and every lookup row match the \
             history",
            count(events, "change", "changes"),
            count(households, "household", "households")
        ),
        Lang::Zh => {
            format!("正常: 业主档案: {households} 户共 {events} 次变更, 链条和所有查询行与历史一致")
        }
    }
}

pub fn verify_break(lang: Lang, seq: i64, room: &str) -> String {
    match lang {
        Lang::En => format!(
            "residents directory: change #{seq} ({room}) is not as written (edited, inserted, \
             deleted or reordered)"
        ),
        Lang::Zh => {
            format!("业主档案: 第 {seq} 次变更 ({room}) 与写入时不符 (被修改、插入、删除或调换)")
        }
    }
}

pub fn verify_mismatch(lang: Lang, room: &str, what: &str) -> String {
    match lang {
        Lang::En => {
            format!("residents directory: {room}: a lookup row disagrees with its history: {what}")
        }
        Lang::Zh => format!("业主档案: {room}: 查询行与变更历史不符: {what}"),
    }
}

/// What a check against the directory found, as one line (`add pass`, the desk's message):
/// never the values on file.
pub fn directory_check(
    lang: Lang,
    check: &crate::domain::residents::checked::DirectoryCheck,
) -> String {
    use crate::domain::residents::checked::{DirectoryCheck, OnFile};
    let name = |f: &OnFile| match f {
        OnFile::Owner => lang.pick("owner", "业主姓名"),
        OnFile::IdNumber => lang.pick("ID number", "身份证号"),
    };
    let list = |v: &[OnFile]| {
        v.iter()
            .map(name)
            .collect::<Vec<_>>()
            .join(lang.pick(", ", "、"))
    };
    match check {
        DirectoryCheck::NotInDirectory { room: Some(room) } => lang
            .pick(
                "{room} is not in the residents directory: not checked against it",
                "{room} 不在业主档案中: 未与档案核对",
            )
            .replace("{room}", room),
        DirectoryCheck::NotInDirectory { room: None } => lang
            .pick(
                "no room: not checked against the residents directory",
                "未填房号: 未与业主档案核对",
            )
            .into(),
        DirectoryCheck::Checked {
            room,
            matched,
            not_on_file,
        } => {
            let mut out = match lang {
                Lang::En => format!("checked against the directory for {room}"),
                Lang::Zh => format!("已与档案 {room} 核对"),
            };
            if !matched.is_empty() {
                out.push_str(&match lang {
                    Lang::En => format!(": {} match", list(matched)),
                    Lang::Zh => format!(": {}相符", list(matched)),
                });
            }
            if !not_on_file.is_empty() {
                out.push_str(&match lang {
                    Lang::En => format!("; not on file: {}", list(not_on_file)),
                    Lang::Zh => format!("; 档案未填: {}", list(not_on_file)),
                });
            }
            out
        }
    }
}

/// The yearly household callbacks' words (`residents callbacks`, the monthly report).
pub mod yearly {
    use crate::domain::kinds::Satisfaction;
    use crate::domain::residents::yearly::YearlyRate;
    use crate::i18n::{Label, Lang};

    /// The mark of a household with notes in the yearly callbacks (never colour alone).
    pub const NOTE_MARK: &str = "✎";

    /// "✎ notes: lives alone, hard of hearing": a household's notes, to be read before calling
    /// (on one line: the directory's notes may hold line breaks; sanitised).
    pub fn notes(lang: Lang, notes: &str) -> String {
        let notes = crate::domain::text::sanitize_line(notes);
        format!(
            "{NOTE_MARK} {}: {}",
            super::field(lang, super::HField::Notes),
            notes.trim()
        )
    }

    /// "12 of 20 occupied households called back in 2026 (60%, target 100%)".
    pub fn rate(lang: Lang, r: &YearlyRate) -> String {
        let rate = r
            .rate
            .map(|x| format!("{x}%"))
            .unwrap_or_else(|| "-".into());
        match lang {
            Lang::En => format!(
                "{} of {} occupied households called back in {} ({rate}, target {}%)",
                r.called, r.occupied, r.year, r.target
            ),
            Lang::Zh => format!(
                "{} 年已回访 {}/{} 户入住住户 ({rate}, 目标 {}%)",
                r.year, r.called, r.occupied, r.target
            ),
        }
    }

    pub fn called(lang: Lang, day: &str, result: Satisfaction) -> String {
        match lang {
            Lang::En => format!("called {day} ({})", result.label(lang)),
            Lang::Zh => format!("已回访 {day} ({})", result.label(lang)),
        }
    }

    pub fn due(lang: Lang, tries: usize) -> String {
        match (lang, tries) {
            (Lang::En, 0) => "due".into(),
            (Lang::En, 1) => "due (1 try, nobody reached)".into(),
            (Lang::En, n) => format!("due ({n} tries, nobody reached)"),
            (Lang::Zh, 0) => "待回访".into(),
            (Lang::Zh, n) => format!("待回访 (已试 {n} 次, 未联系上)"),
        }
    }

    pub fn none(lang: Lang, due: bool) -> &'static str {
        match due {
            true => lang.pick(
                "(every occupied household called back this year)",
                "(今年入住住户均已回访)",
            ),
            false => lang.pick("(no occupied households)", "(没有入住住户)"),
        }
    }

    /// The monthly report's row title.
    pub fn title(lang: Lang) -> &'static str {
        lang.pick("yearly callbacks", "住户年度回访")
    }

    /// The desk's view's title: "2026: 12 of 20 called back (60%, target 100%)".
    pub fn rate_short(lang: Lang, r: &YearlyRate) -> String {
        let rate = r
            .rate
            .map(|x| format!("{x}%"))
            .unwrap_or_else(|| "-".into());
        match lang {
            Lang::En => format!(
                "{}: {} of {} called back ({rate}, target {}%)",
                r.year, r.called, r.occupied, r.target
            ),
            Lang::Zh => format!(
                "{} 年已回访 {}/{} 户 ({rate}, 目标 {}%)",
                r.year, r.called, r.occupied, r.target
            ),
        }
    }

    /// The desk's view: "12 due (of 40)" while filtered, else "40 due".
    pub fn due_count(lang: Lang, shown: usize, due: usize) -> String {
        match (lang, shown == due) {
            (Lang::En, true) => format!("{due} due"),
            (Lang::En, false) => format!("{shown} of {due} due"),
            (Lang::Zh, true) => format!("{due} 户待回访"),
            (Lang::Zh, false) => format!("{shown}/{due} 户待回访"),
        }
    }

    /// The desk's view of those called back: "3 of 12 called back" while filtered, else
    /// "12 called back".
    pub fn called_count(lang: Lang, shown: usize, called: usize) -> String {
        match (lang, shown == called) {
            (Lang::En, true) => format!("{called} called back"),
            (Lang::En, false) => format!("{shown} of {called} called back"),
            (Lang::Zh, true) => format!("{called} 户已回访"),
            (Lang::Zh, false) => format!("{shown}/{called} 户已回访"),
        }
    }

    /// Nobody called back yet this year.
    pub fn none_called(lang: Lang) -> &'static str {
        lang.pick(
            "(no household called back yet this year)",
            "(今年尚无已回访住户)",
        )
    }

    /// A due household's tries so far: "no answer ×2".
    pub fn tries(lang: Lang, result: Satisfaction, n: usize) -> String {
        match n {
            0 | 1 => result.label(lang).to_string(),
            n => format!("{} ×{n}", result.label(lang)),
        }
    }
}

/// `repair-index`: the directory's lookup rows rebuilt from its history.
pub fn households_rebuilt(lang: Lang, n: u64) -> String {
    match (lang, n) {
        (Lang::En, 1) => {
            "residents directory: 1 household's lookup rows rebuilt from its history".into()
        }
        (Lang::En, n) => {
            format!("residents directory: {n} households' lookup rows rebuilt from their history")
        }
        (Lang::Zh, n) => format!("业主档案: 已按变更历史重建 {n} 户的查询行"),
    }
}

/// `search`: the heading of the households found (masked), and where the rest are.
pub fn households_found(lang: Lang, text: &str, more: bool) -> String {
    match (lang, more) {
        (Lang::En, false) => "Households in the residents directory (masked):".into(),
        (Lang::En, true) => format!(
            "Households in the residents directory (masked; more: residents list --find {text}):"
        ),
        (Lang::Zh, false) => "业主档案中的住户 (已隐去部分号码):".into(),
        (Lang::Zh, true) => {
            format!("业主档案中的住户 (已隐去部分号码; 更多: residents list --find {text}):")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_and_one_household_are_singular() {
        assert!(import_summary(Lang::En, 1, 1, None).starts_with("1 row good, 1 cannot"));
        assert!(import_summary(Lang::En, 1, 0, None).starts_with("1 household ready;"));
        assert_eq!(
            import_summary(Lang::En, 1, 1, Some(1)),
            "1 household written (0 unchanged), 1 row skipped"
        );
        assert_eq!(
            import_summary(Lang::En, 3, 2, Some(2)),
            "2 households written (1 unchanged), 2 rows skipped"
        );
        assert!(verify_ok(Lang::En, 1, 1).contains("1 change of 1 household,"));
    }
}
