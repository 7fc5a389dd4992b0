//! The words of `dutydesk report`, en + zh.

words! {
    /// The row titles and words of a report for people.
    ReportWord {
        Report => ("Report", "统计"),
        Records => ("records", "记录"),
        Voided => ("voided", "作废"),
        Unclassified => ("unclassified", "未定级"),
        Repeats => ("repeats", "重复"),
        DutyLog => ("duty log", "值班记录"),
        CallsByKind => ("calls by kind", "来电来访(类型)"),
        CallsByChannel => ("calls by channel", "来电来访(方式)"),
        ComplaintsByClass => ("complaints by class", "投诉(级别)"),
        Repairs => ("repairs", "报修"),
        Urgent => ("urgent", "急修"),
        Deadlines => ("deadlines (met / missed / overdue / open):", "时限 (按时 / 超时完成 / 已超时 / 进行中):"),
        ComplaintCallbacks => ("complaint callbacks", "投诉回访"),
        RepairCallbacks => ("repair callbacks", "维修回访"),
        Target => ("target", "目标"),
        OnSite => ("on site", "上门"),
        Owed => ("owed", "应回访"),
        SignedVisits => ("signed visits", "签字上门回访"),
        QualityCallbacks => ("quality follow-ups made", "已做质量回访"),
        Satisfaction => ("satisfaction", "满意度"),
        ShiftChanges => ("shift changes", "交接班"),
        SignedOnTime => ("signed", "按时签收"),
        SignedLate => ("late", "逾时签收"),
        NotSigned => ("not signed", "未签收"),
    }
}
