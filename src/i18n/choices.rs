//! The values of a form's choice field in words (the desk's ←/→ fields).

use super::tui::T;
use super::{Label, Lang};
use crate::domain::intake::Choices;
use crate::domain::*;

impl Choices {
    /// The `i`th value's name for people.
    pub fn label(self, i: usize, lang: Lang) -> &'static str {
        match self {
            Self::LogCategory => LogCategory::ALL[i].label(lang),
            Self::CallKind => CallKind::ALL[i].label(lang),
            Self::Channel => Channel::ALL[i].label(lang),
            Self::ClassOrNone if i == 0 => T::ClassNone.s(lang),
            Self::ClassOrNone => ComplaintClass::ALL[i - 1].label(lang),
            Self::Class => ComplaintClass::ALL[i].label(lang),
            Self::RepairCategory => RepairCategory::ALL[i].label(lang),
            Self::Difficulty => Difficulty::ALL[i].label(lang),
            Self::CallbackForm => CallbackForm::ALL[i].label(lang),
            Self::Satisfaction => Satisfaction::ALL[i].label(lang),
            Self::IncidentType => IncidentType::ALL[i].label(lang),
            Self::ReportHow => ReportHow::ALL[i].label(lang),
            Self::Warranty => Warranty::ALL[i].label(lang),
            Self::VerifiedByOrNone if i == 0 => T::NotVerified.s(lang),
            Self::VerifiedByOrNone => VerifiedBy::ALL[i - 1].label(lang),
            Self::PhoneCheck => PhoneCheck::ALL[i].label(lang),
            Self::YesNo | Self::Rating if i == 0 => T::NotRecorded.s(lang),
            Self::YesNo => YesNo::ALL[i - 1].label(lang),
            Self::Rating => Rating::ALL[i - 1].label(lang),
        }
    }
}
