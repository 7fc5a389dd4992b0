//! The words of `dutydesk handover`, en + zh.

words! {
    /// The fixed words of `handover show`, `list` and `refuse`.
    HandoverWord {
        Refused => ("refused; the outgoing shift stays responsible", "已拒收; 交班人继续负责"),
        NoHandovers => ("(no handovers yet)", "(还没有交接记录)"),
        VoidedMark => (" [VOIDED]", " [已作废]"),
        NotSignedOf => ("!! NOT SIGNED: the handover of", "!! 未签收: 交接班"),
        Signed => ("signed", "已签收"),
        Draft => ("draft", "草稿"),
        Handover => ("Handover", "交接班"),
        Outgoing => ("Outgoing:", "交班人:"),
        RefusedBy => ("Refused by", "拒收:"),
        Watch => ("Watch", "重点关注"),
        Paused => ("Paused (deadlines not counting)", "暂停计时"),
        Overdue => ("Overdue", "已超时"),
        DueNextShift => ("Due before the next shift ends", "下一班结束前到期"),
        UrgentRepairs => ("Open urgent repairs", "未完成急修"),
        OtherRepairs => ("Other open repairs", "其他未完成报修"),
        Complaints => ("Complaints awaiting reply or answer", "待回复/待答复投诉"),
        CallbacksDue => ("Callbacks due", "待回访"),
        OtherCalls => ("Other open calls", "其他未完结来电"),
        Incidents => ("Incidents (open, and this shift's)", "重大事项及本班事件"),
        Passes => ("Passes: goods leaving before the next shift ends", "放行条: 下一班结束前搬出"),
        SinceLast => ("Since the last handover", "与上次交接"),
        New => ("new", "新增"),
        Closed => ("closed", "已完结"),
        StillOpen => ("still open", "仍未完结"),
        NoEarlier => ("No earlier signed handover.", "此前没有已签收的交接。"),
        ClosedList => ("closed:", "已完结:"),
        Resolved => ("Resolved or closed since the last handover", "上次交接以来已解决/完结"),
        CallbackOwed => ("callback owed", "待回访"),
        Notes => ("Notes", "交班备注"),
        Created => ("This shift created:", "本班登记:"),
        SinceSigned => ("What became of the open items since", "交接时未完结事项的现状"),
    }
}
