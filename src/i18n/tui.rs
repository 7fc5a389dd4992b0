//! The TUI's words, en + zh, in one place.

use super::Lang;
pub use super::problems::rule_error;
use crate::store::backup::Refusal;
use crate::store::{FileChange, ReadOnlyReason, StoreError};

macro_rules! texts {
    ($($name:ident => ($en:literal, $zh:literal)),+ $(,)?) => {
        /// Every fixed text of the TUI.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum T { $($name),+ }

        impl T {
            /// The text in the interface language.
            pub fn s(self, lang: Lang) -> &'static str {
                match self { $(T::$name => lang.pick($en, $zh)),+ }
            }
        }
    };
}

texts! {
    // Tabs.
    TabLog => ("Duty log", "值班记录"),
    TabCalls => ("Calls", "来电来访"),
    TabRepairs => ("Repairs", "急修/报修"),
    TabHandover => ("Handover", "交接班"),
    // Header.
    Overdue => ("overdue", "超时"),
    Soon => ("soon", "将到期"),
    ReadOnly => ("READ-ONLY", "只读"),
    FileLost => ("FILE GONE", "文件已失效"),
    NewAbove => ("new (Home)", "条新记录 (Home)"),
    FileRemovedStatus => ("Database file removed: nothing can be saved, forms stay as drafts. Put it back, restart the desk.", "数据库文件已被删除: 无法保存, 表单保留为草稿。请放回文件后重启值班台。"),
    FileReplacedStatus => ("Database file replaced: nothing can be saved, forms stay as drafts. Restart the desk.", "数据库文件已被替换: 无法保存, 表单保留为草稿。请重启值班台。"),
    Operator => ("on duty:", "值班:"),
    ShiftLeft => ("left", "剩余"),
    Enlarge => ("Please enlarge the window", "请把窗口放大"),
    EnlargeSize => ("the desk needs at least 80×24; now", "值班台至少需要 80×24; 当前"),
    // Columns.
    ColId => ("ID", "编号"),
    ColTime => ("Time", "时间"),
    ColPlace => ("Where", "位置"),
    ColRoom => ("Room", "房号"),
    ColSummary => ("Summary", "内容"),
    ColStatus => ("Status", "状态"),
    ColDue => ("Deadline", "时限"),
    ColDueIn => ("Due in", "剩余"),
    ColCategory => ("Category", "类别"),
    ColKind => ("Kind", "类型"),
    ColChannel => ("Via", "方式"),
    ColName => ("Name", "姓名"),
    ColPhone => ("Phone", "电话"),
    ColTechnician => ("Technician", "维修人员"),
    ColBy => ("By", "记录人"),
    // Lists and detail.
    EmptyList => ("Nothing here yet. n: new record", "暂无记录。n: 新建"),
    DamagedRow => ("cannot be read: run dutydesk verify", "无法读取: 请运行 dutydesk verify"),
    DamagedHelp => ("The other records are not affected. Restore it from a backup if verify finds damage.", "其他记录不受影响。如 verify 发现损坏, 请从备份恢复。"),
    ListUnreadable => ("This list could not be read: run dutydesk verify", "无法读取此列表: 请运行 dutydesk verify"),
    EmptyFiltered => ("No record matches the filter. Esc: clear", "没有符合筛选的记录。Esc: 清除"),
    EmptyHandover => ("Nothing open is overdue or due before this shift ends.", "本班结束前没有到期或超时的待办事项。"),
    NoSelection => ("No record selected.", "未选择记录。"),
    Filter => ("Filter", "筛选"),
    Deadlines => ("Deadlines", "时限"),
    Timeline => ("Timeline", "处理记录"),
    Created => ("created", "登记"),
    Written => ("written", "录入"),
    Urgent => ("URGENT", "急修"),
    Voided => ("VOIDED", "已作废"),
    VoidReason => ("Void reason", "作废原因"),
    Repeat => ("repeat of", "重复报事, 见"),
    Watched => ("[flag] ", "[关注] "),
    WatchLabel => ("For the next shift", "交接关注"),
    HandoverRecord => ("Handover", "交接"),
    HandoverNone => ("not started; n: add a note", "尚未开始; n: 添加备注"),
    HandoverNotes => ("notes", "条备注"),
    RepeatOf => ("note: a repeat of", "注意: 重复报事, 见"),
    Earlier => ("earlier events", "条更早的记录"),
    Received => ("Received", "受理时间"),
    Notes => ("Notes", "备注"),
    Records => ("records", "条"),
    More => ("more below", "更多"),
    // Handover tab.
    HandoverShift => ("Shift", "班次"),
    HandoverEnds => ("ends", "结束于"),
    HandoverOpen => ("to hand over", "待交接"),
    HandoverDueBefore => ("due before the shift ends", "本班结束前到期"),
    // Forms.
    FormNewLog => ("New duty-log entry", "新值班记录"),
    FormNewCall => ("New call / visit", "新来电来访"),
    FormNewRepair => ("New repair", "新报修"),
    FormDispatch => ("Dispatch a technician", "派工"),
    FormArrive => ("Technician on site", "维修人员到场"),
    FormAssess => ("Assess the fault", "评估难度"),
    FormReply => ("Reply given", "已回复"),
    FormReplyWritten => ("Written reply given", "已书面回复"),
    FormResolve => ("Resolved", "已解决"),
    FormCallback => ("Callback done", "回访"),
    FormClassify => ("Classify the complaint", "投诉定级"),
    FormNote => ("Add a note", "添加备注"),
    FormVoid => ("Void the record", "作废记录"),
    FormWatch => ("Flag for the next shift", "交接重点关注"),
    FormUnwatch => ("Remove the handover flag", "取消交接关注"),
    FormHandoverNote => ("Note for the handover", "交接班备注"),
    FormHandoverSign => ("Incoming shift: accept and sign the handover", "接班人签收交接班"),
    FormHandoverRefuse => ("Incoming shift: refuse the handover", "接班人拒收交接班"),
    HandoverSigned => ("handover signed by", "交接班已签收, 接班人"),
    HandoverRefused => ("handover refused; the outgoing shift stays responsible", "已拒收; 交班人继续负责"),
    DraftWatch => ("watch", "关注"),
    DraftUrgent => ("urgent repairs", "急修"),
    DraftComplaints => ("complaints awaiting reply", "待回复投诉"),
    DraftCallbacks => ("callbacks due", "待回访"),
    DraftSinceLast => ("since last handover:", "与上次交接比:"),
    DraftNew => ("new", "新增"),
    DraftClosed => ("closed", "已完结"),
    DraftStill => ("still open", "仍未完结"),
    DraftNotSigned => ("NOT SIGNED:", "未签收:"),
    NoteAdded => ("note added to the handover", "已添加交接班备注"),
    FormConfirm => ("Enter: record it now · Esc: cancel", "Enter: 立即记录 · Esc: 取消"),
    FormKeys => ("Tab: next field · Enter: save · Esc: cancel", "Tab: 下一项 · Enter: 保存 · Esc: 取消"),
    FormChoiceKeys => ("Left/Right or Space: choose", "左右键或空格: 选择"),
    Suggested => ("suggested", "按内容建议"),
    Now => ("now", "现在"),
    Required => ("required", "必填"),
    Optional => ("optional", "选填"),
    ClassNone => ("not classified", "未定级"),
    FieldSummary => ("Summary", "内容"),
    FieldLocation => ("Location", "位置"),
    FieldCategory => ("Category", "类别"),
    FieldCallKind => ("Kind", "类型"),
    FieldChannel => ("Channel", "方式"),
    FieldClass => ("Class", "投诉级别"),
    FieldName => ("Name", "姓名"),
    FieldReporter => ("Reporter", "报修人"),
    FieldRoom => ("Room", "房号"),
    FieldPhone => ("Phone", "电话"),
    FieldAppointment => ("Appointment", "预约时间"),
    FieldAt => ("Time", "时间"),
    FieldTo => ("Technician", "维修人员"),
    FieldDifficulty => ("Difficulty", "难度"),
    FieldCallbackForm => ("Form", "回访方式"),
    FieldSatisfaction => ("Satisfaction", "满意度"),
    FieldFee => ("Fee", "费用"),
    FieldNote => ("Note", "备注"),
    FieldReason => ("Reason", "原因"),
    FieldIncoming => ("Incoming person", "接班人"),
    FieldWatch => ("To check", "关注事项"),
    Saved => ("saved", "已保存"),
    NothingSaved => ("Cancelled; nothing was saved.", "已取消, 未保存。"),
    DraftRestored => ("Restored the form you had not saved. Enter: save · Esc: discard", "已恢复上次未保存的表单。Enter: 保存 · Esc: 放弃"),
    DraftFailed => ("Could not keep the unsaved form on disk:", "无法在磁盘上保存未提交的表单:"),
    ErrorPrefix => ("Error:", "错误:"),
    // Search, help, quit.
    SearchTitle => ("Search every record", "搜索全部记录"),
    SearchPrompt => ("Words, room or phone:", "关键词、房号或电话:"),
    SearchNone => ("No record found.", "未找到记录。"),
    SearchHits => ("found", "条结果"),
    FieldSearch => ("search", "搜索"),
    HelpTitle => ("Keys", "按键说明"),
    ConfirmQuitTitle => ("Quit?", "退出?"),
    ConfirmQuitText => ("The form is not saved. Quit? (It is kept and offered next time.)", "表单尚未保存。仍要退出吗? (内容会保留, 下次打开时恢复)"),
    ModeList => ("The list", "列表"),
    ModeFilter => ("Typing a filter", "输入筛选"),
    ModeSearch => ("Searching", "搜索"),
    ModeForm => ("In a form", "表单"),
    ModeHelp => ("This help", "帮助"),
    ModeConfirm => ("Asked before quitting", "退出确认"),
    // Status-bar hints.
    HintNew => ("new", "新建"),
    HintSign => ("sign", "签收"),
    HintRefuse => ("refuse", "拒收"),
    HelpSign => ("Handover tab: the incoming person accepts and signs the handover (it is then frozen)", "交接班: 接班人签收 (签收后不可更改)"),
    HelpRefuse => ("Handover tab: the incoming person refuses, with a reason", "交接班: 接班人拒收并说明原因"),
    HintDispatch => ("dispatch", "派工"),
    HintArrive => ("arrived", "到场"),
    HintAssess => ("assess", "评估"),
    HintReply => ("reply", "回复"),
    HintReplyWritten => ("written reply", "书面回复"),
    HintResolve => ("resolve", "解决"),
    HintCallback => ("callback", "回访"),
    HintClassify => ("classify", "定级"),
    HintNote => ("note", "备注"),
    HintVoid => ("void", "作废"),
    HintWatch => ("flag", "关注"),
    HintUnwatch => ("unflag", "取消关注"),
    HintFilter => ("filter", "筛选"),
    HintSearch => ("search", "搜索"),
    HintBack => ("back", "返回"),
    HintZoom => ("detail", "详情"),
    HintHelp => ("help", "帮助"),
    HintQuit => ("quit", "退出"),
    HintKeepFilter => ("keep filter", "保留筛选"),
    HintClear => ("clear", "清除"),
    HintOpen => ("open", "打开"),
    HintClose => ("close", "关闭"),
    HintSave => ("save", "保存"),
    HintCancel => ("cancel", "取消"),
    HintNextField => ("next field", "下一项"),
    HintChoose => ("choose", "选择"),
    HintQuitAnyway => ("quit", "退出"),
    HintStay => ("stay", "返回"),
    // Help lines.
    HelpNew => ("New record in this tab (on the handover tab: a note for the handover)", "在本页新建记录 (交接班页: 添加交接班备注)"),
    HelpDispatch => ("Repair: dispatch a technician", "报修: 派工"),
    HelpArrive => ("Repair: the technician is on site", "报修: 维修人员到场"),
    HelpAssess => ("Repair: assess the difficulty (48 h / 72 h)", "报修: 评估难度 (48/72小时)"),
    HelpReply => ("Call: a reply was given", "来电: 已回复"),
    HelpReplyWritten => ("Written complaint: the written reply was given", "书面投诉: 已书面回复"),
    HelpResolve => ("Resolved (repair: optional fee)", "已解决 (报修可填费用)"),
    HelpCallback => ("Callback done, with the owner's satisfaction", "回访及满意度"),
    HelpClassify => ("Complaint: set its class", "投诉定级"),
    HelpNote => ("Add a note to the timeline", "在处理记录中添加备注"),
    HelpWatch => ("Flag for the next shift: what to check (shown in the handover)", "交接重点关注: 需接班人查看的事项 (列入交接)"),
    HelpUnwatch => ("Remove the handover flag", "取消交接关注"),
    HelpVoid => ("Void a mistaken record (a reason is required; it stays visible)", "作废错误记录 (须填原因, 记录保留)"),
    HelpFilter => ("Filter this list as you type (words, room, phone)", "边输入边筛选本页 (关键词、房号、电话)"),
    HelpSearch => ("Search every record of every kind", "搜索所有类型的记录"),
    HelpClearFilter => ("Clear the filter / leave the detail view", "清除筛选 / 退出详情"),
    HelpZoom => ("Show the detail full size (again: back)", "放大详情 (再按返回)"),
    HelpHelp => ("This help", "本帮助"),
    HelpQuit => ("Quit (asks first if a form holds text)", "退出 (表单有内容时先确认)"),
    HelpNextTab => ("Next tab", "下一页"),
    HelpPrevTab => ("Previous tab", "上一页"),
    HelpTab1 => ("Duty log", "值班记录"),
    HelpTab2 => ("Calls and visits", "来电来访"),
    HelpTab3 => ("Repairs", "急修/报修"),
    HelpTab4 => ("Handover", "交接班"),
    HelpUp => ("Previous record", "上一条"),
    HelpDown => ("Next record", "下一条"),
    HelpPageUp => ("A page up", "上一页"),
    HelpPageDown => ("A page down", "下一页"),
    HelpTop => ("First record (most urgent)", "第一条 (最紧急)"),
    HelpBottom => ("Last record", "最后一条"),
    HelpRedraw => ("Repaint the screen", "重绘屏幕"),
    HelpKeepFilter => ("Keep the filter, back to the list", "保留筛选, 返回列表"),
    HelpOpenHit => ("Show the record in its tab", "在所属页显示该记录"),
    HelpCloseSearch => ("Close the search", "关闭搜索"),
    HelpSave => ("Save (when every field is valid)", "保存 (各项有效时)"),
    HelpCancel => ("Cancel; nothing is saved", "取消, 不保存"),
    HelpNextField => ("Next field", "下一项"),
    HelpPrevField => ("Previous field", "上一项"),
    HelpChoiceNext => ("Choice field: next value", "选择项: 下一个"),
    HelpChoicePrev => ("Choice field: previous value", "选择项: 上一个"),
    HelpCloseHelp => ("Close the help", "关闭帮助"),
    HelpScrollUp => ("Scroll up", "向上滚动"),
    HelpScrollDown => ("Scroll down", "向下滚动"),
    HelpQuitAnyway => ("Quit; the unsaved form is kept for next time", "退出, 未保存的表单下次恢复"),
    HelpStay => ("Back to the form", "返回表单"),
    HelpTextKeys => ("In any text: Left/Right Home/End move, Bksp/Del delete, ^U ^K ^W cut; pasting works", "文本框: 左右/Home/End 移动, Bksp/Del 删除, ^U ^K ^W 剪切; 可粘贴"),
}

/// A store failure for people.
fn backup_refusal_zh(why: Refusal, path: &std::path::Path) -> String {
    let p = path.display();
    let keep = |why: String| format!("路径: {p} {why}; 即使加 --force 也未写入 — 请换一个路径");
    match why {
        Refusal::NoFolder => format!("路径: 文件夹 {p} 不存在, 未写入"),
        Refusal::Exists { force: false } => format!("路径: {p} 已存在, 未写入"),
        Refusal::Exists { force: true } => {
            format!("路径: {p} 已存在, 未写入 — 请换一个新文件名, 或加 --force 替换那里较早的备份")
        }
        Refusal::NotAFile => keep("不是普通文件".into()),
        Refusal::InUse(suffix) => keep(format!(
            "旁边有 {} 文件: 值班台或其他 SQLite 程序正打开它 (或写入中途停止)",
            suffix.trim_start_matches('-')
        )),
        Refusal::Locked => keep("正被另一个程序作为数据库打开 (持有锁)".into()),
        Refusal::NotACopy => keep("不是 dutydesk 的备份".into()),
        Refusal::OtherHistory => {
            keep("含有本数据库没有的历史 (另一个小区的数据库, 或复制后又写入了记录)".into())
        }
    }
}

pub fn store_error(lang: Lang, error: &StoreError) -> String {
    match (lang, error) {
        (_, StoreError::Rule(e)) => rule_error(lang, e),
        (Lang::Zh, StoreError::ReadOnly(ReadOnlyReason::Asked)) => {
            "数据库以只读方式打开 (--read-only), 未写入".into()
        }
        (Lang::Zh, StoreError::ReadOnly(ReadOnlyReason::NoPermission)) => {
            "没有写入该数据库的权限, 未写入".into()
        }
        (Lang::Zh, StoreError::Busy) => "忙: 数据库正被其他值班台占用, 未写入, 请重试".into(),
        (Lang::Zh, StoreError::NotFound(id)) => format!("没有记录 {id}"),
        (Lang::Zh, StoreError::NoDatabase(path)) => format!(
            "{} 处没有数据库; 未创建任何文件 — 请检查 --db / DUTYDESK_DB",
            path.display()
        ),
        (Lang::Zh, StoreError::BackupRefused(why, path)) => backup_refusal_zh(*why, path),
        (Lang::Zh, StoreError::FileChanged(FileChange::Removed, path)) => format!(
            "数据库文件 {} 在 dutydesk 打开后被删除, 未写入。请放回该文件 (或恢复最近的备份, \
             见 docs/reliability.md) 后重新启动 dutydesk",
            path.display()
        ),
        (Lang::Zh, StoreError::FileChanged(FileChange::Replaced, path)) => format!(
            "数据库文件 {} 在 dutydesk 打开后被替换 (恢复了备份?), 未写入。请重新启动 dutydesk \
             以使用现在的文件",
            path.display()
        ),
        (Lang::Zh, StoreError::Damaged(d)) => format!(
            "记录 {} 无法读取: {}; 请运行 dutydesk verify",
            crate::domain::text::sanitize_line(&d.id),
            damage_reason(lang, &d.reason)
        ),
        _ => error.to_string(),
    }
}

/// Why a record cannot be read, in the interface language.
pub fn damage_reason(lang: Lang, reason: &crate::store::Damage) -> String {
    use crate::store::Damage;
    match (lang, reason) {
        (Lang::Zh, Damage::BadId) => "其编号不是本版本认识的记录编号".into(),
        (Lang::Zh, Damage::NoHistory) => "其处理记录 (事件) 缺失".into(),
        (Lang::Zh, Damage::Unreadable(seq)) => {
            format!("事件 #{seq} 无法读取 (已损坏, 或由更新的版本写入)")
        }
        (Lang::Zh, Damage::Invalid(why)) => format!("其事件不能构成有效记录 ({why})"),
        _ => reason.to_string(),
    }
}
