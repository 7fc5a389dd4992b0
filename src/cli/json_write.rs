//! JSON written straight to its output, escaped for a terminal as it is written: `list --json`
//! and `export --format json` of a million records build no `serde_json::Value` per record.
//!
//! The text is the one `serde_json::to_string_pretty` (or `to_string`) gives for the same
//! value, except that every character that could act on a terminal is escaped as `\uXXXX`:
//! serde_json escapes C0 controls but writes DEL, C1 controls and bidi controls as they are.

use crate::desk::Desk;
use crate::domain::deadline::{DeadlineName, deadlines, urgency};
use crate::domain::links::Link;
use crate::domain::record::CallbackDone;
use crate::domain::text::{is_unsafe, may_be_unsafe};
use crate::domain::time::{Zone, rfc3339};
use crate::domain::*;
use chrono::{DateTime, Utc};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Value, json};
use std::borrow::Cow;
use std::io::{self, Write};

/// Pretty JSON (two spaces a level) as if nested `level` levels deep, or one line.
pub struct SafeFormatter {
    pretty: bool,
    level: usize,
    has_value: bool,
}

impl SafeFormatter {
    pub fn pretty(level: usize) -> Self {
        Self {
            pretty: true,
            level,
            has_value: false,
        }
    }

    pub fn line() -> Self {
        Self {
            pretty: false,
            level: 0,
            has_value: false,
        }
    }

    fn next_item<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        if self.pretty {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        Ok(())
    }

    fn indent<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        for _ in 0..self.level {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level -= 1;
        if self.pretty && self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for SafeFormatter {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.next_item(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.next_item(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(if self.pretty { b": " } else { b":" })
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    /// serde_json hands over the runs of a string it does not escape itself.
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        if !may_be_unsafe(fragment, true) {
            return w.write_all(fragment.as_bytes());
        }
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if is_unsafe(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    write!(w, "\\u{u:04x}")?;
                }
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }
}

/// `value` as JSON into `out` (see `SafeFormatter`).
pub fn write_json(
    out: &mut impl Write,
    value: &impl Serialize,
    format: SafeFormatter,
) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(out, format);
    value.serialize(&mut serializer).map_err(io::Error::from)
}

/// `value` as JSON text (see `SafeFormatter`).
pub fn json_string(value: &impl Serialize, format: SafeFormatter) -> String {
    let mut out = Vec::new();
    write_json(&mut out, value, format).expect("JSON values serialise");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// The JSON form of a record (DESIGN.md "JSON"), written field by field: its keys sorted as in
/// a `Value`, the kind's `json_fields` among them.
pub struct RecordJson<'a> {
    record: &'a Record,
    zone: Zone,
    now: DateTime<Utc>,
    deadlines: Vec<Deadline>,
}

impl<'a> RecordJson<'a> {
    pub fn new(record: &'a Record, desk: &Desk, now: DateTime<Utc>) -> Self {
        Self {
            record,
            zone: desk.policy.zone,
            now,
            deadlines: deadlines(record, &desk.policy),
        }
    }

    /// Every field, sorted by key.
    fn fields<'s>(&'s self) -> Vec<(Cow<'s, str>, Field<'s>)> {
        let record: &'s Record = self.record;
        let zone = self.zone;
        let n = &record.new;
        let text = |t: &'s Option<String>| Field::OptText(t.as_deref());
        // The fields every record has, already in key order (checked in every test run).
        let base: [(&'static str, Field<'s>); 20] = [
            ("category", Field::Text(n.details.category_slug())),
            (
                "created_at",
                Field::Owned(rfc3339(record.received_at, zone)),
            ),
            ("created_by", Field::Text(&record.created_by)),
            ("deadlines", Field::Deadlines(self)),
            ("id", Field::Owned(record.id.to_string())),
            ("kind", Field::Text(record.kind().slug())),
            ("links", Field::Links(record.links())),
            ("location", text(&n.location)),
            ("name", text(&n.name)),
            ("notes", Field::Texts(&record.notes)),
            ("phone", text(&n.phone)),
            ("repeat", Field::Bool(record.repeat_of.is_some())),
            (
                "repeat_of",
                Field::OptOwned(record.repeat_of.map(|r| r.to_string())),
            ),
            ("room", text(&n.room)),
            ("status", Field::Text(record.status.slug())),
            ("summary", Field::Text(&n.summary)),
            (
                "urgency",
                Field::Text(urgency(&self.deadlines, self.now).slug()),
            ),
            ("urgent", Field::Bool(record.is_urgent())),
            ("voided", Field::Bool(record.is_voided())),
            ("written_at", Field::Owned(rfc3339(record.written_at, zone))),
        ];
        debug_assert!(base.windows(2).all(|w| w[0].0 < w[1].0), "base keys sorted");
        // A later value of a key replaces an earlier one (the kind's extras, then the parts
        // below, then over the fields above), as inserting into a map would.
        let mut later: Vec<(Cow<'s, str>, Field<'s>)> = Vec::new();
        let mut set = |key: Cow<'s, str>, value: Field<'s>| later.push((key, value));
        for (key, value) in record.rules().json_fields(record, zone) {
            set(key.into(), Field::Value(value));
        }
        if let Some(cb) = &record.callback {
            set("callback".into(), Field::Value(callback_json(cb, zone)));
        }
        // Tries that reached nobody, only where there are some.
        if !record.callback_tries.is_empty() {
            let tries = record
                .callback_tries
                .iter()
                .map(|cb| callback_json(cb, zone))
                .collect();
            set("callback_tries".into(), Field::Value(Value::Array(tries)));
        }
        if let Some(w) = &record.watch {
            let watch =
                json!({"instruction": w.instruction, "by": w.by, "at": rfc3339(w.at, zone)});
            set("watch".into(), Field::Value(watch));
        }
        if !record.pauses.is_empty() {
            let paused = record
                .paused_at(self.now)
                .map_or(Value::Null, |p| pause_json(p, zone));
            set("paused".into(), Field::Value(paused));
            let pauses = record.pauses.iter().map(|p| pause_json(p, zone)).collect();
            set("pauses".into(), Field::Value(Value::Array(pauses)));
        }
        if let Some(voided) = &record.voided {
            let void =
                json!({"at": rfc3339(voided.at, zone), "by": voided.by, "reason": voided.reason});
            set("void".into(), Field::Value(void));
        }
        // Latest first, then a stable sort: the first of each key is the one to keep. Only
        // these few are sorted; the fields above are merged in (a sort of all of them was a
        // twelfth of `list --json`).
        later.reverse();
        later.sort_by(|a, b| a.0.cmp(&b.0));
        later.dedup_by(|l, kept| l.0 == kept.0);
        let mut fields = Vec::with_capacity(base.len() + later.len());
        let mut later = later.into_iter().peekable();
        for (key, value) in base {
            while let Some(next) = later.next_if(|(k, _)| k.as_ref() < key) {
                fields.push(next);
            }
            match later.next_if(|(k, _)| k.as_ref() == key) {
                Some(replaced) => fields.push(replaced),
                None => fields.push((Cow::Borrowed(key), value)),
            }
        }
        fields.extend(later);
        fields
    }
}

impl Serialize for RecordJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let fields = self.fields();
        let mut map = s.serialize_map(Some(fields.len()))?;
        for (key, value) in &fields {
            map.serialize_entry(key.as_ref(), value)?;
        }
        map.end()
    }
}

/// One value of a record's JSON.
enum Field<'a> {
    Text(&'a str),
    OptText(Option<&'a str>),
    Owned(String),
    OptOwned(Option<String>),
    Bool(bool),
    Texts(&'a [String]),
    Links(Vec<Link>),
    Deadlines(&'a RecordJson<'a>),
    Value(Value),
}

impl Serialize for Field<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Text(t) => s.serialize_str(t),
            Self::OptText(t) => t.serialize(s),
            Self::Owned(t) => s.serialize_str(t),
            Self::OptOwned(t) => t.serialize(s),
            Self::Bool(b) => s.serialize_bool(*b),
            Self::Texts(t) => t.serialize(s),
            Self::Links(links) => {
                let mut seq = s.serialize_seq(Some(links.len()))?;
                for link in links {
                    seq.serialize_element(&LinkJson(link))?;
                }
                seq.end()
            }
            Self::Deadlines(r) => {
                let mut seq = s.serialize_seq(Some(r.deadlines.len()))?;
                for d in &r.deadlines {
                    seq.serialize_element(&DeadlineJson {
                        d,
                        zone: r.zone,
                        now: r.now,
                    })?;
                }
                seq.end()
            }
            Self::Value(v) => v.serialize(s),
        }
    }
}

struct LinkJson<'a>(&'a Link);

impl Serialize for LinkJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("id", &self.0.id.to_string())?;
        map.serialize_entry("rel", self.0.rel.slug())?;
        map.end()
    }
}

/// One deadline in a record's JSON; a paused one says since when and until when.
struct DeadlineJson<'a> {
    d: &'a Deadline,
    zone: Zone,
    now: DateTime<Utc>,
}

impl Serialize for DeadlineJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (d, zone) = (self.d, self.zone);
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("done_at", &d.done_at.map(|t| rfc3339(t, zone)))?;
        map.serialize_entry("due", &rfc3339(d.due, zone))?;
        map.serialize_entry("name", d.name.slug())?;
        // A window, not a point: when it opens (before, it asks nothing of anyone).
        if d.name == DeadlineName::QualityCallback {
            map.serialize_entry("opens", &rfc3339(d.starts, zone))?;
        }
        if let Some(held) = d.held.filter(|h| d.is_open() && h.holds(self.now)) {
            map.serialize_entry("paused_since", &rfc3339(held.since, zone))?;
            map.serialize_entry("paused_until", &held.until.map(|t| rfc3339(t, zone)))?;
        }
        map.serialize_entry("state", d.state(self.now).slug())?;
        map.end()
    }
}

fn callback_json(cb: &CallbackDone, zone: Zone) -> Value {
    let mut v = json!({"at": rfc3339(cb.at, zone), "form": cb.form.slug(), "satisfaction": cb.satisfaction.slug()});
    if let Some(words) = &cb.words {
        v["words"] = words.clone().into();
    }
    if let Some(signed) = cb.signed {
        v["signed"] = signed.into();
    }
    v
}

fn pause_json(p: &crate::domain::pause::Pause, zone: Zone) -> Value {
    json!({
        "at": rfc3339(p.at, zone),
        "by": p.by,
        "reason": p.reason,
        "until": p.until.map(|t| rfc3339(t, zone)),
        "ended_at": p.end().map(|t| rfc3339(t, zone)),
    })
}
