//! PRC resident identity card numbers (GB 11643-1999): 17 digits and a check character
//! (0-9 or X) computed from them. One rule in one place: the residents directory checks its
//! ID numbers here (release passes check theirs with the same rule).

/// Why a text is not an ID number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdProblem {
    /// Not 18 characters, or not 17 digits followed by a digit or X.
    Shape,
    /// The check character does not match the first 17 digits: `expected` is what it should be.
    CheckDigit { expected: char },
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character the first 17 digits call for.
pub fn check_char(first17: &[u8]) -> Option<char> {
    if first17.len() != 17 || !first17.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    Some(CHECK[(sum % 11) as usize])
}

/// The ID number, trimmed and with a lower-case x made upper-case, if it is one.
pub fn parse(text: &str) -> Result<String, IdProblem> {
    let normal = text.trim().to_ascii_uppercase();
    let bytes = normal.as_bytes();
    if bytes.len() != 18 {
        return Err(IdProblem::Shape);
    }
    let last = bytes[17] as char;
    if !(last.is_ascii_digit() || last == 'X') {
        return Err(IdProblem::Shape);
    }
    let expected = check_char(&bytes[..17]).ok_or(IdProblem::Shape)?;
    if expected != last {
        return Err(IdProblem::CheckDigit { expected });
    }
    Ok(normal)
}

/// The first 4 and last 4 characters kept, the 10 between as stars: `1101**********123X`.
/// Anything shorter than 9 characters is all stars.
pub fn mask(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() < 9 {
        return "*".repeat(chars.len());
    }
    let n = chars.len();
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < 4 || i >= n - 4 { *c } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits_are_checked() {
        assert_eq!(parse("11010519491231002X").unwrap(), "11010519491231002X");
        assert_eq!(parse(" 11010519491231002x ").unwrap(), "11010519491231002X");
        assert_eq!(parse("110101199003074514").unwrap(), "110101199003074514");
        assert_eq!(
            parse("110101199003074518"),
            Err(IdProblem::CheckDigit { expected: '4' })
        );
        assert_eq!(parse("11010119900307451"), Err(IdProblem::Shape));
        assert_eq!(parse("1101011990030745A8"), Err(IdProblem::Shape));
    }

    #[test]
    fn masked_keeps_four_and_four() {
        assert_eq!(mask("11010519491231002X"), "1101**********002X");
        assert_eq!(mask("1234"), "****");
    }
}
