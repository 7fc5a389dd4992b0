//! Why the store wrote or read nothing, for people (English and Chinese): the one translation
//! of `domain::refusal`. The store's `Display` is the English here.

use super::Lang;
use super::problems::rule_error;
use crate::domain::refusal::{
    BackupRefusal, Damage, FileChange, ForPeople, ReadOnlyReason, Refusal,
};
use crate::domain::text::sanitize_line;
use std::path::Path;

/// A store failure for people, in the interface language.
pub fn store_error(lang: Lang, error: &impl ForPeople) -> String {
    refusal(lang, &error.for_people())
}

pub fn refusal(lang: Lang, r: &Refusal) -> String {
    match lang {
        Lang::En => refusal_en(r),
        Lang::Zh => refusal_zh(r),
    }
}

/// English; a rule's refusal names fields as the desk does (`RuleError`'s `Display` as the
/// command line does).
fn refusal_en(r: &Refusal) -> String {
    match r {
        Refusal::Rule(e) => rule_error(Lang::En, e),
        Refusal::NotFound(id) => format!("no record {id}"),
        Refusal::ReadOnly(ReadOnlyReason::Asked) => {
            "the database is open read-only (--read-only); nothing was written".into()
        }
        Refusal::ReadOnly(ReadOnlyReason::NoPermission) => "you may read but not write this \
            database (no write permission); nothing was written"
            .into(),
        Refusal::NoDatabase(path) => format!(
            "no database at {}; nothing was created — check --db / DUTYDESK_DB",
            path.display()
        ),
        Refusal::Busy => {
            "busy: another dutydesk has the database locked; nothing was written, try again".into()
        }
        Refusal::FileChanged(FileChange::Removed, path) => format!(
            "the database file {} was removed after dutydesk opened it; nothing was \
             written. Put the file back (or restore the latest backup, docs/reliability.md) \
             and start dutydesk again",
            path.display()
        ),
        Refusal::FileChanged(FileChange::Replaced, path) => format!(
            "the database file {} was replaced (a restore?) after dutydesk opened it; \
             nothing was written. Start dutydesk again to work on the file now there",
            path.display()
        ),
        Refusal::BackupRefused(why, path) => format!("path: {}", backup_en(*why, path)),
        Refusal::Damaged { id, reason } => damaged(Lang::En, id, reason),
        Refusal::Other(said) => said.clone(),
    }
}

fn refusal_zh(r: &Refusal) -> String {
    match r {
        Refusal::Rule(e) => rule_error(Lang::Zh, e),
        Refusal::ReadOnly(ReadOnlyReason::Asked) => {
            "数据库以只读方式打开 (--read-only), 未写入".into()
        }
        Refusal::ReadOnly(ReadOnlyReason::NoPermission) => "没有写入该数据库的权限, 未写入".into(),
        Refusal::Busy => "忙: 数据库正被其他值班台占用, 未写入, 请重试".into(),
        Refusal::NotFound(id) => format!("没有记录 {id}"),
        Refusal::NoDatabase(path) => format!(
            "{} 处没有数据库; 未创建任何文件 — 请检查 --db / DUTYDESK_DB",
            path.display()
        ),
        Refusal::BackupRefused(why, path) => backup_zh(*why, path),
        Refusal::FileChanged(FileChange::Removed, path) => format!(
            "数据库文件 {} 在 dutydesk 打开后被删除, 未写入。请放回该文件 (或恢复最近的备份, \
             见 docs/reliability.md) 后重新启动 dutydesk",
            path.display()
        ),
        Refusal::FileChanged(FileChange::Replaced, path) => format!(
            "数据库文件 {} 在 dutydesk 打开后被替换 (恢复了备份?), 未写入。请重新启动 dutydesk \
             以使用现在的文件",
            path.display()
        ),
        Refusal::Damaged { id, reason } => damaged(Lang::Zh, id, reason),
        Refusal::Other(said) => said.clone(),
    }
}

/// A record that cannot be read, in one line.
pub fn damaged(lang: Lang, id: &str, reason: &Damage) -> String {
    let id = sanitize_line(id);
    match lang {
        Lang::En => format!(
            "record {id} cannot be read: {}; run `dutydesk verify`",
            damage_reason(lang, reason)
        ),
        Lang::Zh => format!(
            "记录 {id} 无法读取: {}; 请运行 dutydesk verify",
            damage_reason(lang, reason)
        ),
    }
}

/// Why a record cannot be read, in the interface language.
pub fn damage_reason(lang: Lang, reason: &Damage) -> String {
    match (lang, reason) {
        (Lang::En, Damage::BadId) => "its id is not a record id this version knows".into(),
        (Lang::En, Damage::NoHistory) => "its events are missing".into(),
        (Lang::En, Damage::Unreadable(seq)) => {
            format!("event #{seq} cannot be read (damaged, or written by a newer version)")
        }
        (Lang::En, Damage::Invalid(why)) => {
            format!("its events do not make a valid record ({why})")
        }
        (Lang::Zh, Damage::BadId) => "其编号不是本版本认识的记录编号".into(),
        (Lang::Zh, Damage::NoHistory) => "其处理记录 (事件) 缺失".into(),
        (Lang::Zh, Damage::Unreadable(seq)) => {
            format!("事件 #{seq} 无法读取 (已损坏, 或由更新的版本写入)")
        }
        (Lang::Zh, Damage::Invalid(why)) => format!("其事件不能构成有效记录 ({why})"),
    }
}

/// The English of a damage reason.
impl std::fmt::Display for Damage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&damage_reason(Lang::En, self))
    }
}

/// Why `backup` wrote nothing, in English.
pub fn backup_en(why: BackupRefusal, path: &Path) -> String {
    let p = path.display();
    let keep = |why: String| {
        format!("{p} {why}; nothing was written, even with --force — give another path")
    };
    match why {
        BackupRefusal::NoFolder => format!("the folder {p} does not exist; nothing was written"),
        BackupRefusal::Exists { force: false } => format!("{p} exists; nothing was written"),
        BackupRefusal::Exists { force: true } => format!(
            "{p} exists; nothing was written — give a new name, or add --force to replace \
             an earlier backup copy there"
        ),
        BackupRefusal::NotAFile => keep("is not a regular file".into()),
        BackupRefusal::InUse(suffix) => keep(format!(
            "has a {} file beside it: a desk or another SQLite program has it open (or \
             stopped in the middle of a write)",
            suffix.trim_start_matches('-')
        )),
        BackupRefusal::Locked => {
            keep("is open as a database by another program (it holds a lock on it)".into())
        }
        BackupRefusal::NotACopy => keep("is not a dutydesk backup copy".into()),
        BackupRefusal::OtherHistory => keep(
            "holds history this database does not have (another estate's database, or \
             records added to it since it was copied)"
                .into(),
        ),
    }
}

fn backup_zh(why: BackupRefusal, path: &Path) -> String {
    let p = path.display();
    let keep = |why: String| format!("路径: {p} {why}; 即使加 --force 也未写入 — 请换一个路径");
    match why {
        BackupRefusal::NoFolder => format!("路径: 文件夹 {p} 不存在, 未写入"),
        BackupRefusal::Exists { force: false } => format!("路径: {p} 已存在, 未写入"),
        BackupRefusal::Exists { force: true } => {
            format!("路径: {p} 已存在, 未写入 — 请换一个新文件名, 或加 --force 替换那里较早的备份")
        }
        BackupRefusal::NotAFile => keep("不是普通文件".into()),
        BackupRefusal::InUse(suffix) => keep(format!(
            "旁边有 {} 文件: 值班台或其他 SQLite 程序正打开它 (或写入中途停止)",
            suffix.trim_start_matches('-')
        )),
        BackupRefusal::Locked => keep("正被另一个程序作为数据库打开 (持有锁)".into()),
        BackupRefusal::NotACopy => keep("不是 dutydesk 的备份".into()),
        BackupRefusal::OtherHistory => {
            keep("含有本数据库没有的历史 (另一个小区的数据库, 或复制后又写入了记录)".into())
        }
    }
}
