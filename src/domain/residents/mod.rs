//! The residents directory (业主档案): one household per room, kept as a history of changes
//! like every record (append-only; a moved-out tenant stays in the history). Pure rules: the
//! fields and their checks, the fold of a household's changes, masking, pinyin initials.

pub mod checked;
pub mod sheet;
pub mod yearly;

use super::idcard;
use super::text::is_unsafe;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The fields of a household, in the order of the spreadsheet layout (import and export).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HField {
    Room,
    Owner,
    Phone,
    IdNumber,
    Family,
    Employer,
    MoveIn,
    Tenant,
    TenantPhone,
    Occupied,
    Notes,
}

impl HField {
    pub const ALL: [HField; 11] = [
        Self::Room,
        Self::Owner,
        Self::Phone,
        Self::IdNumber,
        Self::Family,
        Self::Employer,
        Self::MoveIn,
        Self::Tenant,
        Self::TenantPhone,
        Self::Occupied,
        Self::Notes,
    ];

    /// The name in flags (`--map`), JSON and English headers.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Room => "room",
            Self::Owner => "owner",
            Self::Phone => "phone",
            Self::IdNumber => "id_number",
            Self::Family => "family",
            Self::Employer => "employer",
            Self::MoveIn => "move_in",
            Self::Tenant => "tenant",
            Self::TenantPhone => "tenant_phone",
            Self::Occupied => "occupied",
            Self::Notes => "notes",
        }
    }

    pub fn parse_slug(text: &str) -> Option<Self> {
        let t = text.trim().to_ascii_lowercase().replace('-', "_");
        Self::ALL.into_iter().find(|f| f.slug() == t)
    }

    /// The longest text the field holds, in characters.
    fn max_chars(self) -> usize {
        match self {
            Self::Family | Self::Notes => 1000,
            _ => 100,
        }
    }
}

/// What is wrong with a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HProblem {
    /// The room is missing (every household has one).
    NoRoom,
    /// Not building-unit-room.
    Room(String),
    /// Neither a Chinese mobile nor a landline.
    Phone(String),
    IdShape,
    IdCheck {
        expected: char,
    },
    /// Not a date (YYYY-MM-DD) between 1950 and 2099.
    Date(String),
    /// Not yes/no.
    YesNo(String),
    TooLong {
        max: usize,
    },
    /// Control characters or bidi overrides.
    Unsafe,
    /// The same room twice in one file: the row it was first on.
    DuplicateRoom {
        first_row: usize,
    },
    /// `add` for a room already in the directory.
    Exists(String),
    /// `edit`/`show` for a room not in the directory.
    NotFound(String),
    /// `edit` with nothing to change.
    NothingToChange,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdError {
    pub field: Option<HField>,
    pub problem: HProblem,
}

impl HouseholdError {
    pub fn new(field: HField, problem: HProblem) -> Self {
        Self {
            field: Some(field),
            problem,
        }
    }
}

/// A household as it stands: the fold of its changes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Household {
    pub room: String,
    pub owner: Option<String>,
    pub phones: Vec<String>,
    pub id_number: Option<String>,
    pub family: Option<String>,
    pub employer: Option<String>,
    pub move_in: Option<NaiveDate>,
    pub tenant: Option<String>,
    pub tenant_phone: Option<String>,
    pub occupied: bool,
    pub notes: Option<String>,
}

/// One change to a household, as stored in its event (hashed: its shape never changes;
/// absent fields are left as they were, an empty text clears the field).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Patch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phones: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employer: Option<String>,
    /// YYYY-MM-DD, or empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub move_in: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occupied: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A stored change: `add` creates the household, `edit` changes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Add,
    Edit,
}

impl ChangeKind {
    pub fn slug(self) -> &'static str {
        match self {
            Self::Add => "add",
            Self::Edit => "edit",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "add" => Some(Self::Add),
            "edit" => Some(Self::Edit),
            _ => None,
        }
    }
}

fn set(text: &Option<String>, slot: &mut Option<String>) {
    if let Some(t) = text {
        *slot = (!t.is_empty()).then(|| t.clone());
    }
}

impl Household {
    /// The household after `patch`.
    pub fn apply(&mut self, patch: &Patch) {
        set(&patch.owner, &mut self.owner);
        if let Some(p) = &patch.phones {
            self.phones = p.clone();
        }
        set(&patch.id_number, &mut self.id_number);
        set(&patch.family, &mut self.family);
        set(&patch.employer, &mut self.employer);
        if let Some(d) = &patch.move_in {
            self.move_in = NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
        }
        set(&patch.tenant, &mut self.tenant);
        set(&patch.tenant_phone, &mut self.tenant_phone);
        if let Some(o) = patch.occupied {
            self.occupied = o;
        }
        set(&patch.notes, &mut self.notes);
    }

    /// The household from its changes, in order; `None` before an `add`.
    pub fn fold<'a>(
        room: &str,
        changes: impl IntoIterator<Item = (ChangeKind, &'a Patch)>,
    ) -> Option<Household> {
        let mut out: Option<Household> = None;
        for (kind, patch) in changes {
            let h = match (kind, out.as_mut()) {
                (_, Some(h)) => h,
                (ChangeKind::Add, None) => out.insert(Household {
                    room: room.to_string(),
                    ..Default::default()
                }),
                (ChangeKind::Edit, None) => continue,
            };
            h.apply(patch);
        }
        out
    }

    /// The patch that turns `self` into `new` (only the fields that differ).
    pub fn diff(&self, new: &Household) -> Patch {
        let text = |a: &Option<String>, b: &Option<String>| {
            (a != b).then(|| b.clone().unwrap_or_default())
        };
        Patch {
            owner: text(&self.owner, &new.owner),
            phones: (self.phones != new.phones).then(|| new.phones.clone()),
            id_number: text(&self.id_number, &new.id_number),
            family: text(&self.family, &new.family),
            employer: text(&self.employer, &new.employer),
            move_in: (self.move_in != new.move_in)
                .then(|| new.move_in.map(|d| d.to_string()).unwrap_or_default()),
            tenant: text(&self.tenant, &new.tenant),
            tenant_phone: text(&self.tenant_phone, &new.tenant_phone),
            occupied: (self.occupied != new.occupied).then_some(new.occupied),
            notes: text(&self.notes, &new.notes),
        }
    }

    /// The whole household as an `add` patch.
    pub fn as_patch(&self) -> Patch {
        Household {
            room: self.room.clone(),
            occupied: !self.occupied,
            ..Default::default()
        }
        .diff(self)
    }

    /// Phones and the ID number shown masked (`138****8000`, `1101**********123X`).
    pub fn masked(&self) -> Household {
        Household {
            phones: self.phones.iter().map(|p| mask_phone(p)).collect(),
            id_number: self.id_number.as_deref().map(idcard::mask),
            tenant_phone: self.tenant_phone.as_deref().map(mask_phone),
            ..self.clone()
        }
    }

    /// Every phone of the household (owner's, then the tenant's).
    pub fn all_phones(&self) -> impl Iterator<Item = &str> {
        self.phones
            .iter()
            .map(String::as_str)
            .chain(self.tenant_phone.as_deref())
    }

    /// The names the directory finds by pinyin initials: owner, tenant, family members.
    pub fn names(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for name in [&self.owner, &self.tenant].into_iter().flatten() {
            out.extend(split_names(name));
        }
        if let Some(f) = &self.family {
            out.extend(split_names(f));
        }
        out.sort();
        out.dedup();
        out
    }
}

/// Rooms in the order a person walks them: `3-2-902` before `3-2-1201` (numbers compared as
/// numbers, the rest as text), so a list worked through floor by floor reads in that order.
pub fn room_order(a: &str, b: &str) -> std::cmp::Ordering {
    fn parts(room: &str) -> impl Iterator<Item = (bool, &str)> {
        let mut rest = room;
        std::iter::from_fn(move || {
            let first = rest.chars().next()?;
            let digits = first.is_ascii_digit();
            let end = rest
                .find(|c: char| c.is_ascii_digit() != digits)
                .unwrap_or(rest.len());
            let (part, tail) = rest.split_at(end);
            rest = tail;
            Some((digits, part))
        })
    }
    let mut left = parts(a);
    let mut right = parts(b);
    loop {
        let ord = match (left.next(), right.next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some((true, x)), Some((true, y))) => {
                let (x, y) = (x.trim_start_matches('0'), y.trim_start_matches('0'));
                x.len().cmp(&y.len()).then_with(|| x.cmp(y))
            }
            (Some((_, x)), Some((_, y))) => x.cmp(y),
        };
        if ord.is_ne() {
            return ord;
        }
    }
}

/// Names in a cell: split on 、,，;；/ and spaces; a part in brackets (妻, son) dropped.
pub fn split_names(text: &str) -> Vec<String> {
    let mut without = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = (depth - 1).max(0),
            _ if depth == 0 => without.push(c),
            _ => {}
        }
    }
    without
        .split(|c: char| "、,，;；/ \t\n:：".contains(c))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Pinyin initials of a name, lower case: 王小明 -> `wxm`; Latin letters and digits are kept
/// (lower-cased), anything else is left out.
pub fn initials(name: &str) -> String {
    use pinyin::ToPinyin;
    name.chars()
        .filter_map(|c| {
            if c.is_ascii_alphanumeric() {
                Some(c.to_ascii_lowercase())
            } else {
                c.to_pinyin().and_then(|p| p.first_letter().chars().next())
            }
        })
        .collect()
}

/// Text the way a person typed initials: ASCII letters only, lower-cased.
pub fn looks_like_initials(text: &str) -> bool {
    !text.is_empty() && text.len() <= 10 && text.chars().all(|c| c.is_ascii_alphabetic())
}

/// A phone shown with its middle hidden: `138****8000`; a local number keeps its last 4.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    let n = chars.len();
    if n >= 11 {
        chars
            .iter()
            .enumerate()
            .map(|(i, c)| if i < 3 || i >= n - 4 { *c } else { '*' })
            .collect()
    } else if n > 4 {
        "*".repeat(n - 4) + &chars[n - 4..].iter().collect::<String>()
    } else {
        "*".repeat(n)
    }
}

/// A phone number: a Chinese mobile (11 digits from 13–19, an optional +86 before it), a
/// landline with its area code (0 and 9–11 more digits, `010-12345678`), or a local landline of
/// 7–8 digits. Stored as digits only.
pub fn phone(text: &str) -> Result<String, HProblem> {
    let bad = || HProblem::Phone(text.trim().to_string());
    let mut digits = String::new();
    for (i, c) in text.trim().chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '０'..='９' => digits.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
            '+' if i == 0 => {}
            ' ' | '-' | '(' | ')' | '（' | '）' | '－' => {}
            _ => return Err(bad()),
        }
    }
    let text_start = text.trim_start();
    if text_start.starts_with('+') {
        digits = digits.strip_prefix("86").ok_or_else(bad)?.to_string();
    } else if digits.len() == 13 && digits.starts_with("86") {
        digits = digits[2..].to_string();
    }
    let b = digits.as_bytes();
    let mobile = b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]);
    let long_distance = (10..=12).contains(&b.len()) && b[0] == b'0' && b[1] != b'0';
    let local = (7..=8).contains(&b.len()) && b[0] != b'0' && b[0] != b'1';
    if mobile || long_distance || local {
        Ok(digits)
    } else {
        Err(bad())
    }
}

/// Phones in one cell: separated by / 、 , ， ; ；.
pub fn phones(text: &str) -> Result<Vec<String>, HProblem> {
    let mut out = Vec::new();
    for part in text.split(|c: char| "/、,，;；".contains(c)) {
        if part.trim().is_empty() {
            continue;
        }
        let p = phone(part)?;
        if !out.contains(&p) {
            out.push(p);
        }
    }
    Ok(out)
}

/// A move-in date: 2020-05-01, 2020/5/1, 2020.5.1 or 2020年5月1日, 1950 to 2099.
pub fn date(text: &str) -> Result<NaiveDate, HProblem> {
    let t = text.trim();
    let normal: String = t
        .chars()
        .map(|c| match c {
            '/' | '.' | '年' | '月' => '-',
            c => c,
        })
        .filter(|c| *c != '日')
        .collect();
    let normal = normal.trim_end_matches('-');
    // A date cell read as text with a time of 00:00:00.
    let normal = normal.split([' ', 'T']).next().unwrap_or("");
    NaiveDate::parse_from_str(normal, "%Y-%m-%d")
        .ok()
        .filter(|d| (1950..=2099).contains(&d.year()))
        .ok_or_else(|| HProblem::Date(t.to_string()))
}

/// yes/no in either language.
pub fn yes_no(text: &str) -> Result<bool, HProblem> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "是" | "已入住" | "入住" | "在住" => Ok(true),
        "no" | "n" | "false" | "0" | "否" | "未入住" | "空置" | "空" => Ok(false),
        _ => Err(HProblem::YesNo(text.trim().to_string())),
    }
}

/// A text field: trimmed, no control characters, at most the field's length; empty is `None`.
pub fn text_field(field: HField, text: &str) -> Result<Option<String>, HouseholdError> {
    let t = text.trim();
    if t.chars().any(|c| is_unsafe(c) && c != '\n') {
        return Err(HouseholdError::new(field, HProblem::Unsafe));
    }
    if t.chars().count() > field.max_chars() {
        return Err(HouseholdError::new(
            field,
            HProblem::TooLong {
                max: field.max_chars(),
            },
        ));
    }
    Ok((!t.is_empty()).then(|| t.to_string()))
}

/// A room as the desk writes it (`3-2-1201`, upper-cased letters).
pub fn room(text: &str) -> Result<String, HouseholdError> {
    match super::text::room(text) {
        Ok(Some(r)) => Ok(r),
        Ok(None) => Err(HouseholdError::new(HField::Room, HProblem::NoRoom)),
        Err(_) => Err(HouseholdError::new(
            HField::Room,
            HProblem::Room(text.trim().to_string()),
        )),
    }
}

/// One field's text, checked, as it goes into a patch (an empty text clears the field).
pub fn patch_field(patch: &mut Patch, field: HField, text: &str) -> Result<(), HouseholdError> {
    let err = |p| HouseholdError::new(field, p);
    let t = text.trim();
    match field {
        HField::Room => {}
        HField::Phone => patch.phones = Some(phones(t).map_err(err)?),
        HField::TenantPhone => {
            patch.tenant_phone = Some(if t.is_empty() {
                String::new()
            } else {
                phone(t).map_err(err)?
            })
        }
        HField::IdNumber => {
            patch.id_number = Some(if t.is_empty() {
                String::new()
            } else {
                // The directory keeps no clock: a birth date is only checked to be a day.
                idcard::validate(t, chrono::NaiveDate::MAX).map_err(|f| {
                    err(match f {
                        idcard::IdFault::CheckDigit(expected) => HProblem::IdCheck { expected },
                        _ => HProblem::IdShape,
                    })
                })?
            })
        }
        HField::MoveIn => {
            patch.move_in = Some(if t.is_empty() {
                String::new()
            } else {
                date(t).map_err(err)?.to_string()
            })
        }
        HField::Occupied => {
            if !t.is_empty() {
                patch.occupied = Some(yes_no(t).map_err(err)?);
            }
        }
        HField::Owner | HField::Family | HField::Employer | HField::Tenant | HField::Notes => {
            let value = text_field(field, t)?.unwrap_or_default();
            let slot = match field {
                HField::Owner => &mut patch.owner,
                HField::Family => &mut patch.family,
                HField::Employer => &mut patch.employer,
                HField::Tenant => &mut patch.tenant,
                _ => &mut patch.notes,
            };
            *slot = Some(value);
        }
    }
    Ok(())
}

/// A field's value in the layout of the spreadsheet (export), unmasked.
pub fn cell(h: &Household, field: HField) -> String {
    match field {
        HField::Room => h.room.clone(),
        HField::Owner => h.owner.clone().unwrap_or_default(),
        HField::Phone => h.phones.join("/"),
        HField::IdNumber => h.id_number.clone().unwrap_or_default(),
        HField::Family => h.family.clone().unwrap_or_default(),
        HField::Employer => h.employer.clone().unwrap_or_default(),
        HField::MoveIn => h.move_in.map(|d| d.to_string()).unwrap_or_default(),
        HField::Tenant => h.tenant.clone().unwrap_or_default(),
        HField::TenantPhone => h.tenant_phone.clone().unwrap_or_default(),
        HField::Occupied => if h.occupied { "yes" } else { "no" }.into(),
        HField::Notes => h.notes.clone().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn rooms_are_ordered_as_they_are_walked() {
        let mut rooms = vec![
            "1-1-1001", "1-1-102", "1-1-101", "10-1-101", "2-1-101", "1-1-0201", "商铺3", "商铺12",
        ];
        rooms.sort_by(|a, b| room_order(a, b));
        assert_eq!(
            rooms,
            [
                "1-1-101", "1-1-102", "1-1-0201", "1-1-1001", "2-1-101", "10-1-101", "商铺3",
                "商铺12"
            ]
        );
        assert_eq!(
            room_order("3-2-1201", "3-2-1201"),
            std::cmp::Ordering::Equal
        );
    }
    use super::*;

    #[test]
    fn phones_are_mobiles_or_landlines() {
        assert_eq!(phone("138 0013 8000").unwrap(), "13800138000");
        assert_eq!(phone("+86 138-0013-8000").unwrap(), "13800138000");
        assert_eq!(phone("010-12345678").unwrap(), "01012345678");
        assert_eq!(phone("0755-1234567").unwrap(), "07551234567");
        assert_eq!(phone("87654321").unwrap(), "87654321");
        for bad in [
            "12800138000",
            "1380013800",
            "12345",
            "00112345678",
            "tel",
            "+1 2125551234",
        ] {
            assert!(phone(bad).is_err(), "{bad}");
        }
        assert_eq!(
            phones("13800138000/010-12345678、13800138000").unwrap(),
            vec!["13800138000", "01012345678"]
        );
    }

    #[test]
    fn masking() {
        assert_eq!(mask_phone("13800138000"), "138****8000");
        assert_eq!(mask_phone("01012345678"), "010****5678");
        assert_eq!(mask_phone("87654321"), "****4321");
    }

    #[test]
    fn initials_of_names() {
        assert_eq!(initials("王小明"), "wxm");
        assert_eq!(initials("李 Lei"), "llei");
        assert_eq!(
            split_names("李红(妻)、王小小（子） 张三"),
            vec!["李红", "王小小", "张三"]
        );
    }

    #[test]
    fn dates_and_yes_no() {
        assert_eq!(date("2020/5/1").unwrap().to_string(), "2020-05-01");
        assert_eq!(date("2020年5月1日").unwrap().to_string(), "2020-05-01");
        assert_eq!(
            date("2020-05-01 00:00:00").unwrap().to_string(),
            "2020-05-01"
        );
        assert!(date("1800-01-01").is_err());
        assert!(date("soon").is_err());
        assert!(yes_no("是").unwrap());
        assert!(!yes_no("no").unwrap());
    }

    #[test]
    fn a_moved_out_tenant_is_cleared_and_the_fold_follows_the_changes() {
        let add = Patch {
            owner: Some("王小明".into()),
            tenant: Some("赵六".into()),
            occupied: Some(true),
            ..Default::default()
        };
        let out = Patch {
            tenant: Some(String::new()),
            ..Default::default()
        };
        let h = Household::fold(
            "3-2-1201",
            [(ChangeKind::Add, &add), (ChangeKind::Edit, &out)],
        )
        .unwrap();
        assert_eq!(h.owner.as_deref(), Some("王小明"));
        assert_eq!(h.tenant, None);
        let again = Household::fold("3-2-1201", [(ChangeKind::Add, &h.as_patch())]).unwrap();
        assert_eq!(again, h);
    }
}
