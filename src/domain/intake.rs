//! One intake: what a new record needs, field by field, and the rules between its fields.
//! The command line (`add`), the desk's forms and the store (`Writer::add`: the kind's
//! `check`, never on fold) all go through here, so a field is parsed and a rule said once.
//!
//! A kind lists its fields (`Intake::fields`, in the desk's form order); the text typed for
//! each (`Entries`, choices as slugs) is parsed by its `Input`, then the kind builds its
//! details and checks what lies between fields.

pub use super::choice::{ChoiceSet, Choices};
use super::error::{Field, Problem, RuleError};
use super::kinds::{Details, RecordKind, Slug, id_number};
use super::record::NewRecord;
use super::rules::Policy;
use super::text::{MAX_SHORT_CHARS, MAX_TEXT_CHARS, optional_text, phone, room};
use super::time::{Direction, Zone, check_event_time, parse_time};
use super::view::Choice;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// How a field's text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// Free text, trimmed, at most `max` characters.
    Text {
        max: usize,
    },
    Room,
    Phone,
    /// A whole number, at least 0 (how many people were hurt).
    Count,
    /// A time as people type it: `Past` the last such time, `Future` the next one.
    Time(Direction),
    /// One of a closed set; `default` is the slug when none is given ("": the first).
    Choice {
        set: Choices,
        default: &'static str,
    },
    /// Every value of a closed set, ticked (slugs separated by commas or spaces): the
    /// unticked ones are named.
    Checklist {
        set: Choices,
    },
    /// An 18-character resident ID number (`kinds::id_number`), kept upper case.
    IdNumber,
    /// An inspection round's check items, one `KEY=ok|problem|na[:remark]` a line (the
    /// command line's repeated flag joined), at most `max` characters in all.
    Lines {
        max: usize,
    },
}

/// Whether a field must be given.
#[derive(Debug, Clone, Copy)]
pub enum Need {
    Required,
    /// Required, but the command line does not refuse its absence before the intake reads
    /// every field: each missing one is named at once (a pass).
    Asked,
    Optional,
    /// Only where `applies` says so (else giving it is `otherwise`); `required` there, the
    /// kind's `check` saying so when it is missing.
    Only {
        applies: fn(&Entries) -> bool,
        required: bool,
        otherwise: fn() -> Problem,
    },
}

#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub field: Field,
    pub input: Input,
    pub need: Need,
}

impl FieldSpec {
    pub const fn new(field: Field, input: Input, need: Need) -> Self {
        Self { field, input, need }
    }

    /// Whether the field is asked for with these entries (the desk shows it).
    pub fn applies(&self, e: &Entries) -> bool {
        match self.need {
            Need::Only { applies, .. } => applies(e),
            Need::Required | Need::Asked | Need::Optional => true,
        }
    }

    pub fn required(&self) -> bool {
        match self.need {
            Need::Required | Need::Asked => true,
            Need::Optional => false,
            Need::Only { required, .. } => required,
        }
    }
}

/// The fields every record shares.
pub const SUMMARY: FieldSpec = FieldSpec::new(
    Field::Summary,
    Input::Text {
        max: MAX_TEXT_CHARS,
    },
    Need::Required,
);
pub const ROOM: FieldSpec = FieldSpec::new(Field::Room, Input::Room, Need::Optional);
pub const PHONE: FieldSpec = FieldSpec::new(Field::Phone, Input::Phone, Need::Optional);
/// When it happened: now when not given.
pub const AT: FieldSpec = FieldSpec::new(Field::At, Input::Time(Direction::Past), Need::Optional);

pub const fn short(field: Field, need: Need) -> FieldSpec {
    FieldSpec::new(
        field,
        Input::Text {
            max: MAX_SHORT_CHARS,
        },
        need,
    )
}

/// What a kind asks for at creation, and the rules between its fields.
pub struct Intake {
    /// In the desk's form order.
    pub fields: &'static [FieldSpec],
    /// The kind's details from parsed fields; `None`: not created from entries (a handover
    /// is written by signing).
    pub build: Option<fn(&Parsed, &Policy) -> Details>,
    /// The rules between fields, on a record about to be written at `at` under the estate's
    /// policy (its zone, its inspection areas); the store asks it too.
    pub check: fn(&NewRecord, DateTime<Utc>, &Policy) -> Result<(), RuleError>,
    /// The category (slug) the words typed suggest, until the person picks one (the desk).
    pub suggest: Option<fn(&str) -> Option<&'static str>>,
}

impl Intake {
    /// Whether records of the kind are created from entries (the desk's form, `add`); a
    /// handover is written by signing.
    pub fn takes_entries(&self) -> bool {
        self.build.is_some()
    }

    /// The value a field takes on the command line when its flag is not given: a choice's
    /// default, except the choice the kind suggests from the words typed (`suggest`: the
    /// desk shows its default only until the words suggest one; the command line, which
    /// suggests nothing, asks for it).
    pub fn flag_default(&self, spec: &FieldSpec) -> Option<&'static str> {
        let suggested = self.suggest.is_some() && spec.field == Field::Category;
        match spec.input {
            Input::Choice { default, .. } if !default.is_empty() && !suggested => Some(default),
            _ => None,
        }
    }

    /// Whether the command line refuses to go on without the field's flag.
    pub fn flag_required(&self, spec: &FieldSpec) -> bool {
        matches!(spec.need, Need::Required) && self.flag_default(spec).is_none()
    }

    /// The fields in the order the command line lists them: the required ones first (the
    /// choices, then the rest, the long text last), then the others in the form's order.
    /// Usage lines read as before the flags came from the intake: `add repair --category
    /// <CATEGORY> --location <LOCATION> --summary <SUMMARY>`.
    pub fn flag_order(&self) -> Vec<&'static FieldSpec> {
        let rank = |spec: &FieldSpec| match (spec.need, spec.input) {
            (Need::Required | Need::Asked, Input::Choice { .. }) => 0,
            (Need::Required | Need::Asked, Input::Text { max }) if max > MAX_SHORT_CHARS => 2,
            (Need::Required | Need::Asked, _) => 1,
            _ => 3,
        };
        let mut fields: Vec<&'static FieldSpec> = self.fields.iter().collect();
        fields.sort_by_key(|spec| rank(spec));
        fields
    }
}

/// No rule between fields.
pub fn no_check(_: &NewRecord, _: DateTime<Utc>, _: &Policy) -> Result<(), RuleError> {
    Ok(())
}

/// The text typed for each field (a choice as its slug). The desk puts only what is not
/// blank; the command line what was given, so that `--at ''` is refused as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entries(BTreeMap<Field, String>);

impl Entries {
    pub fn set(&mut self, field: Field, text: impl Into<String>) {
        self.0.insert(field, text.into());
    }

    /// Set when given.
    pub fn put(&mut self, field: Field, text: Option<&str>) {
        if let Some(t) = text {
            self.set(field, t);
        }
    }

    /// The text given (a blank time or choice given is refused, as typed).
    pub fn get(&self, field: Field) -> Option<&str> {
        self.0.get(&field).map(String::as_str)
    }

    /// A choice's value, if given and valid.
    pub fn choice<S: Slug>(&self, field: Field) -> Option<S> {
        self.get(field).and_then(S::parse_slug)
    }
}

/// The fields' values once read.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    texts: BTreeMap<Field, String>,
    times: BTreeMap<Field, DateTime<Utc>>,
    choices: BTreeMap<Field, usize>,
}

impl Parsed {
    pub fn text(&self, field: Field) -> Option<String> {
        self.texts.get(&field).cloned()
    }

    /// A count (`Input::Count`), if given.
    pub fn count(&self, field: Field) -> Option<u32> {
        self.texts.get(&field).and_then(|t| t.parse().ok())
    }

    pub fn time(&self, field: Field) -> Option<DateTime<Utc>> {
        self.times.get(&field).copied()
    }

    /// A choice's value: `S` must be the type of the field's `Choices` (`ClassOrNone`: none
    /// is absent).
    pub fn choice<S: Slug>(&self, field: Field) -> Option<S> {
        self.choices.get(&field).map(|&i| S::ALL[i])
    }
}

/// Every field refused, in the kind's field order.
#[derive(Debug, Clone, PartialEq)]
pub struct Problems(pub Vec<(Field, Problem)>);

impl Problems {
    /// The first, as the command line says it.
    pub fn first(self) -> RuleError {
        let (field, problem) = self.0.into_iter().next().expect("at least one problem");
        RuleError::field(field, problem)
    }
}

impl From<RuleError> for Problems {
    fn from(e: RuleError) -> Self {
        match e {
            RuleError::Field { field, problem } => Self(vec![(field, problem)]),
            other => panic!("not a field's problem: {other}"),
        }
    }
}

/// Read one field's text into `out`; false when not given.
fn read(
    spec: &FieldSpec,
    text: Option<&str>,
    now: DateTime<Utc>,
    zone: Zone,
    out: &mut Parsed,
) -> Result<bool, RuleError> {
    let field = spec.field;
    let value = match spec.input {
        Input::Text { max } => optional_text(field, text, max)?,
        Input::Room => room(text.unwrap_or(""))?,
        Input::Phone => phone(text.unwrap_or(""))?,
        Input::Count => match text {
            None => None,
            Some(t) => match t.trim().parse::<u32>() {
                Ok(n) => Some(n.to_string()),
                Err(_) => {
                    return Err(RuleError::field(
                        field,
                        Problem::NotCount(t.trim().to_string()),
                    ));
                }
            },
        },
        Input::Time(direction) => {
            let Some(t) = text else {
                return Ok(false);
            };
            out.times
                .insert(field, parse_time(field, t, zone, now, direction)?);
            return Ok(true);
        }
        Input::Choice { set, default } => {
            let index = match text {
                Some(t) => set.parse(t).ok_or_else(|| {
                    RuleError::field(
                        field,
                        Problem::NotOneOf {
                            text: t.trim().to_string(),
                            allowed: set.allowed(),
                        },
                    )
                })?,
                // No default: not given (a required one is refused as empty).
                None if default.is_empty() => return Ok(false),
                None => set.parse(default).unwrap_or(0),
            };
            // "Not given" first: none given; the values after it.
            let index = match index.checked_sub(usize::from(set.none_first)) {
                Some(i) => i,
                None => return Ok(false),
            };
            out.choices.insert(field, index);
            return Ok(true);
        }
        Input::Checklist { set } => {
            let mut ticked = Vec::new();
            for t in text
                .unwrap_or("")
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|t| !t.is_empty())
            {
                let i = set.parse(t).ok_or_else(|| {
                    RuleError::field(
                        field,
                        Problem::NotOneOf {
                            text: t.to_string(),
                            allowed: set.allowed(),
                        },
                    )
                })?;
                ticked.push(i);
            }
            let missing: Vec<Choice> = (0..set.count())
                .filter(|i| !ticked.contains(i))
                .map(|i| Choice::Of(set, i))
                .collect();
            if !missing.is_empty() {
                return Err(RuleError::field(field, Problem::NotTicked(missing)));
            }
            Some(set.slugs().join(","))
        }
        Input::Lines { max } => match text.map(str::trim).filter(|t| !t.is_empty()) {
            None => None,
            Some(t) => {
                let len = t.chars().count();
                if len > max {
                    return Err(RuleError::field(field, Problem::TooLong { len, max }));
                }
                super::kinds::inspection::check_lines(t)?;
                Some(t.to_string())
            }
        },
        Input::IdNumber => match text.map(str::trim).filter(|t| !t.is_empty()) {
            None => None,
            Some(t) => Some(
                id_number::validate(t, super::time::local_date(now, zone))
                    .map_err(|f| RuleError::field(field, Problem::IdNumber(f)))?,
            ),
        },
    };
    let given = value.is_some();
    if let Some(v) = value {
        out.texts.insert(field, v);
    }
    Ok(given)
}

/// Read every field that applies; what was refused, in order.
fn read_all(
    fields: &[FieldSpec],
    e: &Entries,
    now: DateTime<Utc>,
    zone: Zone,
) -> (Parsed, Vec<(Field, Problem)>) {
    let mut problems = Vec::new();
    let mut parsed = Parsed::default();
    for spec in fields {
        let text = e.get(spec.field);
        if let Need::Only {
            applies, otherwise, ..
        } = spec.need
            && !applies(e)
        {
            if text.is_some() {
                problems.push((spec.field, otherwise()));
            }
            continue;
        }
        match read(spec, text, now, zone, &mut parsed) {
            Ok(false) if matches!(spec.need, Need::Required | Need::Asked) => {
                problems.push((spec.field, Problem::Empty))
            }
            Ok(_) => {}
            Err(RuleError::Field { field, problem }) => problems.push((field, problem)),
            Err(other) => panic!("reading a field: {other}"),
        }
    }
    (parsed, problems)
}

/// Read `fields` from what was typed (a lifecycle step's); else every refused field.
pub fn parse(
    fields: &[FieldSpec],
    e: &Entries,
    now: DateTime<Utc>,
    zone: Zone,
) -> Result<Parsed, Problems> {
    let (parsed, problems) = read_all(fields, e, now, zone);
    if problems.is_empty() {
        Ok(parsed)
    } else {
        Err(Problems(problems))
    }
}

/// A new record of `kind` from what was typed, and when it happened; else every refused
/// field.
pub fn new_record(
    kind: RecordKind,
    e: &Entries,
    now: DateTime<Utc>,
    policy: &Policy,
) -> Result<(NewRecord, DateTime<Utc>), Problems> {
    let zone = policy.zone;
    let intake = kind.intake();
    let Some(build) = intake.build else {
        return Err(Problems(vec![(
            Field::Kind,
            Problem::NotOneOf {
                text: kind.slug().into(),
                allowed: RecordKind::ALL
                    .iter()
                    .filter(|k| k.intake().build.is_some())
                    .map(|k| k.slug())
                    .collect::<Vec<_>>()
                    .join(", "),
            },
        )]));
    };
    let (parsed, mut problems) = read_all(intake.fields, e, now, zone);
    let at = parsed.time(Field::At).unwrap_or(now);
    if parsed.time(Field::At).is_some()
        && let Err(RuleError::Field { field, problem }) = check_event_time(at, now, None, zone)
    {
        problems.push((field, problem));
    }
    if !problems.is_empty() {
        return Err(Problems(problems));
    }
    let details = build(&parsed, policy);
    let new = NewRecord {
        // A pass's items are its summary, its owner its name; a record without a summary
        // takes its kind's (an inspection round: its problems, `InspectionDetails::digest`).
        summary: parsed
            .text(Field::Summary)
            .or_else(|| parsed.text(Field::Items))
            .or_else(|| details.summary_when_none())
            .unwrap_or_default(),
        details,
        room: parsed.text(Field::Room),
        location: parsed.text(Field::Location),
        phone: parsed.text(Field::Phone),
        name: parsed
            .text(Field::Name)
            .or_else(|| parsed.text(Field::Reporter))
            .or_else(|| parsed.text(Field::Owner)),
    };
    (intake.check)(&new, at, policy)?;
    Ok((new, at))
}

/// The rules between a new record's fields, as the store checks them before writing.
pub fn check(new: &NewRecord, at: DateTime<Utc>, policy: &Policy) -> Result<(), RuleError> {
    (new.details.kind().intake().check)(new, at, policy)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::kinds::ComplaintClass;
    use crate::domain::step::Step;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-25T03:00:00+08:00")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn zone() -> Zone {
        chrono_tz::Asia::Shanghai
    }

    fn policy() -> crate::domain::rules::Policy {
        crate::domain::rules::Policy::new(Default::default(), Default::default(), zone())
    }

    #[test]
    fn every_refused_field_is_listed_in_the_kinds_order() {
        let mut e = Entries::default();
        e.set(Field::Summary, " ");
        e.set(Field::Category, "general");
        e.set(Field::Location, "大堂");
        e.set(Field::Phone, "12");
        e.set(Field::Appointment, "2026-11-26 10:00");
        e.set(Field::At, "25:99");
        let Problems(list) = new_record(RecordKind::Repair, &e, now(), &policy()).unwrap_err();
        let fields: Vec<Field> = list.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            [Field::Summary, Field::Phone, Field::Appointment, Field::At]
        );
        assert_eq!(list[2].1, Problem::OnlyPaidHasAppointment);
    }

    #[test]
    fn a_new_record_is_built_from_its_fields() {
        let mut e = Entries::default();
        e.set(Field::Summary, "投诉噪音");
        e.set(Field::CallKind, "complaint");
        e.set(Field::Channel, "visit");
        e.set(Field::Class, "minor");
        e.set(Field::Room, "3-2-1201");
        let (new, at) = new_record(RecordKind::Call, &e, now(), &policy()).unwrap();
        assert_eq!(at, now());
        assert_eq!(new.room.as_deref(), Some("3-2-1201"));
        assert_eq!(
            new.details.start().rules().class(),
            Some(ComplaintClass::Minor)
        );
        e.set(Field::CallKind, "consultation");
        let Problems(list) = new_record(RecordKind::Call, &e, now(), &policy()).unwrap_err();
        assert_eq!(list, [(Field::Class, Problem::OnlyComplaintHasClass)]);
    }

    #[test]
    fn a_step_reads_its_fields_once() {
        let mut e = Entries::default();
        e.set(Field::Watch, "a\nb");
        let err = Step::Watch.action(&e, now(), zone()).unwrap_err();
        assert_eq!(err.0, [(Field::Watch, Problem::OneLine)]);
        let mut e = Entries::default();
        e.set(Field::Difficulty, "simple");
        assert!(Step::Assess.action(&e, now(), zone()).is_ok());
        assert!(
            Step::Dispatch
                .action(&Entries::default(), now(), zone())
                .is_err()
        );
    }
}
