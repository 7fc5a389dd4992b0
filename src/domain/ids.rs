//! Record ids: `R-2026-00017`, serial per kind and year, accepted case-insensitively.

use super::kinds::RecordKind;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordId {
    pub kind: RecordKind,
    pub year: i32,
    pub serial: u32,
}

impl RecordId {
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

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{:04}-{:05}",
            self.kind.prefix(),
            self.year,
            self.serial
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_accepts_lower_case() {
        let id = RecordId::parse("r-2026-00017").unwrap();
        assert_eq!(id.kind, RecordKind::Repair);
        assert_eq!(id.to_string(), "R-2026-00017");
        assert_eq!(
            RecordId::parse("C-2025-123456").unwrap().to_string(),
            "C-2025-123456"
        );
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "",
            "R",
            "R-2026",
            "X-2026-00001",
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
