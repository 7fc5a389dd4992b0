//! Record ids: `R-2026-00017`, serial per kind and year, accepted case-insensitively.

use super::error::{Field, Problem, RuleError};
use super::kinds::RecordKind;
use super::time::{FIRST_DAY, LAST_DAY};
use chrono::Datelike;
use std::fmt;

/// The year is private: a new id's year lies in `FIRST_DAY..=LAST_DAY` (`new`), a parsed one
/// has four digits (`parse`), so every id prints with a four-digit year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordId {
    pub kind: RecordKind,
    year: u16,
    pub serial: u32,
}

impl RecordId {
    /// The id of a new record; a year outside the range times may lie in is refused.
    pub fn new(kind: RecordKind, year: i32, serial: u32) -> Result<Self, RuleError> {
        if !(FIRST_DAY.year()..=LAST_DAY.year()).contains(&year) {
            return Err(RuleError::field(Field::At, Problem::YearOutOfRange(year)));
        }
        Ok(Self {
            kind,
            year: year as u16,
            serial,
        })
    }

    pub fn year(&self) -> i32 {
        i32::from(self.year)
    }

    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let mut parts = text.split('-');
        let prefix = parts.next()?;
        let year = parts.next()?;
        let serial = parts.next()?;
        if parts.next().is_some() || prefix.chars().count() != 1 {
            return None;
        }
        let kind = RecordKind::from_prefix(prefix.chars().next()?)?;
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if serial.is_empty() || serial.len() > 9 || !serial.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let serial: u32 = serial.parse().ok()?;
        if serial == 0 {
            return None;
        }
        Some(Self {
            kind,
            year: year.parse().ok()?,
            serial,
        })
    }
}

/// `R-2026-00017`: the prefix, the year in at least four digits, the serial in at least five.
/// Written digit by digit into a buffer (through `format_args!` an id took a twentieth of an
/// export: every listed id is written once or twice, and checked once).
impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 24];
        let mut len = self.kind.prefix().encode_utf8(&mut buf).len();
        buf[len] = b'-';
        len += 1;
        len += padded(&mut buf[len..], u32::from(self.year), 4);
        buf[len] = b'-';
        len += 1;
        len += padded(&mut buf[len..], self.serial, 5);
        f.write_str(std::str::from_utf8(&buf[..len]).map_err(|_| fmt::Error)?)
    }
}

/// `n` in decimal, zero-padded to `width`, at the start of `out`; how many bytes it took.
fn padded(out: &mut [u8], n: u32, width: usize) -> usize {
    let mut digits = [0u8; 10];
    let mut first = digits.len();
    let mut rest = n;
    loop {
        first -= 1;
        digits[first] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let count = digits.len() - first;
    let zeros = width.saturating_sub(count);
    out[..zeros].fill(b'0');
    out[zeros..zeros + count].copy_from_slice(&digits[first..]);
    zeros + count
}

/// Stored as its text (`"R-2026-00017"`), in the events that link records (follow-ups, work
/// orders).
impl serde::Serialize for RecordId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for RecordId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        RecordId::parse(&text).ok_or_else(|| serde::de::Error::custom("not a record id"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The digits written by hand are `format!`'s: every kind, the padding's edges (4 and 5
    /// digits, one more, the largest serial and year).
    #[test]
    fn display_is_the_padded_form() {
        for kind in <RecordKind as crate::domain::kinds::Slug>::ALL {
            for year in [0u16, 7, 999, 2026, 9999, 10_000, u16::MAX] {
                for serial in [
                    1u32,
                    9,
                    9_999,
                    10_000,
                    99_999,
                    100_000,
                    123_456_789,
                    u32::MAX,
                ] {
                    let id = RecordId {
                        kind: *kind,
                        year,
                        serial,
                    };
                    let expected = format!("{}-{:04}-{:05}", kind.prefix(), year, serial);
                    assert_eq!(id.to_string(), expected);
                }
            }
        }
    }

    #[test]
    fn round_trips_and_accepts_lower_case() {
        let id = RecordId::parse("r-2026-00017").unwrap();
        assert_eq!(id.kind.prefix(), 'R');
        assert_eq!(id.to_string(), "R-2026-00017");
        assert_eq!(
            RecordId::parse("C-2025-123456").unwrap().to_string(),
            "C-2025-123456"
        );
    }

    #[test]
    fn new_ids_have_a_year_in_range_and_four_digits() {
        let log = RecordId::parse("L-2026-00001").unwrap().kind;
        assert_eq!(
            RecordId::new(log, 2000, 1).unwrap().to_string(),
            "L-2000-00001"
        );
        assert_eq!(RecordId::new(log, 2099, 7).unwrap().year(), 2099);
        for year in [-1, 0, 1999, 2100, 10000] {
            assert!(RecordId::new(log, year, 1).is_err(), "{year}");
        }
        assert_eq!(
            RecordId::parse("L-0000-00001").unwrap().to_string(),
            "L-0000-00001"
        );
        assert!(RecordId::parse("L--001-00001").is_none());
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "",
            "R",
            "R-2026",
            "X-2026-00001",
            "Q-2026-00001",
            "R-26-00001",
            "R-2026-",
            "R-2026-0",
            "R-2026-1-2",
            "RR-2026-00001",
            "R-2026-abc",
        ] {
            assert!(RecordId::parse(bad).is_none(), "{bad}");
        }
    }
}
