//! The words of a printed pass (`dutydesk show P-… --print`), en + zh.

words! {
    /// The fixed words of the paper pass.
    PrintWord {
        Title => ("ITEM RELEASE PASS", "物品放行条"),
        Stub => ("STUB (kept at the desk)", "存根联 (服务中心留存)"),
        Notice => ("NOTICE (to the gate)", "通知联 (交门岗)"),
        Serial => ("No.", "编号"),
        Issued => ("Issued", "开单时间"),
        Consent => ("The owner consents to the items above leaving the estate.", "业主同意上述物品搬离小区。"),
        Handler => ("Handler", "经办人"),
        OwnerSign => ("Owner", "业主签字"),
        Stamp => ("Stamp", "盖章"),
        Guard => ("Gate guard", "门岗签字"),
        LeftAt => ("Left at", "放行时间"),
        TearHere => (" tear here ", " 沿此线撕开 "),
        Voided => ("*** VOIDED — NOT VALID AT THE GATE ***", "*** 作废 — 门岗不予放行 ***"),
        Used => ("*** USED — NO LONGER VALID ***", "*** 已放行 — 不再有效 ***"),
        NoPrint => ("--print: only a repair (R-…), a complaint (C-…) or an item release pass (P-…) has a printed form", "--print: 只有报修单 (R-…)、投诉 (C-…) 和物品放行条 (P-…) 可以打印"),
        HandoverTitle => ("SHIFT HANDOVER", "交接班记录"),
        Printed => ("Printed", "打印时间"),
        OutgoingSign => ("Outgoing", "交班人签字"),
        IncomingSign => ("Incoming", "接班人签字"),
        SignedTime => ("Time", "时间"),
    }
}
