//! The PRC resident identity number (GB 11643): 18 characters, a 6-digit region, the birth
//! date `YYYYMMDD`, a 3-digit sequence and an ISO 7064 MOD 11-2 check character (`X` for 10).
//! One rule for every ID number the desk takes: a release pass's mover and the residents
//! directory. Personal data (DOMAIN.md §6): shown masked but to an operator who can write.

use chrono::NaiveDate;

/// Why a text is not a resident identity number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdFault {
    /// Not 18 characters (how many were given).
    Length(usize),
    /// A character other than a digit in the first 17, or other than a digit or X last.
    NotDigits,
    /// The region code is not a possible one (its province part is 11 to 91).
    Region,
    /// The birth date is not a day, or before 1900 (as written, `YYYYMMDD`).
    BirthDate(String),
    /// The birth date is after today (as written).
    BornInFuture(String),
    /// The check character is wrong: what it should be.
    CheckDigit(char),
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECKS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character of the first 17 digits (ISO 7064 MOD 11-2).
pub fn check_char(first17: &str) -> char {
    let sum: u32 = first17
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    CHECKS[(sum % 11) as usize]
}

/// The number as stored (trimmed, `x` as `X`), if it is a valid one for someone born by
/// `today`.
pub fn validate(text: &str, today: NaiveDate) -> Result<String, IdFault> {
    let id = text.trim().to_ascii_uppercase();
    let n = id.chars().count();
    if n != 18 {
        return Err(IdFault::Length(n));
    }
    let (body, last) = id.split_at(17);
    if !body.bytes().all(|b| b.is_ascii_digit())
        || !last.bytes().all(|b| b.is_ascii_digit() || b == b'X')
    {
        return Err(IdFault::NotDigits);
    }
    let province: u32 = body[..2].parse().unwrap_or(0);
    if !(11..=91).contains(&province) {
        return Err(IdFault::Region);
    }
    let birth = &body[6..14];
    let date = NaiveDate::parse_from_str(birth, "%Y%m%d")
        .ok()
        .filter(|d| *d >= NaiveDate::from_ymd_opt(1900, 1, 1).expect("a day"))
        .ok_or_else(|| IdFault::BirthDate(birth.to_string()))?;
    if date > today {
        return Err(IdFault::BornInFuture(birth.to_string()));
    }
    let want = check_char(body);
    if !last.starts_with(want) {
        return Err(IdFault::CheckDigit(want));
    }
    Ok(id)
}

/// The number as people other than the pass's writer see it (`1101**********123X`).
pub use crate::domain::text::mask_id_number as mask;

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    /// A valid number made here (not a real person's): region, birth date, sequence, check.
    fn make(first17: &str) -> String {
        format!("{first17}{}", check_char(first17))
    }

    #[test]
    fn a_valid_number_passes_and_is_kept_upper_case() {
        // The standard's own example.
        assert_eq!(
            validate("11010519491231002X", today()).as_deref(),
            Ok("11010519491231002X")
        );
        assert_eq!(
            validate(" 11010519491231002x ", today()).as_deref(),
            Ok("11010519491231002X")
        );
        let id = make("44030419900307123");
        assert_eq!(validate(&id, today()), Ok(id.clone()));
    }

    #[test]
    fn a_wrong_check_digit_names_the_right_one() {
        assert_eq!(
            validate("110105194912310021", today()),
            Err(IdFault::CheckDigit('X'))
        );
    }

    #[test]
    fn bad_lengths_characters_regions_and_dates_are_refused() {
        assert_eq!(
            validate("1101051949123100", today()),
            Err(IdFault::Length(16))
        );
        assert_eq!(
            validate("11010519491231002X1", today()),
            Err(IdFault::Length(19))
        );
        assert_eq!(validate("", today()), Err(IdFault::Length(0)));
        assert_eq!(
            validate("1101051949123A002X", today()),
            Err(IdFault::NotDigits)
        );
        assert_eq!(
            validate("11010519491231002Y", today()),
            Err(IdFault::NotDigits)
        );
        assert_eq!(
            validate(&make("00010519491231002"), today()),
            Err(IdFault::Region)
        );
        assert_eq!(
            validate(&make("11010519490231002"), today()),
            Err(IdFault::BirthDate("19490231".into()))
        );
        assert_eq!(
            validate(&make("11010518991231002"), today()),
            Err(IdFault::BirthDate("18991231".into()))
        );
        assert_eq!(
            validate(&make("11010520261126002"), today()),
            Err(IdFault::BornInFuture("20261126".into()))
        );
        assert!(validate(&make("11010520261125002"), today()).is_ok());
    }
}
