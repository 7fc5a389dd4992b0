//! Why a field was refused, for people: the one translation of `domain::error`'s `Field` and
//! `Problem` (English and Chinese), and the English `Display` of a `RuleError`.

use super::tui::T;
use super::{Label, Lang};
use crate::domain::error::{Field, Problem, RuleError};
use crate::domain::time::{FIRST_DAY, LAST_DAY};

/// A field's name on the desk (a form's label) and in Chinese messages.
pub fn field_label(lang: Lang, field: Field) -> &'static str {
    let t = match field {
        Field::Summary => T::FieldSummary,
        Field::Location => T::FieldLocation,
        Field::Category => T::FieldCategory,
        Field::CallKind => T::FieldCallKind,
        Field::Channel => T::FieldChannel,
        Field::Class => T::FieldClass,
        Field::Name => T::FieldName,
        Field::Reporter => T::FieldReporter,
        Field::Room => T::FieldRoom,
        Field::Phone => T::FieldPhone,
        Field::Appointment => T::FieldAppointment,
        Field::At => T::FieldAt,
        Field::Technician => T::FieldTo,
        Field::Difficulty => T::FieldDifficulty,
        Field::CallbackForm => T::FieldCallbackForm,
        Field::Satisfaction => T::FieldSatisfaction,
        Field::Fee => T::FieldFee,
        Field::Signed => T::FieldSigned,
        Field::Rating => T::FieldRating,
        Field::Work => T::FieldWork,
        Field::Materials => T::FieldMaterials,
        Field::Result => T::FieldResult,
        Field::Words => T::FieldWords,
        Field::Callback => T::FieldCallbackOwed,
        Field::Quality => T::FieldQuality,
        Field::MedicalCallback => T::FieldMedicalCallback,
        Field::Note => T::FieldNote,
        Field::Watch => T::FieldWatch,
        Field::Reason => T::FieldReason,
        Field::Proposal => T::FieldProposal,
        Field::Warranty => T::FieldWarranty,
        Field::Incoming => T::FieldIncoming,
        Field::Pause => T::FieldPause,
        Field::PauseUntil => T::FieldPauseUntil,
        Field::Search => T::FieldSearch,
        Field::IncidentType => T::FieldIncidentType,
        Field::Casualties => T::FieldCasualties,
        Field::ReportTo => T::FieldReportTo,
        Field::Role => T::FieldRole,
        Field::How => T::FieldHow,
        Field::Answer => T::FieldAnswer,
        Field::Outcome => T::FieldOutcome,
        Field::Owner => T::FieldOwner,
        Field::Tenant => T::FieldTenant,
        Field::VerifiedBy => T::FieldVerifiedBy,
        Field::Checked => T::FieldChecked,
        Field::Mover => T::FieldMover,
        Field::MoverId => T::FieldMoverId,
        Field::CallerId => T::FieldCallerId,
        Field::Items => T::FieldItems,
        Field::MovingAt => T::FieldMovingAt,
        Field::FeesSettledBy => T::FieldFeesSettledBy,
        Field::Guard => T::FieldGuard,
        Field::Area => T::FieldArea,
        Field::Item => T::FieldItem,
        // Fields of commands and settings only: their English name is the flag's.
        Field::Handover => return lang.pick("handover", "交接班"),
        Field::Since => return lang.pick("since", "起始日期"),
        Field::Until => return lang.pick("until", "截止日期"),
        Field::Date => return lang.pick("date", "日期"),
        Field::Quarter => return lang.pick("quarter", "季度"),
        Field::Year => return lang.pick("year", "年份"),
        Field::From => return lang.pick("from", "起始日期"),
        Field::To => return lang.pick("to", "截止日期"),
        Field::Kind => return lang.pick("kind", "类型"),
        Field::Path => return lang.pick("path", "路径"),
        Field::Output => return lang.pick("output", "输出文件"),
        Field::Operator => return lang.pick("operator", "值班人"),
        Field::Now => return "DUTYDESK_NOW",
        Field::Clock => return lang.pick("system clock", "系统时钟"),
    };
    t.s(lang)
}

/// What is wrong, in the interface language (without the field's name).
pub fn problem(lang: Lang, p: &Problem) -> String {
    match lang {
        Lang::En => problem_en(p),
        Lang::Zh => problem_zh(p),
    }
}

fn problem_en(p: &Problem) -> String {
    match p {
        Problem::Empty => "must not be empty".into(),
        Problem::TooLong { len, max } => {
            format!("is {len} characters long; at most {max} are allowed")
        }
        Problem::ControlChar(c) => format!(
            "contains the control character U+{:04X}; remove it",
            *c as u32
        ),
        Problem::OneLine => "one line only".into(),
        Problem::NotCount(t) => format!("'{t}' is not a whole number of 0 or more"),
        Problem::NotRoom(t) => {
            format!("'{t}' is not a room number; use building-unit-room such as 3-2-1201")
        }
        Problem::NotPhone(t) => {
            format!("'{t}' is not a phone number; use digits such as 13800138000")
        }
        Problem::PhoneDigits { text, digits } => {
            format!("'{text}' has {digits} digits; a phone number has 3 to 20")
        }
        Problem::NotTime(t) => format!(
            "'{t}' is not a time; use 2026-11-25T03:00:00+08:00, '2026-11-25 03:00' or 03:00"
        ),
        Problem::LeapSecond(t) => format!("'{t}' is not a time: seconds go from 00 to 59"),
        Problem::NotRfc3339(t) => {
            format!("'{t}' is not an RFC 3339 time such as 2026-11-25T03:00:00+08:00")
        }
        Problem::NotDate(t) => format!("'{t}' is not a date; use YYYY-MM-DD"),
        Problem::OutOfRange(t) => {
            format!("{t} is outside {FIRST_DAY} to {LAST_DAY}; nothing was written")
        }
        Problem::YearOutOfRange(year) => {
            format!("year {year} is outside {FIRST_DAY} to {LAST_DAY}; nothing was written")
        }
        Problem::InFuture { at, now } => format!("{at} is in the future (now is {now})"),
        Problem::BeforePrevious { at, previous } => {
            format!("{at} is before the record's previous event at {previous}")
        }
        Problem::BeforeReceived { at, received } => {
            format!("{at} is before the record was received at {received}; nothing was written")
        }
        Problem::NotOneOf { text, allowed } => format!("'{text}' is not one of: {allowed}"),
        Problem::OnlyComplaintHasClass => "only a complaint has a class (--kind complaint)".into(),
        Problem::OnlyRepairCall => {
            "only a call of kind repair becomes a work order; nothing was written".into()
        }
        Problem::OnlyVisitSigned => {
            "only an on-site visit (--form visit) is signed by the owner; nothing was written"
                .into()
        }
        Problem::NoCallbackOwed => {
            "this record owes no callback (none is due, or it was made); nothing was written".into()
        }
        Problem::QualityNotYet => {
            "the quality follow-up's window has not opened yet (rules.quality_callback_from_days after the resolve); nothing was written".into()
        }
        Problem::NotForThisKind => "does not apply to this record; nothing was written".into(),
        Problem::OnlyPaidHasAppointment => {
            "only a paid repair (--category paid) is by appointment".into()
        }
        Problem::PaidNeedsAppointment => {
            "a paid repair needs the agreed appointment time (--appointment)".into()
        }
        Problem::IncomingIsOutgoing(by) => format!(
            "'{by}' is the outgoing operator; the incoming person signs with their own name"
        ),
        Problem::NotSignableYet { at, minutes } => {
            format!("the next handover is at {at}; it can be signed from {minutes} minutes before")
        }
        Problem::AlreadySigned { id, by, at } => format!(
            "{id} is already signed by {by} at {at}; void it with a reason first \
             (dutydesk act {id} void --reason ...)"
        ),
        Problem::HandoverClosed => "this shift's handover is already signed; it can no longer \
                                    change (void it with a reason to redo it)"
            .into(),
        Problem::SearchTooBig { chars, tokens } => format!(
            "at most {chars} characters and {tokens} words or Chinese characters; shorten it"
        ),
        Problem::LiveDatabase { path, file } => format!(
            "{path} is the live database{}; nothing was written — give another path",
            file.map(|f| format!("'s {f} file")).unwrap_or_default()
        ),
        Problem::NamesNoFile(path) => format!("{path} names no file"),
        Problem::NoFolder(path) => format!("there is no folder {path}; nothing was written"),
        Problem::BinaryToTerminal => "an xlsx file is not for a terminal; give --output FILE \
                                      (or send stdout to a file)"
            .into(),
        Problem::IdNumber(f) => id_fault(f, Lang::En),
        Problem::NotTicked(missing) => format!(
            "an owner verified by phone needs every check ticked; not ticked: {}",
            ticks(missing, Lang::En)
        ),
        Problem::CheckedOnlyByPhone => {
            "the checks are for an owner verified by phone (--verified-by phone)".into()
        }
        Problem::NotItem(text) => {
            format!("'{text}' is not KEY=ok|problem|na[:remark], such as door_opens=problem:locked")
        }
        Problem::MovingBeforeIssued { at, issued } => {
            format!("{at} is before the pass is issued ({issued})")
        }
        Problem::AlreadyPaused => "the record is already paused; resume it first".into(),
        Problem::NotPaused => "the record is not paused; nothing to resume".into(),
        Problem::UntilNotAfterPause => "must be later than the pause itself".into(),
        Problem::NotOwnerOnFile { room, on_file } => {
            format!("not the owner the directory holds for {room} ({on_file}); nothing written")
        }
        Problem::NotIdOnFile { room } => {
            format!("does not match the owner's ID number on file for {room}; nothing written")
        }
        Problem::CallerIdNeeded { room } => format!(
            "the directory holds the owner's ID number for {room}: give the number the caller \
             states, whole or its last 4 to 6 characters (--caller-id)"
        ),
        Problem::NotIdOrEnd => {
            "not an 18-character ID number nor its last 4 to 6 characters".into()
        }
    }
}

/// The unticked checks, named ("family members, employer").
fn ticks(missing: &[crate::domain::view::Choice], lang: Lang) -> String {
    let names: Vec<&str> = missing.iter().map(|c| c.label(lang)).collect();
    names.join(lang.pick(", ", "、"))
}

/// Why an ID number was refused (never echoing the number: it is personal data).
fn id_fault(f: &crate::domain::id_number::IdFault, lang: Lang) -> String {
    use crate::domain::id_number::IdFault;
    match (f, lang) {
        (IdFault::Length(n), Lang::En) => {
            format!("an ID number has 18 characters; {n} were given")
        }
        (IdFault::Length(n), Lang::Zh) => format!("身份证号应为 18 位, 输入了 {n} 位"),
        (IdFault::NotDigits, Lang::En) => "an ID number is 17 digits and a last digit or X".into(),
        (IdFault::NotDigits, Lang::Zh) => "身份证号应为 17 位数字加 1 位数字或 X".into(),
        (IdFault::Region, Lang::En) => "the first six digits are not a region code".into(),
        (IdFault::Region, Lang::Zh) => "前 6 位不是有效的地区码".into(),
        (IdFault::BirthDate(d), Lang::En) => {
            format!("the birth date {d} is not a day after 1900-01-01")
        }
        (IdFault::BirthDate(d), Lang::Zh) => format!("出生日期 {d} 无效"),
        (IdFault::BornInFuture(d), Lang::En) => format!("the birth date {d} is in the future"),
        (IdFault::BornInFuture(d), Lang::Zh) => format!("出生日期 {d} 晚于今天"),
        (IdFault::CheckDigit(_), Lang::En) => {
            "the check digit (the last character) does not match; a digit is mistyped".into()
        }
        (IdFault::CheckDigit(_), Lang::Zh) => "校验码 (最后一位) 不符, 有数字输错".into(),
    }
}

fn problem_zh(p: &Problem) -> String {
    const TIME_FORMAT: &str = "应写作 03:00 或 2026-11-25 03:00";
    const PHONE: &str = "电话号码应为 3 到 20 位数字, 如 13800138000";
    const RANGE: &str = "时间须在 2000-01-01 到 2099-12-31 之间, 未写入";
    match p {
        Problem::Empty => "不能为空".into(),
        Problem::TooLong { .. } => "内容过长".into(),
        Problem::ControlChar(_) => "含有控制字符, 请删除".into(),
        Problem::OneLine => "只能写一行".into(),
        Problem::NotCount(t) => format!("'{t}' 不是大于等于 0 的整数"),
        Problem::NotRoom(_) => "房号格式应为 楼-单元-房号, 如 3-2-1201".into(),
        Problem::NotPhone(_) | Problem::PhoneDigits { .. } => PHONE.into(),
        Problem::NotTime(_) | Problem::LeapSecond(_) => TIME_FORMAT.into(),
        Problem::NotRfc3339(_) => "不是 RFC 3339 时间, 如 2026-11-25T03:00:00+08:00".into(),
        Problem::NotDate(_) => "日期格式: YYYY-MM-DD".into(),
        Problem::OutOfRange(_) | Problem::YearOutOfRange(_) => RANGE.into(),
        Problem::InFuture { .. } => "时间不能晚于现在".into(),
        Problem::BeforePrevious { .. } => "时间不能早于该记录的上一条处理记录".into(),
        Problem::BeforeReceived { .. } => "预约时间不能早于接报时间, 未写入".into(),
        Problem::NotOneOf { text, allowed } => format!("'{text}' 不是可选值之一: {allowed}"),
        Problem::OnlyComplaintHasClass => "只有投诉才有投诉级别 (--kind complaint)".into(),
        Problem::OnlyRepairCall => "只有报修来电才能转维修单, 未写入".into(),
        Problem::OnlyVisitSigned => "只有上门回访 (--form visit) 才有业主签字, 未写入".into(),
        Problem::NoCallbackOwed => "该记录无需回访 (或已回访), 未写入".into(),
        Problem::QualityNotYet => {
            "质量回访时段尚未开始 (解决后 rules.quality_callback_from_days 天起), 未写入".into()
        }
        Problem::NotForThisKind => "不适用于该记录, 未写入".into(),
        Problem::OnlyPaidHasAppointment => "只有有偿维修 (--category paid) 才需要预约".into(),
        Problem::PaidNeedsAppointment => "有偿维修须填写约定的预约时间 (--appointment)".into(),
        Problem::IncomingIsOutgoing(by) => {
            format!("'{by}' 是交班人; 接班人须签自己的名字")
        }
        Problem::NotSignableYet { at, minutes } => {
            format!("下一次交接班在 {at}; 从其前 {minutes} 分钟起可以签收")
        }
        Problem::AlreadySigned { id, by, at } => format!(
            "{id} 已由 {by} 于 {at} 签收; 如需重做, 请先填写原因作废它 \
             (dutydesk act {id} void --reason ...)"
        ),
        Problem::HandoverClosed => {
            "本班的交接已签收, 不能再更改 (如需重做, 请填写原因作废它)".into()
        }
        Problem::SearchTooBig { chars, tokens } => {
            format!("最多 {chars} 个字符、{tokens} 个词或汉字, 请缩短")
        }
        Problem::LiveDatabase { path, file } => format!(
            "{path} 是正在使用的数据库{}; 未写入 — 请换一个路径",
            file.map(|f| format!("的 {f} 文件")).unwrap_or_default()
        ),
        Problem::NamesNoFile(path) => format!("{path} 不是一个文件的路径"),
        Problem::NoFolder(path) => format!("没有文件夹 {path}; 未写入"),
        Problem::BinaryToTerminal => {
            "xlsx 文件不能输出到终端; 请用 --output 文件名 (或把输出重定向到文件)".into()
        }
        Problem::IdNumber(f) => id_fault(f, Lang::Zh),
        Problem::NotTicked(missing) => format!(
            "电话核实须逐项核对并勾选; 未勾选: {}",
            ticks(missing, Lang::Zh)
        ),
        Problem::CheckedOnlyByPhone => "核实项只用于电话核实 (--verified-by phone)".into(),
        Problem::NotItem(text) => {
            format!(
                "'{text}' 不是 检查项=ok|problem|na[:备注] 格式, 例如 door_opens=problem:门被锁"
            )
        }
        Problem::MovingBeforeIssued { at, issued } => {
            format!("搬出时间 {at} 早于开单时间 {issued}")
        }
        Problem::AlreadyPaused => "该记录已暂停; 请先恢复".into(),
        Problem::NotPaused => "该记录未暂停, 无需恢复".into(),
        Problem::UntilNotAfterPause => "须晚于暂停的时间".into(),
        Problem::NotOwnerOnFile { room, on_file } => {
            format!("与档案中 {room} 的业主 ({on_file}) 不符; 未写入")
        }
        Problem::NotIdOnFile { room } => format!("与档案中 {room} 业主的身份证号不符; 未写入"),
        Problem::CallerIdNeeded { room } => format!(
            "档案中有 {room} 业主的身份证号: 请填写来电人报出的号码, 全号或末 4 至 6 位 (--caller-id)"
        ),
        Problem::NotIdOrEnd => "不是 18 位身份证号, 也不是其末 4 至 6 位".into(),
    }
}

fn action_zh(action: &str) -> &'static str {
    match action {
        "dispatch" => "派工",
        "arrive" => "到场",
        "assess" => "评估",
        "resolve" => "解决",
        "callback" => "回访",
        "classify" => "定级",
        "reply" => "回复",
        "note" => "备注",
        "void" => "作废",
        "report" => "上报",
        "close" => "完结",
        "used" => "放行",
        "propose" => "答复维修方案",
        "notify_developer" => "通知开发商",
        "warranty_explained" => "记录已说明过保",
        "notify_heating" => "通知供热单位",
        "watch" => "重点关注",
        "unwatch" => "取消关注",
        "pause" => "暂停",
        "resume" => "恢复计时",
        "notice" => "书面通知维修人员",
        "work_order" => "转维修单",
        _ => "此操作",
    }
}

/// A rule's refusal for people, in the interface language: on the desk a field is named by
/// its label (the command line's English names it by `Field::slug`, `Display`).
pub fn rule_error(lang: Lang, error: &RuleError) -> String {
    match (lang, error) {
        (_, RuleError::Field { field, problem: p }) => {
            format!("{}: {}", field_label(lang, *field), problem(lang, p))
        }
        (
            Lang::Zh,
            RuleError::NotAllowed {
                action,
                kind,
                status,
            },
        ) => format!(
            "{}状态的{}不能{}",
            status.label(lang),
            kind.label(lang),
            action_zh(action)
        ),
        (Lang::Zh, RuleError::Corrupt) => "该记录的历史数据无效".into(),
        (Lang::En, e) => e.to_string(),
    }
}

/// The command line's English: fields by their flag names.
impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotAllowed {
                action,
                kind,
                status,
            } => {
                let article =
                    if crate::domain::Slug::slug(*kind).starts_with(['a', 'e', 'i', 'o', 'u']) {
                        "an"
                    } else {
                        "a"
                    };
                write!(
                    f,
                    "'{action}' is not allowed on {article} {kind} that is {}",
                    status.slug()
                )
            }
            Self::Field { field, problem } => {
                write!(f, "{}: {}", field.slug(), problem_en(problem))
            }
            Self::Corrupt => write!(f, "the stored history of this record is not valid"),
        }
    }
}
