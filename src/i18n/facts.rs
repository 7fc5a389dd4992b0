//! The words of a record's facts (`domain::view`), one set for the desk and `show`.

use super::tui::T;
use super::{Label, Lang};
use crate::domain::view::{Choice, FactLabel};

impl Label for FactLabel {
    fn label(&self, lang: Lang) -> &'static str {
        match self {
            Self::Category => T::FieldCategory.s(lang),
            Self::CallKind => T::FieldCallKind.s(lang),
            Self::Channel => T::FieldChannel.s(lang),
            Self::Class => T::FieldClass.s(lang),
            Self::Appointment => T::FieldAppointment.s(lang),
            Self::Difficulty => T::FieldDifficulty.s(lang),
            Self::Technician => T::FieldTo.s(lang),
            Self::Fee => T::FieldFee.s(lang),
            Self::ShiftChange => lang.pick("Shift change", "交接"),
            Self::Name => T::FieldName.s(lang),
            Self::Reporter => T::FieldReporter.s(lang),
            Self::IncidentType => T::FieldIncidentType.s(lang),
            Self::Casualties => T::FieldCasualties.s(lang),
            Self::ReportedTo => lang.pick("Reported", "上报"),
            Self::Outcome => T::FieldOutcome.s(lang),
            Self::Proposal => T::FieldProposal.s(lang),
            Self::Warranty => T::FieldWarranty.s(lang),
            Self::HeatingCompany => lang.pick("Heating co.", "供热单位"),
            Self::Owner => T::FieldOwner.s(lang),
            Self::Tenant => T::FieldTenant.s(lang),
            Self::VerifiedBy => T::FieldVerifiedBy.s(lang),
            Self::Mover => T::FieldMover.s(lang),
            Self::MoverId => T::FieldMoverId.s(lang),
            Self::MovingAt => T::FieldMovingAt.s(lang),
            Self::FeesSettledBy => T::FieldFeesSettledBy.s(lang),
            Self::LeftAt => lang.pick("Goods left", "放行时间"),
            Self::Guard => T::FieldGuard.s(lang),
            Self::Handler => lang.pick("Handler", "处理人"),
            Self::WorkDone => T::FieldWork.s(lang),
            Self::Materials => T::FieldMaterials.s(lang),
            Self::Signed => T::FieldSigned.s(lang),
            Self::Rating => T::FieldRating.s(lang),
            Self::CallbackOwed => T::FieldCallbackOwed.s(lang),
            Self::Result => T::FieldResult.s(lang),
            Self::Area => T::FieldArea.s(lang),
            Self::Check => lang.pick("Check", "检查项"),
        }
    }
}

impl Label for Choice {
    fn label(&self, lang: Lang) -> &'static str {
        match self {
            Self::Kind(v) => v.label(lang),
            Self::Of(set, i) => set.label(*i, lang),
            Self::HeatingToNotify => lang.pick("to be asked to help", "待通知协助维修"),
            Self::CallbackNeed(v) => v.label(lang),
            Self::Area(slug) => super::inspection::area_name(slug, lang),
        }
    }
}

/// How a pass's owner was verified, with its checks when it has some: "by phone: ✓ID number
/// ✓family members ✗employer".
pub fn verified_text(by: Choice, checks: &[(Choice, bool)], lang: Lang) -> String {
    let mut text = by.label(lang).to_string();
    if !checks.is_empty() {
        text.push(':');
        for (check, ticked) in checks {
            let mark = if *ticked { "✓" } else { "✗" };
            text.push_str(&format!(" {mark}{}", check.label(lang)));
        }
    }
    text
}

/// An ID number as this presenter may show it: whole only when given whole.
pub fn id_text(masked: &str, whole: Option<&str>) -> String {
    whole.unwrap_or(masked).to_string()
}
