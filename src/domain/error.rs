//! Why a rule refused something, as values: which field, what is wrong with it. Rendered for
//! people (English and Chinese, and `Display`) by `i18n::problems`.

use super::kinds::RecordKind;
use super::record::Status;
use serde::{Deserialize, Serialize};

/// A field people fill in: a desk form's field, a command's flag, a setting. `slug()` is its
/// name in the command line's English messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Field {
    Summary,
    Location,
    Category,
    CallKind,
    Channel,
    Class,
    Name,
    Reporter,
    Room,
    Phone,
    Appointment,
    At,
    /// A repair's technician (`--to`).
    #[serde(rename = "To")]
    Technician,
    Difficulty,
    CallbackForm,
    Satisfaction,
    Fee,
    /// An incident's type (`--type`).
    IncidentType,
    Casualties,
    /// Whom an incident was reported to (`--to`).
    ReportTo,
    Role,
    /// How it was reported (`--how`).
    How,
    Answer,
    Outcome,
    /// A pass: the owner, the tenant (if any), how the owner was verified and, by phone,
    /// what was checked; the mover, their ID number, the items, the moving time, and who in
    /// finance confirmed the fees settled; the guard who let the goods out (`used --guard`).
    Owner,
    Tenant,
    VerifiedBy,
    Checked,
    Mover,
    MoverId,
    Items,
    MovingAt,
    FeesSettledBy,
    Guard,
    /// An inspection round: its area, one check item's result (`--item KEY=RESULT[:REMARK]`).
    Area,
    Item,
    Note,
    Watch,
    Reason,
    /// A repair's proposal to the owner (`propose --text`).
    Proposal,
    /// A repair that is a quality complaint under the developer's warranty (`--warranty`).
    Warranty,
    /// A completed work order, a callback: whether the owner signed (`--signed`).
    Signed,
    /// The owner's rating of a completed repair (`--rating`).
    Rating,
    /// The work done on a repair (`--work`).
    Work,
    Materials,
    /// A complaint's result (`--result`).
    Result,
    /// The owner's words at a callback (`--words`).
    Words,
    /// A callback as a whole (`act ID callback`).
    Callback,
    /// A repair's quality follow-up (`act ID callback --quality`).
    Quality,
    /// An incident's emergency patient to be called back within a week
    /// (`close --medical-callback`).
    MedicalCallback,
    /// Handover: the incoming person (`--by`).
    Incoming,
    /// Pausing a record's deadlines (`pause`, `resume`).
    Pause,
    /// When a pause resumes by itself (`pause --until`).
    PauseUntil,
    /// The handover as a whole.
    Handover,
    Search,
    Since,
    Until,
    Date,
    /// `report quarterly --quarter`.
    Quarter,
    /// `report yearly --year`.
    Year,
    /// The first day of a range (`--from`).
    From,
    /// The last day of a range (`--to`).
    #[serde(rename = "ToDay")]
    To,
    Kind,
    Path,
    /// `export --output`.
    Output,
    Operator,
    /// `DUTYDESK_NOW`.
    Now,
    /// The system clock.
    Clock,
    /// A pass verified against the residents directory: the ID number the caller gives
    /// (whole, or its last 4 to 6 characters), compared with the one on file, never stored.
    CallerId,
}

impl Field {
    /// The field's name in English messages of the command line.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Summary => "summary",
            Self::Location => "location",
            Self::Category => "category",
            Self::CallKind => "kind",
            Self::Channel => "channel",
            Self::Class => "class",
            Self::Name => "name",
            Self::Reporter => "reporter",
            Self::Room => "room",
            Self::Phone => "phone",
            Self::Appointment => "appointment",
            Self::At => "at",
            Self::Technician => "to",
            Self::Difficulty => "difficulty",
            Self::CallbackForm => "form",
            Self::Satisfaction => "satisfaction",
            Self::Fee => "fee",
            Self::IncidentType => "type",
            Self::Casualties => "casualties",
            Self::ReportTo => "to",
            Self::Role => "role",
            Self::How => "how",
            Self::Answer => "answer",
            Self::Outcome => "outcome",
            Self::Owner => "owner",
            Self::Tenant => "tenant",
            Self::VerifiedBy => "verified_by",
            Self::Checked => "checked",
            Self::Mover => "mover",
            Self::MoverId => "mover_id",
            Self::Items => "items",
            Self::MovingAt => "moving_at",
            Self::FeesSettledBy => "fees_settled_by",
            Self::Guard => "guard",
            Self::Area => "area",
            Self::Item => "item",
            Self::Note => "note",
            Self::Watch => "watch",
            Self::Reason => "reason",
            Self::Proposal => "text",
            Self::Warranty => "warranty",
            Self::Signed => "signed",
            Self::Rating => "rating",
            Self::Work => "work",
            Self::Materials => "materials",
            Self::Result => "result",
            Self::Words => "words",
            Self::Callback => "callback",
            Self::Quality => "quality",
            Self::MedicalCallback => "medical-callback",
            Self::Incoming => "by",
            Self::Pause => "pause",
            Self::PauseUntil => "until",
            Self::Handover => "handover",
            Self::Search => "search",
            Self::Since => "since",
            Self::Until => "until",
            Self::Date => "date",
            Self::Quarter => "quarter",
            Self::Year => "year",
            Self::From => "from",
            Self::To => "to",
            Self::Kind => "kind",
            Self::Path => "path",
            Self::Output => "output",
            Self::Operator => "operator",
            Self::Now => "DUTYDESK_NOW",
            Self::Clock => "system clock",
            Self::CallerId => "caller_id",
        }
    }
}

/// What is wrong with a field's value. Times are carried as they are to be printed (RFC 3339
/// in the estate's zone, or as typed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Empty,
    TooLong {
        len: usize,
        max: usize,
    },
    ControlChar(char),
    OneLine,
    NotRoom(String),
    NotPhone(String),
    PhoneDigits {
        text: String,
        digits: usize,
    },
    /// Not a whole number of at least 0.
    NotCount(String),
    NotTime(String),
    LeapSecond(String),
    NotRfc3339(String),
    NotDate(String),
    /// A day or moment outside 2000-01-01 to 2099-12-31 (as given).
    OutOfRange(String),
    YearOutOfRange(i32),
    InFuture {
        at: String,
        now: String,
    },
    BeforePrevious {
        at: String,
        previous: String,
    },
    BeforeReceived {
        at: String,
        received: String,
    },
    NotOneOf {
        text: String,
        allowed: String,
    },
    OnlyComplaintHasClass,
    /// Only a call of kind `repair` becomes a work order.
    OnlyRepairCall,
    /// Only an on-site visit is signed by the owner.
    OnlyVisitSigned,
    /// A callback on a record that owes none.
    NoCallbackOwed,
    /// A repair's quality follow-up before its window opens (`rules.quality_callback_from_days`
    /// after the resolve).
    QualityNotYet,
    /// A repair's completion fields on a call, or a complaint's result on a repair.
    NotForThisKind,
    OnlyPaidHasAppointment,
    PaidNeedsAppointment,
    IncomingIsOutgoing(String),
    NotSignableYet {
        at: String,
        minutes: i64,
    },
    AlreadySigned {
        id: String,
        by: String,
        at: String,
    },
    HandoverClosed,
    SearchTooBig {
        chars: usize,
        tokens: usize,
    },
    /// `path` is the live database or one of its files (`file`: "wal", "shm", "journal").
    LiveDatabase {
        path: String,
        file: Option<&'static str>,
    },
    /// A path that names no file (`/`, `..`).
    NamesNoFile(String),
    /// A binary format (xlsx) asked for on a terminal without `--output`.
    BinaryToTerminal,
    /// A file to write in a folder that does not exist.
    NoFolder(String),
    /// Not a valid resident ID number, and why.
    IdNumber(super::kinds::id_number::IdFault),
    /// An owner verified by phone without these checks ticked.
    NotTicked(Vec<super::view::Choice>),
    /// Phone checks given for an owner verified in person.
    CheckedOnlyByPhone,
    /// Not `KEY=ok|problem|na[:remark]` (an inspection's check item, as given).
    NotItem(String),
    /// A moving time before the pass is issued (both as printed).
    MovingBeforeIssued {
        at: String,
        issued: String,
    },
    /// `pause` on a record already paused.
    AlreadyPaused,
    /// `resume` on a record not paused.
    NotPaused,
    /// `pause --until` not after the pause itself.
    UntilNotAfterPause,
    /// A pass: the name is not the owner the directory holds for the room (that owner).
    NotOwnerOnFile {
        room: String,
        on_file: String,
    },
    /// A pass: the caller's ID number is not the one the directory holds for the room.
    NotIdOnFile {
        room: String,
    },
    /// A pass by phone for a room whose owner's ID number is on file, without the caller's.
    CallerIdNeeded {
        room: String,
    },
    /// Neither an 18-character ID number nor its last 4 to 6 characters.
    NotIdOrEnd,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RuleError {
    /// The action does not fit the record's kind or current status.
    NotAllowed {
        action: &'static str,
        kind: RecordKind,
        status: Status,
    },
    /// A field is missing, malformed or out of range.
    Field { field: Field, problem: Problem },
    /// The stored events do not make a valid record.
    Corrupt,
}

impl RuleError {
    pub fn field(field: Field, problem: Problem) -> Self {
        Self::Field { field, problem }
    }
}

impl std::error::Error for RuleError {}
