//! Why a rule refused something. Rendered for people by `i18n`.

use super::kinds::RecordKind;
use super::record::Status;

#[derive(Debug, Clone, PartialEq)]
pub enum RuleError {
    /// The action does not fit the record's kind or current status.
    NotAllowed {
        action: &'static str,
        kind: RecordKind,
        status: Status,
    },
    /// A field is missing, malformed or out of range.
    Field {
        field: &'static str,
        problem: String,
    },
    /// The stored events do not make a valid record.
    Corrupt,
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotAllowed {
                action,
                kind,
                status,
            } => write!(
                f,
                "'{action}' is not allowed on a {kind} that is {}",
                status.slug()
            ),
            Self::Field { field, problem } => write!(f, "{field}: {problem}"),
            Self::Corrupt => write!(f, "the stored history of this record is not valid"),
        }
    }
}

impl std::error::Error for RuleError {}
