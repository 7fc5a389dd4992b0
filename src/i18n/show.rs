//! The words of `dutydesk show` it does not share with the desk, en + zh. (Its field labels,
//! headings and the timeline's words are the desk's: `tui::T` and the facts' labels.)

words! {
    /// The fixed words of `show` of its own.
    ShowWord {
        VoidedMark => ("  [VOIDED 作废]", "  [已作废]"),
        Written => ("Written", "录入时间"),
        RepeatOf => ("Repeat of", "重复报事"),
        RepeatedBy => ("Repeated by", "此后重复"),
    }
}
