//! What a refused command says, pinned line for line in English and Chinese: every rule
//! refusal the command line can reach and the command line's own "bad input" messages, with
//! their exit codes. Nothing is written by any of them. Where today's Chinese desk still says
//! something in English, the pin says so (`issue 12: should be Chinese`): changing it must be
//! deliberate.

mod common;

use common::*;

/// One refused command: arguments, an environment override, exit code, and the stderr line
/// in English and in Chinese.
struct Case {
    args: Vec<String>,
    env: Option<(&'static str, &'static str)>,
    code: i32,
    en: &'static str,
    zh: &'static str,
}

fn case(args: &[&str], code: i32, en: &'static str, zh: &'static str) -> Case {
    Case {
        args: args.iter().map(|a| a.to_string()).collect(),
        env: None,
        code,
        en,
        zh,
    }
}

/// Run every case in both languages on `d`; fail once, listing every difference.
fn check(d: &Desk, cases: &[Case]) {
    let before = d.events();
    let mut wrong = Vec::new();
    for c in cases {
        for (lang, want) in [("en", c.en), ("zh", c.zh)] {
            let mut cmd = d.command();
            cmd.env("DUTYDESK_LANG", lang).args(&c.args);
            if let Some((k, v)) = c.env {
                cmd.env(k, v);
            }
            let out = cmd.output().expect("the binary runs");
            let code = out.status.code().unwrap_or(-1);
            let stderr = String::from_utf8_lossy(&out.stderr);
            let got = stderr
                .trim_end_matches('\n')
                .replace(&d.db.display().to_string(), "{db}");
            if code != c.code || got != want {
                wrong.push(format!(
                    "{lang} {:?}: exit {code} (want {}), stderr\n  got:  {got:?}\n  want: {want:?}",
                    c.args, c.code
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(d.events(), before, "a refused command wrote something");
}

/// A night at the desk at 03:00: a log entry, a phone complaint, an ordinary repair, the
/// previous shift's handover signed late, and a note on this shift's handover.
fn night() -> Desk {
    let d = Desk::new("2026-11-25T03:00:00+08:00");
    d.add(&["log", "--summary", "巡查完毕", "--at", "01:00"]);
    d.add(&[
        "call",
        "--kind",
        "complaint",
        "--channel",
        "phone",
        "--summary",
        "噪音",
        "--at",
        "01:10",
    ]);
    d.add(&[
        "repair",
        "--category",
        "general",
        "--location",
        "大堂",
        "--summary",
        "灯坏了",
        "--at",
        "01:20",
    ]);
    // In use before the 20:00 change, so its handover is owed (and signed late here).
    d.add(&["log", "--summary", "白班巡查", "--at", "2026-11-24 19:00"]);
    d.ok(&["handover", "sign", "--by", "李四"]);
    d.ok(&["handover", "note", "交代事项"]);
    d
}

#[test]
fn refusals_at_night() {
    let d = night();
    let long = "x".repeat(201);
    let empty = d.path("empty.db").display().to_string();
    let mut cases = vec![
        // ------------------------------------------------ free text (domain/text.rs)
        case(
            &["add", "log", "--summary", "  "],
            2,
            "dutydesk: summary: must not be empty",
            "dutydesk: 内容: 不能为空",
        ),
        case(
            &["add", "log", "--summary", "a\u{7}b"],
            2,
            "dutydesk: summary: contains the control character U+0007; remove it",
            "dutydesk: 内容: 含有控制字符, 请删除",
        ),
        case(
            &["act", "R-2026-00001", "dispatch", "--to", "  "],
            2,
            "dutydesk: to: must not be empty",
            "dutydesk: 维修人员: 不能为空",
        ),
        case(
            &["act", "L-2026-00001", "void", "--reason", " "],
            2,
            "dutydesk: reason: must not be empty",
            "dutydesk: 原因: 不能为空",
        ),
        case(
            &["handover", "sign", "--by", " "],
            2,
            "dutydesk: by: must not be empty",
            "dutydesk: 接班人: 不能为空",
        ),
        // ------------------------------------------------ rooms and phones
        case(
            &[
                "add",
                "call",
                "--kind",
                "complaint",
                "--channel",
                "phone",
                "--summary",
                "x",
                "--room",
                "大堂",
            ],
            2,
            "dutydesk: room: '大堂' is not a room number; use building-unit-room such as 3-2-1201",
            "dutydesk: 房号: 房号格式应为 楼-单元-房号, 如 3-2-1201",
        ),
        case(
            &[
                "add",
                "call",
                "--kind",
                "complaint",
                "--channel",
                "phone",
                "--summary",
                "x",
                "--phone",
                "call me",
            ],
            2,
            "dutydesk: phone: 'call me' is not a phone number; use digits such as 13800138000",
            "dutydesk: 电话: 电话号码应为 3 到 20 位数字, 如 13800138000",
        ),
        case(
            &[
                "add",
                "call",
                "--kind",
                "complaint",
                "--channel",
                "phone",
                "--summary",
                "x",
                "--phone",
                "12",
            ],
            2,
            "dutydesk: phone: '12' has 2 digits; a phone number has 3 to 20",
            "dutydesk: 电话: 电话号码应为 3 到 20 位数字, 如 13800138000",
        ),
        // ------------------------------------------------ times (domain/time.rs)
        case(
            &["add", "log", "--summary", "x", "--at", "25:99"],
            2,
            "dutydesk: at: '25:99' is not a time; use 2026-11-25T03:00:00+08:00, '2026-11-25 03:00' or 03:00",
            "dutydesk: 时间: 应写作 03:00 或 2026-11-25 03:00",
        ),
        case(
            &["add", "log", "--summary", "x", "--at", "2026-11-25 04:00"],
            2,
            "dutydesk: at: 2026-11-25T04:00:00+08:00 is in the future (now is 2026-11-25T03:00:00+08:00)",
            "dutydesk: 时间: 时间不能晚于现在",
        ),
        case(
            &["add", "log", "--summary", "x", "--at", "1999-12-31 23:00"],
            2,
            "dutydesk: at: 1999-12-31 23:00 is outside 2000-01-01 to 2099-12-31; nothing was written",
            "dutydesk: 时间: 时间须在 2000-01-01 到 2099-12-31 之间, 未写入",
        ),
        case(
            &["act", "L-2026-00001", "note", "later", "--at", "00:30"],
            2,
            "dutydesk: at: 2026-11-25T00:30:00+08:00 is before the record's previous event at 2026-11-25T01:00:00+08:00",
            "dutydesk: 时间: 时间不能早于该记录的上一条处理记录",
        ),
        case(
            &["export", "--format", "json", "--since", "2026-13-01"],
            2,
            "dutydesk: since: '2026-13-01' is not a date; use YYYY-MM-DD",
            "dutydesk: 起始日期: 日期格式: YYYY-MM-DD",
        ),
        case(
            &["report", "daily", "--date", "2026-02-30"],
            2,
            "dutydesk: date: '2026-02-30' is not a date; use YYYY-MM-DD",
            "dutydesk: 日期: 日期格式: YYYY-MM-DD",
        ),
        // ------------------------------------------------ kind rules
        case(
            &[
                "add",
                "repair",
                "--category",
                "paid",
                "--location",
                "大堂",
                "--summary",
                "x",
            ],
            2,
            "dutydesk: appointment: a paid repair needs the agreed appointment time (--appointment)",
            "dutydesk: 预约时间: 有偿维修须填写约定的预约时间 (--appointment)",
        ),
        case(
            &[
                "add",
                "repair",
                "--category",
                "paid",
                "--location",
                "大堂",
                "--summary",
                "x",
                "--appointment",
                "2026-11-24 10:00",
            ],
            2,
            "dutydesk: appointment: 2026-11-24T10:00:00+08:00 is before the record was received at 2026-11-25T03:00:00+08:00; nothing was written",
            "dutydesk: 预约时间: 预约时间不能早于接报时间, 未写入",
        ),
        // step 8: named by the field (was "--appointment:"), in Chinese
        case(
            &[
                "add",
                "repair",
                "--category",
                "general",
                "--location",
                "大堂",
                "--summary",
                "x",
                "--appointment",
                "2026-11-26 10:00",
            ],
            2,
            "dutydesk: appointment: only a paid repair (--category paid) is by appointment",
            "dutydesk: 预约时间: 只有有偿维修 (--category paid) 才需要预约",
        ),
        // step 8: named by the field (was "--location:"), in Chinese
        case(
            &[
                "add",
                "repair",
                "--category",
                "general",
                "--location",
                "  ",
                "--summary",
                "x",
            ],
            2,
            "dutydesk: location: must not be empty",
            "dutydesk: 位置: 不能为空",
        ),
        // step 8: named by the field (was "--class:"), in Chinese
        case(
            &[
                "add",
                "call",
                "--kind",
                "consultation",
                "--channel",
                "phone",
                "--summary",
                "x",
                "--class",
                "minor",
            ],
            2,
            "dutydesk: class: only a complaint has a class (--kind complaint)",
            "dutydesk: 投诉级别: 只有投诉才有投诉级别 (--kind complaint)",
        ),
        // step 8: named by the field (was "--category:"), in Chinese
        case(
            &["add", "log", "--category", "bogus", "--summary", "x"],
            2,
            "dutydesk: category: 'bogus' is not one of: patrol, inspection, key_location, incident, notice, keys_items, note",
            "dutydesk: 类别: 'bogus' 不是可选值之一: patrol, inspection, key_location, incident, notice, keys_items, note",
        ),
        // step 8: named by the field (was "--form:"), in Chinese
        case(
            &[
                "act",
                "C-2026-00001",
                "callback",
                "--form",
                "sms",
                "--satisfaction",
                "satisfied",
            ],
            2,
            "dutydesk: form: 'sms' is not one of: phone, visit, letter",
            "dutydesk: 回访方式: 'sms' 不是可选值之一: phone, visit, letter",
        ),
        // ------------------------------------------------ actions that do not fit
        case(
            &["act", "L-2026-00001", "dispatch", "--to", "李"],
            2,
            "dutydesk: 'dispatch' is not allowed on a log that is logged",
            "dutydesk: 已记录状态的值班记录不能派工",
        ),
        case(
            &["act", "R-2026-00001", "arrive"],
            2,
            "dutydesk: 'arrive' is not allowed on a repair that is received",
            "dutydesk: 已受理状态的报修不能到场",
        ),
        case(
            &["act", "C-2026-00001", "assess", "--difficulty", "simple"],
            2,
            "dutydesk: 'assess' is not allowed on a call that is received",
            "dutydesk: 已受理状态的来电来访不能评估",
        ),
        case(
            &["act", "R-2026-00001", "classify", "--class", "minor"],
            2,
            "dutydesk: 'classify' is not allowed on a repair that is received",
            "dutydesk: 已受理状态的报修不能定级",
        ),
        case(
            &["act", "C-2026-00001", "watch", "a\nb"],
            2,
            "dutydesk: watch: one line only",
            "dutydesk: 关注事项: 只能写一行",
        ),
        // ------------------------------------------------ ids, kinds, tabs, sizes
        case(
            &["act", "X-1", "note", "hi"],
            2,
            "dutydesk: 'X-1' is not a record id; ids look like R-2026-00017 (L log, C call, R repair, H handover, I incident, P pass, N inspection)",
            "dutydesk: 'X-1' 不是记录编号; 编号形如 R-2026-00017 (L 值班记录, C 来电来访, R 报修, H 交接班, I 重大事项, P 物品放行条, N 日常巡检)",
        ),
        case(
            &["act", "L-2026-00009", "note", "hi"],
            2,
            "dutydesk: no record L-2026-00009",
            "dutydesk: 没有记录 L-2026-00009",
        ),
        case(
            &["list", "bogus"],
            2,
            "dutydesk: kind: 'bogus' is not one of: log, call, repair, handover, incident, pass, inspection",
            "dutydesk: 类型: 'bogus' 不在可选值中: log, call, repair, handover, incident, pass, inspection",
        ),
        case(
            &["search", "  "],
            2,
            "dutydesk: search: give the words, room or phone number to look for",
            "dutydesk: search: 请给出要查找的文字、房号或电话号码",
        ),
        case(
            &["handover", "show", "L-2026-00001"],
            2,
            "dutydesk: L-2026-00001 is not a handover; use dutydesk show L-2026-00001",
            "dutydesk: L-2026-00001 不是交接班记录; 请用 dutydesk show L-2026-00001",
        ),
        case(
            &["snapshot", "--tab", "bogus"],
            2,
            "dutydesk: --tab: 'bogus' is not a tab; use log, calls, repairs, handover, passes, rounds (or 1-6)",
            "dutydesk: --tab: 'bogus' 不是标签页; 可用 log, calls, repairs, handover, passes, rounds (或 1-6)",
        ),
        case(
            &["snapshot", "--size", "0x0"],
            2,
            "dutydesk: --size: '0x0' is not a size; use WIDTHxHEIGHT such as 120x36 (1 to 1000 each)",
            "dutydesk: --size: '0x0' 不是有效尺寸; 请用 宽x高, 如 120x36 (每项 1 到 1000)",
        ),
        case(
            &["calendar", "--from", "2026-11-25", "--to", "2026-11-01"],
            2,
            "dutydesk: --to: the last day is before --from",
            "dutydesk: --to: 结束日期早于 --from",
        ),
        case(
            &["calendar", "--from", "2000-01-01", "--to", "2026-01-01"],
            2,
            "dutydesk: --to: at most ten years at a time",
            "dutydesk: --to: 一次最多十年",
        ),
        case(
            &["demo", "--records", "10"],
            2,
            "dutydesk: demo: {db} already holds 6 records; the demo only fills an empty database (choose a new file with --db PATH)",
            "dutydesk: demo: {db} 已有 6 条记录; 演示只填充空数据库 (请用 --db PATH 另选新文件)",
        ),
        case(
            &["--db", &empty, "demo", "--records", "0"],
            2,
            "dutydesk: --records: give at least 1",
            "dutydesk: --records: 至少为 1",
        ),
        // ------------------------------------------------ the handover
        // Signing from one's own session: refused here because nothing is due yet (the
        // late 20:00 handover is signed); the name rule at 07:45 is tested below.
        case(
            &["handover", "sign", "--by", "王值班"],
            2,
            "dutydesk: handover: the next handover is at 2026-11-25 08:00; it can be signed from 30 minutes before",
            "dutydesk: 交接班: 下一次交接班在 2026-11-25 08:00; 从其前 30 分钟起可以签收",
        ),
        case(
            &["handover", "sign", "--by", "李四"],
            2,
            "dutydesk: handover: the next handover is at 2026-11-25 08:00; it can be signed from 30 minutes before",
            "dutydesk: 交接班: 下一次交接班在 2026-11-25 08:00; 从其前 30 分钟起可以签收",
        ),
        case(
            &["handover", "refuse", "--by", "李四", "--reason", "no"],
            2,
            "dutydesk: handover: the next handover is at 2026-11-25 08:00; it can be signed from 30 minutes before",
            "dutydesk: 交接班: 下一次交接班在 2026-11-25 08:00; 从其前 30 分钟起可以签收",
        ),
        // ------------------------------------------------ the desk itself
        case(
            &["--read-only", "add", "log", "--summary", "x"],
            3,
            "dutydesk: the database is open read-only (--read-only); nothing was written",
            "dutydesk: 数据库以只读方式打开 (--read-only), 未写入",
        ),
    ];
    cases.push(Case {
        args: ["act", "R-2026-00001", "dispatch", "--to", &long]
            .map(String::from)
            .to_vec(),
        env: None,
        code: 2,
        en: "dutydesk: to: is 201 characters long; at most 200 are allowed",
        zh: "dutydesk: 维修人员: 内容过长",
    });
    cases.push(Case {
        args: vec!["stats".into()],
        env: Some(("DUTYDESK_NOW", "garbage")),
        code: 2,
        en: "dutydesk: DUTYDESK_NOW: 'garbage' is not an RFC 3339 time such as 2026-11-25T03:00:00+08:00",
        zh: "dutydesk: DUTYDESK_NOW: 不是 RFC 3339 时间, 如 2026-11-25T03:00:00+08:00",
    });
    cases.push(Case {
        args: vec!["stats".into()],
        env: Some(("DUTYDESK_NOW", "2100-01-02T00:00:00+08:00")),
        code: 2,
        en: "dutydesk: DUTYDESK_NOW: 2100-01-02T00:00:00+08:00 is outside 2000-01-01 to 2099-12-31; nothing was written",
        zh: "dutydesk: DUTYDESK_NOW: 时间须在 2000-01-01 到 2099-12-31 之间, 未写入",
    });
    check(&d, &cases);
}

#[test]
fn refusals_once_the_handover_is_signed() {
    let mut d = night();
    d.set_now("2026-11-25T07:45:00+08:00");
    d.ok(&["handover", "sign", "--by", "李四"]);
    let cases = vec![
        case(
            &["handover", "sign", "--by", "赵六"],
            2,
            "dutydesk: handover: H-2026-00002 is already signed by 李四 at 2026-11-25 07:45; void it with a reason first (dutydesk act H-2026-00002 void --reason ...)",
            "dutydesk: 交接班: H-2026-00002 已由 李四 于 2026-11-25 07:45 签收; 如需重做, 请先填写原因作废它 (dutydesk act H-2026-00002 void --reason ...)",
        ),
        case(
            &["handover", "refuse", "--by", "赵六", "--reason", "no"],
            2,
            "dutydesk: handover: this shift's handover is already signed; it can no longer change (void it with a reason to redo it)",
            "dutydesk: 交接班: 本班的交接已签收, 不能再更改 (如需重做, 请填写原因作废它)",
        ),
        case(
            &["handover", "note", "later"],
            2,
            "dutydesk: handover: this shift's handover is already signed; it can no longer change (void it with a reason to redo it)",
            "dutydesk: 交接班: 本班的交接已签收, 不能再更改 (如需重做, 请填写原因作废它)",
        ),
    ];
    check(&d, &cases);
}

#[test]
fn the_outgoing_operator_is_told_in_chinese_with_lang_zh() {
    let mut d = night();
    // The 08:00 handover is due; no one else wrote in the night shift.
    d.set_now("2026-11-25T07:45:00+08:00");
    let run = d.run(&["--lang", "zh", "handover", "sign", "--by", "王值班"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr.trim_end(),
        "dutydesk: 接班人: '王值班' 是交班人; 接班人须签自己的名字"
    );
}
