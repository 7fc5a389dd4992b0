//! `dutydesk demo`: fill an empty database with a realistic, coherent stretch of desk work
//! ending at "now".
//!
//! Everything follows from the clock and the record count: a tiny xorshift generator seeded with
//! a constant makes the same `DUTYDESK_NOW` give the same database (screenshots depend on it).
//! Records are planned first (when each comes in and what it is), sorted by time so that ids
//! grow with time, then written in batches of a few thousand records per transaction. Each
//! record's lifecycle is driven by its own deadlines: most steps land well inside their window,
//! a few are late, and whatever would happen after "now" has not happened yet — so the last
//! hours hold records in every state, some overdue and some about to be. A handful of scripted
//! scenes make sure the desk always shows an entrapment about to miss its dispatch, overdue
//! replies and callbacks, a repeat visit, voided records and an escalated complaint.

use super::CliError;
use crate::desk::Desk;
use crate::domain::deadline::deadlines;
use crate::domain::time::{local, local_date};
use crate::domain::*;
use crate::store::{Stamp, Store, StoreError, Writer};
use chrono::{DateTime, Datelike, Duration, NaiveTime, TimeZone, Timelike, Utc};

/// Records written per transaction.
const BATCH: usize = 5_000;
/// The default: a few days of one estate's desk.
const DEFAULT_RECORDS: usize = 150;
/// Records per day of one estate; more records than this stretch the demo further back...
const PER_DAY: f64 = 45.0;
/// ... up to the three years records are kept (DOMAIN.md §8).
const MAX_DAYS: f64 = 3.0 * 365.0 + 1.0;
/// Scheduled duty-log entries (handovers, key-location checks, patrols) per day.
const LOG_TIMES: &[(u32, u32, LogCategory)] = &[
    (8, 0, LogCategory::Note),
    (8, 30, LogCategory::KeyLocation),
    (10, 0, LogCategory::Inspection),
    (15, 0, LogCategory::Patrol),
    (20, 0, LogCategory::Note),
    (20, 30, LogCategory::KeyLocation),
    (22, 30, LogCategory::Patrol),
    (2, 0, LogCategory::Patrol),
];

pub fn run(store: &mut Store, desk: &Desk, records: Option<usize>) -> Result<(), CliError> {
    let n = fill(store, desk, records)?;
    println!("{n}");
    Ok(())
}

/// Fill the store; refuses a database that already holds records. Returns how many were made.
pub fn fill(store: &mut Store, desk: &Desk, records: Option<usize>) -> Result<usize, CliError> {
    if let Some(reason) = store.read_only() {
        return Err(StoreError::ReadOnly(reason.clone()).into());
    }
    let now = desk.clock.now();
    let held = store.stats(now)?.records;
    if held > 0 {
        return Err(CliError::bad(format!(
            "demo: {} already holds {held} records; the demo only fills an empty database \
             (choose a new file with --db PATH)",
            store.path().display()
        )));
    }
    let count = records.unwrap_or(DEFAULT_RECORDS);
    if count == 0 {
        return Err(CliError::bad("--records: give at least 1"));
    }
    if count > 20_000_000 {
        return Err(CliError::bad("--records: at most 20000000"));
    }
    let mut demo = Demo::new(&desk.policy, now, count);
    let plans = demo.plan(count);
    for chunk in plans.chunks(BATCH) {
        store.batch(|w| {
            for plan in chunk {
                demo.write(w, plan)?;
            }
            Ok(())
        })?;
    }
    Ok(plans.len())
}

// ---------------------------------------------------------------- randomness

/// xorshift64*: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// 0 <= x < n.
    fn below(&mut self, n: u64) -> u64 {
        ((self.next() >> 32) * n) >> 32
    }

    /// lo <= x <= hi.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// 0 <= x < 1.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize].clone()
    }

    fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut x = self.below(u64::from(total)) as u32;
        for (item, w) in items {
            if x < *w {
                return *item;
            }
            x -= w;
        }
        items[items.len() - 1].0
    }
}

// ---------------------------------------------------------------- plans

/// A scripted record, placed relative to "now", so that the desk always has these to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scene {
    /// Elevator entrapment a few minutes ago, not yet dispatched: dispatch soon.
    Entrapment,
    /// Burst pipe, dispatched: arrival soon.
    BurstPipe,
    /// Public-area repair whose technician has not arrived: overdue.
    GarageLights,
    /// Power fault being worked on, assessed difficult.
    PowerOnSite,
    /// Heating riser leak, technician on site.
    HeatingOnSite,
    /// Ordinary repair open more than 24 h: resolution overdue.
    DrainOverdue,
    /// Resolved more than 3 days ago, no callback yet: overdue.
    CallbackOverdue,
    /// Consultation nearly 24 h old, unanswered: reply soon.
    ConsultationSoon,
    /// Complaint from yesterday afternoon without a first reply: overdue.
    NoFirstReply,
    /// Letter complaint answered by phone but still owed its written reply: overdue.
    LetterNoWrittenReply,
    /// Complaint open more than 30 days: escalated to major.
    Escalated,
    /// A repair, closed ...
    RepeatFirst,
    /// ... and the same fault in the same room again (二次维修).
    RepeatSecond,
    /// A false alarm, voided.
    VoidedFalseAlarm,
    /// A consultation logged twice, voided.
    VoidedDuplicate,
    /// A paid repair with tomorrow's appointment.
    PaidAppointment,
    /// An anonymous complaint: no callback owed.
    Anonymous,
    /// A resolved complaint waiting for its callback.
    ComplaintCallback,
}

impl Scene {
    const ALL: &'static [Scene] = &[
        Self::Entrapment,
        Self::BurstPipe,
        Self::GarageLights,
        Self::PowerOnSite,
        Self::HeatingOnSite,
        Self::DrainOverdue,
        Self::CallbackOverdue,
        Self::ConsultationSoon,
        Self::NoFirstReply,
        Self::LetterNoWrittenReply,
        Self::Escalated,
        Self::RepeatFirst,
        Self::RepeatSecond,
        Self::VoidedFalseAlarm,
        Self::VoidedDuplicate,
        Self::PaidAppointment,
        Self::Anonymous,
        Self::ComplaintCallback,
    ];
}

#[derive(Debug, Clone, Copy)]
enum What {
    Log(LogCategory),
    Call(CallKind, Channel),
    Repair(RepairCategory),
    Scene(Scene),
}

#[derive(Debug, Clone, Copy)]
struct Plan {
    /// When it came in (seconds since the epoch).
    at: i64,
    what: What,
}

const RANDOM_KINDS: &[(What, u32)] = &[
    (What::Log(LogCategory::Incident), 3),
    (What::Log(LogCategory::Notice), 4),
    (What::Log(LogCategory::KeysItems), 5),
    (What::Log(LogCategory::Note), 2),
    (What::Call(CallKind::Consultation, Channel::Phone), 14),
    (What::Call(CallKind::Complaint, Channel::Phone), 10),
    (What::Call(CallKind::Repair, Channel::Phone), 5),
    (What::Call(CallKind::Help, Channel::Phone), 5),
    (What::Call(CallKind::Suggestion, Channel::Phone), 3),
    (What::Repair(RepairCategory::ElevatorEntrapment), 2),
    (What::Repair(RepairCategory::StructuralDanger), 1),
    (What::Repair(RepairCategory::PowerFault), 2),
    (What::Repair(RepairCategory::WaterFault), 3),
    (What::Repair(RepairCategory::HeatingLeak), 1),
    (What::Repair(RepairCategory::StairsRailing), 1),
    (What::Repair(RepairCategory::FallingHazard), 1),
    (What::Repair(RepairCategory::OtherDanger), 1),
    (What::Repair(RepairCategory::General), 22),
    (What::Repair(RepairCategory::Paid), 6),
];

const CHANNELS: &[(Channel, u32)] = &[
    (Channel::Phone, 60),
    (Channel::Visit, 20),
    (Channel::Letter, 6),
    (Channel::Fax, 2),
    (Channel::Online, 12),
];

// ---------------------------------------------------------------- words

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
];
const GIVEN: &[&str] = &[
    "建国", "秀英", "桂兰", "志强", "海燕", "丽娟", "文博", "子涵", "雨桐", "俊杰", "春梅", "国庆",
    "晓东", "淑珍", "明辉", "婷婷", "德华", "玉兰", "浩然", "欣怡",
];
const TECHNICIANS: &[&str] = &[
    "张师傅",
    "刘师傅",
    "陈师傅",
    "赵师傅",
    "孙师傅",
    "周师傅",
    "马师傅",
];
const DAY_STAFF: &[&str] = &["王丽", "陈静", "周敏"];
const NIGHT_STAFF: &[&str] = &["李强", "赵磊", "孙浩"];

fn room_repair_text(category: RepairCategory, r: &mut Rng, p: &Place) -> (String, String) {
    let Place {
        building: b,
        unit: u,
        floor: f,
        ..
    } = *p;
    let (location, summary) = match category {
        RepairCategory::ElevatorEntrapment => (format!("{b}号楼{u}单元电梯"), {
            let people = r.range(1, 3);
            r.pick(&[
                format!("电梯停在{f}楼, {people}人被困"),
                format!("{b}号楼{u}单元电梯门打不开, 轿厢内有人被困"),
                format!("电梯运行中突然停止, 困在{f}楼与{}楼之间", f + 1),
            ])
        }),
        RepairCategory::StructuralDanger => (
            format!("{b}号楼{f}层"),
            r.pick(&[
                "阳台楼板出现贯穿裂缝, 有掉块".to_string(),
                "卧室顶板开裂下沉, 住户担心坍塌".to_string(),
                "外挑檐混凝土剥落, 钢筋外露".to_string(),
            ]),
        ),
        RepairCategory::PowerFault => (
            "户内配电箱".to_string(),
            r.pick(&[
                "跳闸后无法合闸, 全屋停电".to_string(),
                "插座冒烟, 有漏电现象".to_string(),
                "厨房线路短路, 整户停电".to_string(),
            ]),
        ),
        RepairCategory::WaterFault => (
            r.pick(&["厨房", "卫生间", "阳台"]).to_string(),
            r.pick(&[
                "水管爆裂, 水漫到客厅".to_string(),
                "龙头严重漏水, 总阀关不上".to_string(),
                "进户水管破裂造成停水".to_string(),
            ]),
        ),
        RepairCategory::HeatingLeak => (
            format!("{b}号楼{u}单元"),
            r.pick(&[
                "暖气立管跑水, 水流进楼下".to_string(),
                "暖气主管接口漏水, 地面大量积水".to_string(),
            ]),
        ),
        RepairCategory::StairsRailing => (
            format!("{b}号楼{u}单元{f}楼楼梯"),
            r.pick(&[
                "楼梯扶手松动, 老人差点摔倒".to_string(),
                "楼梯踏步断裂".to_string(),
                "护窗栏杆脱焊".to_string(),
            ]),
        ),
        RepairCategory::FallingHazard => (
            format!("{b}号楼{f}层外墙"),
            r.pick(&[
                "窗户玻璃破裂, 随时可能坠落".to_string(),
                "外墙瓷砖松动, 有坠落危险".to_string(),
                "钢窗合页断裂, 窗扇悬空".to_string(),
            ]),
        ),
        RepairCategory::OtherDanger => (
            format!("{b}号楼"),
            r.pick(&[
                "燃气表附近有异味, 已关阀".to_string(),
                "空调外机支架锈断, 有掉落危险".to_string(),
            ]),
        ),
        RepairCategory::General => (
            r.pick(&["卫生间", "厨房", "客厅", "卧室", "入户门"])
                .to_string(),
            r.pick(&[
                "下水道堵塞, 排水很慢".to_string(),
                "入户门锁芯损坏, 钥匙拧不动".to_string(),
                "墙面渗水发霉".to_string(),
                "对讲门铃不响".to_string(),
                "马桶水箱一直流水".to_string(),
                "阳台地漏返味".to_string(),
                "窗户关不严, 漏风".to_string(),
            ]),
        ),
        RepairCategory::Paid => (
            r.pick(&["卫生间", "厨房", "客厅", "阳台"]).to_string(),
            r.pick(&[
                "更换厨房水龙头 (有偿)".to_string(),
                "疏通马桶 (有偿服务)".to_string(),
                "安装晾衣架 (有偿)".to_string(),
                "更换灯具 (有偿)".to_string(),
                "更换卫生间花洒 (有偿)".to_string(),
            ]),
        ),
    };
    (location, summary)
}

fn public_repair_text(category: RepairCategory, r: &mut Rng, p: &Place) -> (String, String) {
    let Place {
        building: b,
        unit: u,
        floor: f,
        ..
    } = *p;
    match category {
        RepairCategory::ElevatorEntrapment => (
            format!("{b}号楼{u}单元电梯"),
            format!("电梯停在{f}楼, {}人被困, 轿厢内有老人", r.range(1, 3)),
        ),
        RepairCategory::WaterFault => (
            format!("{b}号楼地下泵房"),
            "二次供水水泵故障, 高层停水".to_string(),
        ),
        RepairCategory::PowerFault => (
            format!("{b}号楼{u}单元"),
            "楼道整层停电, 配电箱有焦味".to_string(),
        ),
        _ => r.pick(&[
            (
                format!("{b}号楼{u}单元{f}层楼道"),
                "楼道声控灯不亮".to_string(),
            ),
            ("地下车库B区".to_string(), "车库照明灯不亮".to_string()),
            (
                format!("{b}号楼{u}单元门口"),
                "单元门禁刷卡无反应".to_string(),
            ),
            ("中心花园".to_string(), "草坪喷灌管漏水".to_string()),
            ("东门岗亭".to_string(), "道闸抬杆故障".to_string()),
            ("儿童游乐区".to_string(), "滑梯螺丝松动".to_string()),
        ]),
    }
}

fn call_text(kind: CallKind, channel: Channel, r: &mut Rng, p: &Place) -> String {
    let b = p.building;
    let text = match kind {
        CallKind::Consultation => r.pick(&[
            "咨询物业费缴纳方式".to_string(),
            "询问停车月卡办理手续".to_string(),
            "咨询装修申请需要哪些材料".to_string(),
            "询问明天停水的具体时间".to_string(),
            "咨询快递柜位置和取件方式".to_string(),
            "询问门禁卡补办费用".to_string(),
        ]),
        CallKind::Complaint => r.pick(&[
            "投诉楼上深夜噪音扰民".to_string(),
            format!("投诉{b}号楼有人高空抛物"),
            "投诉保洁不及时, 楼道垃圾未清".to_string(),
            "投诉有车辆长期占用消防通道".to_string(),
            "投诉邻居装修超时施工".to_string(),
            "投诉电梯维修后仍频繁故障".to_string(),
            "投诉小区宠物粪便无人清理".to_string(),
            "投诉保安值班时态度生硬".to_string(),
            format!("投诉{b}号楼楼道堆放杂物, 堵塞消防通道"),
        ]),
        CallKind::Repair => r.pick(&[
            "报修: 阳台门关不严, 请安排上门".to_string(),
            "反映家中水压偏低".to_string(),
            "反映暖气不热, 请工程部查看".to_string(),
        ]),
        CallKind::Help => r.pick(&[
            "老人忘带钥匙, 请求协助开门".to_string(),
            "家中老人摔倒, 请求帮忙联系120并引导救护车".to_string(),
            "孩子在小区内走失, 请求协助寻找".to_string(),
            "车辆被堵, 请求联系挪车".to_string(),
        ]),
        CallKind::Suggestion => r.pick(&[
            "建议增设电动车充电桩".to_string(),
            "建议中心花园增加夜间照明".to_string(),
            "建议在东门增加快递柜".to_string(),
            "建议定期公示公共收益账目".to_string(),
        ]),
    };
    match channel {
        Channel::Letter => format!("来信反映: {text}"),
        Channel::Fax => format!("传真: {text}"),
        Channel::Online => format!("线上留言: {text}"),
        Channel::Visit => format!("来访: {text}"),
        Channel::Phone => text,
    }
}

fn log_text(category: LogCategory, r: &mut Rng, p: &Place, at_hour: u32) -> (String, String) {
    let b = p.building;
    let f = p.floor;
    match category {
        LogCategory::Patrol | LogCategory::Inspection => {
            let fine = r.chance(0.85);
            match r.below(5) {
                0 => (
                    format!("{b}号楼楼梯间"),
                    if fine {
                        "巡查楼梯间: 照明、门窗正常, 消防栓标识齐全, 灭火器在有效期内, 防火门关闭, 安全出口标志完好, 通道畅通".into()
                    } else {
                        format!("巡查楼梯间: {f}层灭火器过期, 防火门未关闭, 已登记并上报工程部")
                    },
                ),
                1 => (
                    format!("{b}号楼天台"),
                    if fine {
                        "巡查天台: 天台门可正常开启, 无违章搭建, 护栏完好, 无杂物".into()
                    } else {
                        "巡查天台: 天台门被住户上锁, 已开锁并上报".into()
                    },
                ),
                2 => (
                    format!("{b}号楼电梯"),
                    if fine {
                        "巡查电梯: 运行平稳, 轿厢无涂鸦, 清洁".into()
                    } else {
                        "巡查电梯: 运行有异响, 已通知维保单位".into()
                    },
                ),
                3 => (
                    format!("{b}号楼大堂"),
                    if fine {
                        "巡查大堂、门厅、走廊: 安全标识、公共照明正常, 垃圾桶已清".into()
                    } else {
                        "巡查大堂: 门厅两盏灯不亮, 已报修".into()
                    },
                ),
                _ => (
                    "园区".into(),
                    if fine {
                        "巡查园区: 管道无渗漏, 室外消防设施完好, 游乐设施安全, 无噪音污染, 未发现高空抛物".into()
                    } else {
                        "巡查园区: 中心花园有积水, 儿童滑梯螺丝松动, 已设警示".into()
                    },
                ),
            }
        }
        LogCategory::KeyLocation => r.pick(&[
            (
                "配电房".into(),
                "检查配电房: 门已上锁, 设备运行正常, 无异味".into(),
            ),
            (
                "水泵房".into(),
                "检查水泵房: 水泵运行正常, 无渗漏, 水压正常".into(),
            ),
            (
                "消防控制室".into(),
                "检查消防控制室: 值机人员在岗, 主机无报警".into(),
            ),
            ("监控室".into(), "检查监控室: 画面正常, 录像保存完好".into()),
        ]),
        LogCategory::Note => {
            if at_hour == 8 || at_hour == 20 {
                (
                    "值班室".into(),
                    "交接班: 钥匙、对讲机、值班记录本交接完毕, 未完结事项已口头交代".into(),
                )
            } else {
                (
                    "值班室".into(),
                    r.pick(&[
                        "今日气温骤降, 提醒夜班注意管道防冻".to_string(),
                        "经理电话通知: 明早例会提前到8:15".to_string(),
                    ]),
                )
            }
        }
        LogCategory::Notice => (
            "值班室".into(),
            r.pick(&[
                format!("接自来水公司通知: 明日9:00-15:00 {b}号楼停水检修, 已张贴通知"),
                "接供电局通知: 周六凌晨线路检修, 已在业主群发布".to_string(),
                "接街道通知: 本周五上午进行消防演练".to_string(),
            ]),
        ),
        LogCategory::KeysItems => (
            "值班室".into(),
            r.pick(&[
                format!("{}业主寄存钥匙一把, 已登记", p.room),
                format!("{}业主取回寄存钥匙, 已签字", p.room),
                "拾到钱包一个, 内有证件, 已登记保管".to_string(),
                format!("快递员寄存包裹一件, 待{}业主领取", p.room),
            ]),
        ),
        LogCategory::Incident => (
            format!("{b}号楼"),
            r.pick(&[
                "地库入口发现积水, 已通知工程部抽水".to_string(),
                "东门有外来推销人员强行进入, 已劝离".to_string(),
                "烟感报警, 查看为住户做饭油烟, 已复位".to_string(),
                "两户因停车位发生争执, 已到场调解".to_string(),
            ]),
        ),
    }
}

/// A place in the estate: building 1-18, unit 1-3, floor 1-32, room 1-4 (`3-2-1201`).
#[derive(Debug, Clone)]
struct Place {
    building: i64,
    unit: i64,
    floor: i64,
    room: String,
}

impl Place {
    fn random(r: &mut Rng) -> Self {
        let building = r.range(1, 18);
        let unit = r.range(1, 3);
        let floor = r.range(1, 32);
        let room = format!("{building}-{unit}-{floor}{:02}", r.range(1, 4));
        Self {
            building,
            unit,
            floor,
            room,
        }
    }
}

// ---------------------------------------------------------------- the generator

struct Demo<'a> {
    policy: &'a Policy,
    now: DateTime<Utc>,
    rng: Rng,
}

fn at(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(secs, 0).single().unwrap_or_default()
}

impl<'a> Demo<'a> {
    fn new(policy: &'a Policy, now: DateTime<Utc>, count: usize) -> Self {
        Self {
            policy,
            now,
            rng: Rng::new(0xD0_7D35_C0DE_u64 ^ (count as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)),
        }
    }

    /// When every record comes in, and what it is; sorted by time.
    fn plan(&mut self, count: usize) -> Vec<Plan> {
        let now = self.now.timestamp();
        let days = (count as f64 / PER_DAY).clamp(1.0, MAX_DAYS);
        let start = now - (days * 86_400.0) as i64;
        let mut plans = Vec::with_capacity(count);
        if count >= 60 {
            for scene in Scene::ALL {
                plans.push(Plan {
                    at: self.scene_time(*scene),
                    what: What::Scene(*scene),
                });
            }
        }
        // The duty log's daily rhythm, newest days first when there is room for only some.
        let zone = self.policy.zone;
        let budget = (count - plans.len()) / 4;
        let mut day = local_date(self.now, zone);
        let mut scheduled = Vec::new();
        'days: while scheduled.len() < budget {
            for (hour, minute, category) in LOG_TIMES.iter().rev() {
                let Some(t) = local(day.and_time(NaiveTime::MIN), zone) else {
                    continue;
                };
                let t = t.timestamp()
                    + i64::from(*hour) * 3600
                    + i64::from(*minute) * 60
                    + self.rng.range(-300, 600);
                if t < start {
                    break 'days;
                }
                if t <= now - 60 && scheduled.len() < budget {
                    scheduled.push(Plan {
                        at: t,
                        what: What::Log(*category),
                    });
                }
            }
            day = day.pred_opt().expect("a date before");
        }
        plans.extend(scheduled);
        // Everything else comes in at random, less often in the small hours; the first few calls
        // and repairs cover every kind, channel and category.
        let span = (now - 60 - start).max(1) as u64;
        let (mut calls, mut repairs) = (0usize, 0usize);
        while plans.len() < count {
            let mut t = start + self.rng.below(span) as i64;
            for _ in 0..2 {
                let hour = at(t).with_timezone(&zone).hour();
                if hour < 7 && self.rng.chance(0.7) {
                    t = start + self.rng.below(span) as i64;
                }
            }
            let mut what = self.rng.weighted(RANDOM_KINDS);
            match what {
                What::Call(..) if calls < Channel::ALL.len() => {
                    what = What::Call(
                        CallKind::ALL[calls % CallKind::ALL.len()],
                        Channel::ALL[calls],
                    );
                    calls += 1;
                }
                What::Call(kind, _) => what = What::Call(kind, self.rng.weighted(CHANNELS)),
                What::Repair(_) if repairs < RepairCategory::ALL.len() => {
                    what = What::Repair(RepairCategory::ALL[repairs]);
                    repairs += 1;
                }
                _ => {}
            }
            plans.push(Plan { at: t, what });
        }
        plans.sort_by_key(|p| p.at);
        plans
    }

    fn scene_time(&mut self, scene: Scene) -> i64 {
        let now = self.now.timestamp();
        let (m, h, d) = (60, 3600, 86_400);
        // Scenes days or hours old need not fall on the minute of "now".
        let jitter = self.rng.range(-25, 25) * 60 + self.rng.range(0, 59);
        match scene {
            Scene::Entrapment => now - 6 * m,
            Scene::BurstPipe => now - 13 * m,
            Scene::GarageLights => now - 50 * m,
            Scene::PowerOnSite => now - 3 * h + jitter,
            Scene::HeatingOnSite => now - 25 * m,
            Scene::DrainOverdue => now - 30 * h + jitter,
            Scene::CallbackOverdue => now - 4 * d + jitter,
            Scene::ConsultationSoon => now - 22 * h + jitter,
            Scene::NoFirstReply => {
                // Yesterday at 16:20 local time.
                let zone = self.policy.zone;
                let yesterday = local_date(self.now, zone).pred_opt().expect("a date");
                local(yesterday.and_hms_opt(16, 20, 0).expect("a time"), zone)
                    .map(|t| t.timestamp())
                    .unwrap_or(now - 20 * h)
            }
            Scene::LetterNoWrittenReply => now - 5 * d + jitter,
            Scene::Escalated => now - 33 * d + jitter,
            Scene::RepeatFirst => now - 6 * d + jitter,
            Scene::RepeatSecond => now - 40 * m,
            Scene::VoidedFalseAlarm => now - 2 * h + jitter,
            Scene::VoidedDuplicate => now - 7 * h + jitter,
            Scene::PaidAppointment => now - 5 * h + jitter,
            Scene::Anonymous => now - 9 * h + jitter,
            Scene::ComplaintCallback => now - 2 * d + jitter,
        }
    }

    /// The person on duty at `t`: day shift 08:00-20:00, night shift otherwise, rotating daily.
    fn operator(&self, t: DateTime<Utc>) -> &'static str {
        let local = t.with_timezone(&self.policy.zone);
        let day = local.date_naive().num_days_from_ce() as usize;
        if (8..20).contains(&local.hour()) {
            DAY_STAFF[day % DAY_STAFF.len()]
        } else {
            NIGHT_STAFF[(day + 2) % NIGHT_STAFF.len()]
        }
    }

    /// When it was typed in: mostly at once, sometimes a few minutes later.
    fn written(&mut self, t: DateTime<Utc>, first: bool) -> DateTime<Utc> {
        let delay = match self.rng.unit() {
            x if x < (if first { 0.75 } else { 0.88 }) => 0,
            x if x < 0.96 => self.rng.range(60, 600),
            _ => self.rng.range(600, 1800),
        };
        (t + Duration::seconds(delay)).min(self.now)
    }

    fn person(&mut self) -> String {
        let surname = self.rng.pick(SURNAMES);
        if self.rng.chance(0.6) {
            format!("{surname}{}", self.rng.pick(&["先生", "女士"]))
        } else {
            format!("{surname}{}", self.rng.pick(GIVEN))
        }
    }

    fn phone(&mut self) -> String {
        format!(
            "1{}{:09}",
            self.rng.pick(&[3, 5, 7, 8, 9]),
            self.rng.below(1_000_000_000)
        )
    }

    fn add(&mut self, w: &mut Writer<'_>, new: NewRecord, t: i64) -> Result<Record, StoreError> {
        let t = at(t).min(self.now);
        let stamp = Stamp {
            operator: self.operator(t),
            at: t,
            now: self.written(t, true),
        };
        w.add(new, &stamp, self.policy)
    }

    /// One step at `t`, unless `t` is still in the future; returns whether it happened.
    fn act(
        &mut self,
        w: &mut Writer<'_>,
        record: &mut Record,
        action: Action,
        t: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        if t > self.now {
            return Ok(false);
        }
        let t = t.max(record.last_event_at);
        let operator = match action {
            Action::Escalate { .. } => "dutydesk",
            _ => self.operator(t),
        };
        let stamp = Stamp {
            operator,
            at: t,
            now: self.written(t, false),
        };
        *record = w.act(record.id, action, &stamp, self.policy)?;
        Ok(true)
    }

    /// A time for the step that meets deadline `name`: mostly between `lo` and `hi` of what is
    /// left of its window, late with probability `late`.
    fn toward(
        &mut self,
        record: &Record,
        name: DeadlineName,
        late: f64,
        lo: f64,
        hi: f64,
    ) -> DateTime<Utc> {
        let from = record.last_event_at;
        let Some(d) = deadlines(record, self.policy)
            .into_iter()
            .find(|d| d.name == name)
        else {
            return from + Duration::minutes(self.rng.range(5, 120));
        };
        let window = (d.due - from).num_seconds().max(120) as f64;
        let share = if self.rng.chance(late) {
            1.0 + 0.05 + self.rng.unit() * 0.5
        } else {
            lo + self.rng.unit() * (hi - lo)
        };
        from + Duration::seconds((window * share).max(30.0) as i64)
    }

    fn minutes(&mut self, record: &Record, lo: i64, hi: i64) -> DateTime<Utc> {
        record.last_event_at + Duration::seconds(self.rng.range(lo * 60, hi * 60))
    }

    fn write(&mut self, w: &mut Writer<'_>, plan: &Plan) -> Result<(), StoreError> {
        match plan.what {
            What::Log(category) => self.log(w, plan.at, category),
            What::Call(kind, channel) => self.call(w, plan.at, kind, channel),
            What::Repair(category) => self.repair(w, plan.at, category),
            What::Scene(scene) => self.scene(w, scene, plan.at),
        }
    }

    fn log(&mut self, w: &mut Writer<'_>, t: i64, category: LogCategory) -> Result<(), StoreError> {
        let place = Place::random(&mut self.rng);
        let hour = at(t).with_timezone(&self.policy.zone).hour();
        let (location, summary) = log_text(category, &mut self.rng, &place, hour);
        let new = NewRecord {
            details: Details::Log { category },
            summary,
            room: None,
            location: Some(location),
            phone: None,
            name: None,
        };
        let mut record = self.add(w, new, t)?;
        if self.rng.chance(0.003) {
            let when = self.minutes(&record, 5, 60);
            self.act(w, &mut record, void("登记错误, 重新录入"), when)?;
        }
        Ok(())
    }

    fn caller(&mut self, kind: CallKind) -> (Option<String>, Option<String>) {
        if kind == CallKind::Complaint && self.rng.chance(0.08) {
            return (None, None);
        }
        let name = self.rng.chance(0.85).then(|| self.person());
        let phone = self.rng.chance(0.9).then(|| self.phone());
        (name, phone)
    }

    fn call(
        &mut self,
        w: &mut Writer<'_>,
        t: i64,
        kind: CallKind,
        channel: Channel,
    ) -> Result<(), StoreError> {
        let place = Place::random(&mut self.rng);
        let summary = call_text(kind, channel, &mut self.rng, &place);
        let (name, phone) = self.caller(kind);
        let class = (kind == CallKind::Complaint && self.rng.chance(0.5)).then(|| {
            self.rng.weighted(&[
                (ComplaintClass::Minor, 70),
                (ComplaintClass::Important, 27),
                (ComplaintClass::Major, 3),
            ])
        });
        let new = NewRecord {
            details: Details::Call {
                call_kind: kind,
                channel,
                class,
            },
            summary,
            room: (self.rng.chance(0.8) && name.is_some()).then(|| place.room.clone()),
            location: None,
            phone,
            name,
        };
        let mut record = self.add(w, new, t)?;
        if self.rng.chance(0.004) {
            let when = self.minutes(&record, 2, 30);
            self.act(w, &mut record, void("重复登记"), when)?;
            return Ok(());
        }
        if kind == CallKind::Complaint {
            self.complaint_life(w, &mut record, channel.is_written())
        } else {
            // Most enquiries are answered and closed in one go; some get a first answer and
            // are closed a little later.
            let when = if self.rng.chance(0.35) {
                let when = self.toward(&record, DeadlineName::Reply, 0.03, 0.01, 0.25);
                if !self.act(w, &mut record, Action::Reply { written: false }, when)? {
                    return Ok(());
                }
                self.minutes(&record, 5, 180)
            } else {
                self.toward(&record, DeadlineName::Reply, 0.04, 0.01, 0.4)
            };
            self.act(w, &mut record, Action::Resolve { fee: None }, when)?;
            Ok(())
        }
    }

    fn complaint_life(
        &mut self,
        w: &mut Writer<'_>,
        record: &mut Record,
        written: bool,
    ) -> Result<(), StoreError> {
        if record.class.is_none() {
            let when = self.minutes(record, 10, 90);
            let class = self.rng.weighted(&[
                (ComplaintClass::Minor, 70),
                (ComplaintClass::Important, 28),
                (ComplaintClass::Major, 2),
            ]);
            if !self.act(w, record, Action::Classify { class }, when)? {
                return Ok(());
            }
        }
        let when = self.toward(record, DeadlineName::FirstReply, 0.06, 0.05, 0.7);
        if !self.act(w, record, Action::Reply { written: false }, when)? {
            return Ok(());
        }
        if written {
            let when = self.toward(record, DeadlineName::WrittenReply, 0.06, 0.2, 0.9);
            if !self.act(w, record, Action::Reply { written: true }, when)? {
                return Ok(());
            }
        }
        if self.rng.chance(0.2) {
            let when = self.minutes(record, 60, 24 * 60);
            let text = self
                .rng
                .pick(&["已转客服经理跟进", "已约业主面谈", "已联系相关责任方整改"]);
            if !self.act(w, record, note(text), when)? {
                return Ok(());
            }
        }
        let when = self.toward(record, DeadlineName::Reply, 0.03, 0.02, 0.3);
        if !self.act(w, record, Action::Resolve { fee: None }, when)? {
            return Ok(());
        }
        if record.status == Status::Resolved {
            self.callback(w, record)?;
        }
        Ok(())
    }

    fn callback(&mut self, w: &mut Writer<'_>, record: &mut Record) -> Result<bool, StoreError> {
        // Most callbacks are made the next day; a few run late.
        let when = self.toward(record, DeadlineName::Callback, 0.04, 0.02, 0.35);
        let form = self.rng.weighted(&[
            (CallbackForm::Phone, 70),
            (CallbackForm::Visit, 25),
            (CallbackForm::Letter, 5),
        ]);
        let satisfaction = self.rng.weighted(&[
            (Satisfaction::Satisfied, 82),
            (Satisfaction::Neutral, 10),
            (Satisfaction::Unsatisfied, 3),
            (Satisfaction::NoAnswer, 5),
        ]);
        self.act(w, record, Action::Callback { form, satisfaction }, when)
    }

    fn repair(
        &mut self,
        w: &mut Writer<'_>,
        t: i64,
        category: RepairCategory,
    ) -> Result<(), StoreError> {
        let place = Place::random(&mut self.rng);
        let public = category != RepairCategory::Paid
            && self
                .rng
                .chance(if category.is_urgent() { 0.3 } else { 0.25 });
        let (location, summary) = if public {
            public_repair_text(category, &mut self.rng, &place)
        } else {
            room_repair_text(category, &mut self.rng, &place)
        };
        let appointment = (category == RepairCategory::Paid).then(|| {
            // On the half hour, between 2 hours and 2 days ahead.
            let ahead = self.rng.range(4, 96) * 1800;
            at((t + ahead) / 1800 * 1800)
        });
        let (name, phone) = if public && self.rng.chance(0.5) {
            (None, None)
        } else {
            (Some(self.person()), Some(self.phone()))
        };
        let new = NewRecord {
            details: Details::Repair {
                category,
                appointment,
            },
            summary,
            room: (!public).then(|| place.room.clone()),
            location: Some(location),
            phone,
            name,
        };
        let mut record = self.add(w, new, t)?;
        if self.rng.chance(0.004) {
            let when = self.minutes(&record, 2, 20);
            let reason = self
                .rng
                .pick(&["业主来电取消报修", "登记错误, 房号有误", "重复登记"]);
            self.act(w, &mut record, void(reason), when)?;
            return Ok(());
        }
        self.repair_life(w, &mut record, appointment)
    }

    fn repair_life(
        &mut self,
        w: &mut Writer<'_>,
        record: &mut Record,
        appointment: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError> {
        let technician = self.rng.pick(TECHNICIANS).to_string();
        let urgent = record.is_urgent();
        let public = record.new.room.is_none();
        // Dispatch.
        let when = if urgent {
            self.toward(record, DeadlineName::Dispatch, 0.06, 0.1, 0.85)
        } else if let Some(appointment) = appointment {
            let earliest = record.last_event_at + Duration::minutes(5);
            (appointment - Duration::minutes(self.rng.range(30, 120))).max(earliest)
        } else if public {
            self.toward(record, DeadlineName::Arrival, 0.0, 0.05, 0.4)
        } else {
            self.minutes(record, 10, 180)
        };
        if !self.act(w, record, Action::Dispatch { to: technician }, when)? {
            return Ok(());
        }
        if self.rng.chance(0.05) {
            let when = self.minutes(record, 1, 10);
            let text = self
                .rng
                .pick(&["已电话联系业主, 约定上门时间", "工程部回复: 维修人员已出发"]);
            if !self.act(w, record, note(text), when)? {
                return Ok(());
            }
        }
        // Arrival.
        let when = if let Some(appointment) = appointment {
            let early = appointment - Duration::minutes(self.rng.range(5, 20));
            if self.rng.chance(0.06) {
                appointment + Duration::minutes(self.rng.range(1, 30))
            } else {
                early
            }
        } else if urgent || public {
            self.toward(record, DeadlineName::Arrival, 0.07, 0.2, 0.9)
        } else {
            self.minutes(record, 15, 240)
        };
        if !self.act(w, record, Action::Arrive, when)? {
            return Ok(());
        }
        // Assessment, for some.
        if self.rng.chance(if urgent { 0.6 } else { 0.25 }) {
            let difficulty = self.rng.weighted(&[
                (Difficulty::Simple, 60),
                (Difficulty::Difficult, 30),
                (Difficulty::Major, 10),
            ]);
            let when = self.minutes(record, 3, 25);
            if !self.act(w, record, Action::Assess { difficulty }, when)? {
                return Ok(());
            }
            if difficulty != Difficulty::Simple && self.rng.chance(0.5) {
                let when = self.minutes(record, 10, 120);
                let text = self
                    .rng
                    .pick(&["需更换配件, 等待到货", "需协调楼上住户入户检查"]);
                if !self.act(w, record, note(text), when)? {
                    return Ok(());
                }
            }
        }
        // Resolution.
        let fee = (appointment.is_some() || self.rng.chance(0.05))
            .then(|| format!("{}元", self.rng.pick(&[30, 50, 80, 120, 150, 260])));
        let when = if record.difficulty.is_some_and(|d| d != Difficulty::Simple) {
            self.toward(record, DeadlineName::Resolution, 0.06, 0.1, 0.6)
        } else {
            self.toward(record, DeadlineName::Resolution, 0.04, 0.01, 0.3)
        };
        if !self.act(w, record, Action::Resolve { fee }, when)? {
            return Ok(());
        }
        self.callback(w, record)?;
        Ok(())
    }

    /// A repair at `t` with these texts, in a room or not.
    fn scripted_repair(
        &mut self,
        w: &mut Writer<'_>,
        t: i64,
        category: RepairCategory,
        room: Option<&str>,
        location: String,
        summary: &str,
    ) -> Result<Record, StoreError> {
        let new = NewRecord {
            details: Details::Repair {
                category,
                appointment: None,
            },
            summary: summary.to_string(),
            room: room.map(str::to_string),
            location: Some(location),
            phone: Some(self.phone()),
            name: Some(self.person()),
        };
        self.add(w, new, t)
    }

    /// A call at `t`; `anonymous`: no name, phone or room.
    fn scripted_call(
        &mut self,
        w: &mut Writer<'_>,
        t: i64,
        details: Details,
        summary: &str,
        anonymous: bool,
    ) -> Result<Record, StoreError> {
        let place = Place::random(&mut self.rng);
        let new = NewRecord {
            details,
            summary: summary.to_string(),
            room: (!anonymous).then(|| place.room.clone()),
            location: None,
            phone: (!anonymous).then(|| self.phone()),
            name: (!anonymous).then(|| self.person()),
        };
        self.add(w, new, t)
    }

    /// Steps at these offsets (seconds) after the record came in.
    fn steps(
        &mut self,
        w: &mut Writer<'_>,
        record: &mut Record,
        steps: Vec<(i64, Action)>,
    ) -> Result<(), StoreError> {
        let start = record.received_at;
        for (offset, action) in steps {
            if !self.act(w, record, action, start + Duration::seconds(offset))? {
                break;
            }
        }
        Ok(())
    }

    fn scene(&mut self, w: &mut Writer<'_>, scene: Scene, t: i64) -> Result<(), StoreError> {
        use RepairCategory as C;
        let (m, h, d) = (60, 3600, 86_400);
        let place = Place::random(&mut self.rng);
        let (b, u, f) = (place.building, place.unit, place.floor);
        let tech = || Action::Dispatch {
            to: "张师傅".into(),
        };
        match scene {
            Scene::Entrapment => {
                self.scripted_repair(
                    w,
                    t,
                    C::ElevatorEntrapment,
                    None,
                    format!("{b}号楼{u}单元电梯"),
                    &format!("电梯停在{f}楼, 2人被困, 轿厢内有老人和小孩"),
                )?;
            }
            Scene::BurstPipe => {
                let mut r = self.scripted_repair(
                    w,
                    t,
                    C::WaterFault,
                    Some(&place.room),
                    "厨房".into(),
                    "厨房水管爆裂, 水漫到客厅, 楼下已渗水",
                )?;
                self.steps(
                    w,
                    &mut r,
                    vec![(
                        3 * m,
                        Action::Dispatch {
                            to: "刘师傅".into(),
                        },
                    )],
                )?;
            }
            Scene::GarageLights => {
                let mut r = self.scripted_repair(
                    w,
                    t,
                    C::General,
                    None,
                    "地下车库B区".into(),
                    "地下车库B区照明大面积不亮, 车主反映看不清路",
                )?;
                self.steps(
                    w,
                    &mut r,
                    vec![(
                        6 * m,
                        Action::Dispatch {
                            to: "陈师傅".into(),
                        },
                    )],
                )?;
            }
            Scene::PowerOnSite => {
                let mut r = self.scripted_repair(
                    w,
                    t,
                    C::PowerFault,
                    Some(&place.room),
                    "户内配电箱".into(),
                    "跳闸后无法合闸, 全屋停电, 家中有冰箱药品",
                )?;
                self.steps(
                    w,
                    &mut r,
                    vec![
                        (
                            4 * m,
                            Action::Dispatch {
                                to: "赵师傅".into(),
                            },
                        ),
                        (13 * m, Action::Arrive),
                        (
                            30 * m,
                            Action::Assess {
                                difficulty: Difficulty::Difficult,
                            },
                        ),
                        (
                            h,
                            note("需更换总空气开关, 配件明早到货, 已临时恢复照明回路"),
                        ),
                    ],
                )?;
            }
            Scene::HeatingOnSite => {
                let mut r = self.scripted_repair(
                    w,
                    t,
                    C::HeatingLeak,
                    None,
                    format!("{b}号楼{u}单元{f}层管井"),
                    "暖气立管跑水, 水顺楼梯往下流",
                )?;
                self.steps(
                    w,
                    &mut r,
                    vec![
                        (
                            3 * m,
                            Action::Dispatch {
                                to: "孙师傅".into(),
                            },
                        ),
                        (4 * m, note("已通知供热公司协助维修")),
                        (13 * m, Action::Arrive),
                    ],
                )?;
            }
            Scene::DrainOverdue => {
                let mut r = self.scripted_repair(
                    w,
                    t,
                    C::General,
                    Some(&place.room),
                    "卫生间".into(),
                    "卫生间下水道堵塞, 污水反溢",
                )?;
                self.steps(
                    w,
                    &mut r,
                    vec![
                        (
                            2 * h,
                            Action::Dispatch {
                                to: "周师傅".into(),
                            },
                        ),
                        (3 * h, Action::Arrive),
                        (4 * h, note("疏通未果, 需开挖检修主管, 等待业主确认时间")),
                    ],
                )?;
            }
            Scene::CallbackOverdue => {
                let mut r = self.scripted_repair(
                    w,
                    t,
                    C::General,
                    Some(&place.room),
                    "入户门".into(),
                    "入户门锁芯损坏, 钥匙拧不动",
                )?;
                self.steps(
                    w,
                    &mut r,
                    vec![
                        (
                            h,
                            Action::Dispatch {
                                to: "马师傅".into(),
                            },
                        ),
                        (2 * h, Action::Arrive),
                        (d - 5 * h, Action::Resolve { fee: None }),
                    ],
                )?;
            }
            Scene::ConsultationSoon => {
                self.scripted_call(
                    w,
                    t,
                    call(CallKind::Consultation, Channel::Online, None),
                    "线上留言: 咨询本月物业费缴纳截止日期及线上缴费方式",
                    false,
                )?;
            }
            Scene::NoFirstReply => {
                self.scripted_call(
                    w,
                    t,
                    call(
                        CallKind::Complaint,
                        Channel::Phone,
                        Some(ComplaintClass::Important),
                    ),
                    &format!("投诉{b}号楼底商夜间装卸货噪音, 已多次反映"),
                    false,
                )?;
            }
            Scene::LetterNoWrittenReply => {
                let mut r = self.scripted_call(
                    w,
                    t,
                    call(
                        CallKind::Complaint,
                        Channel::Letter,
                        Some(ComplaintClass::Important),
                    ),
                    &format!("来信反映: {b}号楼电梯一个月内停运三次, 要求书面答复整改措施"),
                    false,
                )?;
                self.steps(w, &mut r, vec![(3 * h, Action::Reply { written: false })])?;
            }
            Scene::Escalated => {
                let mut r = self.scripted_call(
                    w,
                    t,
                    call(
                        CallKind::Complaint,
                        Channel::Phone,
                        Some(ComplaintClass::Minor),
                    ),
                    "投诉小区东侧围墙渗水长期未修复",
                    false,
                )?;
                self.steps(
                    w,
                    &mut r,
                    vec![
                        (2 * h, Action::Reply { written: false }),
                        (13 * d, note("已联系施工方, 等待排期")),
                        (
                            30 * d,
                            Action::Escalate {
                                to: ComplaintClass::Major,
                            },
                        ),
                    ],
                )?;
            }
            Scene::RepeatFirst | Scene::RepeatSecond => {
                let room = "3-2-1201";
                let first = scene == Scene::RepeatFirst;
                let mut r = self.scripted_repair(
                    w,
                    t,
                    C::WaterFault,
                    Some(room),
                    "厨房".into(),
                    if first {
                        "厨房水管接头漏水, 地面积水"
                    } else {
                        "厨房水管接头再次漏水 (二次维修)"
                    },
                )?;
                let steps = if first {
                    vec![
                        (
                            4 * m,
                            Action::Dispatch {
                                to: "刘师傅".into(),
                            },
                        ),
                        (13 * m, Action::Arrive),
                        (2 * h, Action::Resolve { fee: None }),
                        (
                            d + 2 * h,
                            Action::Callback {
                                form: CallbackForm::Phone,
                                satisfaction: Satisfaction::Satisfied,
                            },
                        ),
                    ]
                } else {
                    vec![
                        (
                            4 * m,
                            Action::Dispatch {
                                to: "刘师傅".into(),
                            },
                        ),
                        (15 * m, Action::Arrive),
                        (16 * m, note("二次维修: 已向业主致歉, 更换整段软管")),
                    ]
                };
                self.steps(w, &mut r, steps)?;
            }
            Scene::VoidedFalseAlarm => {
                let mut r = self.scripted_repair(
                    w,
                    t,
                    C::ElevatorEntrapment,
                    None,
                    format!("{b}号楼{u}单元电梯"),
                    "电梯警铃报警, 称有人被困",
                )?;
                self.steps(
                    w,
                    &mut r,
                    vec![
                        (2 * m, tech()),
                        (5 * m, void("住户误按警铃, 经监控核实无人被困")),
                    ],
                )?;
            }
            Scene::VoidedDuplicate => {
                let mut r = self.scripted_call(
                    w,
                    t,
                    call(CallKind::Consultation, Channel::Phone, None),
                    "咨询装修押金退还流程",
                    false,
                )?;
                self.steps(w, &mut r, vec![(10 * m, void("重复登记, 同一来电已记录"))])?;
            }
            Scene::PaidAppointment => {
                let zone = self.policy.zone;
                let tomorrow = local_date(self.now, zone).succ_opt().expect("a date");
                let appointment = local(tomorrow.and_hms_opt(10, 0, 0).expect("a time"), zone);
                let new = NewRecord {
                    details: Details::Repair {
                        category: C::Paid,
                        appointment,
                    },
                    summary: "更换卫生间花洒及软管 (有偿服务)".into(),
                    room: Some(place.room.clone()),
                    location: Some("卫生间".into()),
                    phone: Some(self.phone()),
                    name: Some(self.person()),
                };
                let mut r = self.add(w, new, t)?;
                self.steps(
                    w,
                    &mut r,
                    vec![(
                        20 * m,
                        Action::Dispatch {
                            to: "陈师傅".into(),
                        },
                    )],
                )?;
            }
            Scene::Anonymous => {
                let mut r = self.scripted_call(
                    w,
                    t,
                    call(
                        CallKind::Complaint,
                        Channel::Phone,
                        Some(ComplaintClass::Important),
                    ),
                    &format!("匿名来电: {b}号楼有人高空抛物, 砸到楼下车辆"),
                    true,
                )?;
                self.steps(w, &mut r, vec![(40 * m, Action::Reply { written: false })])?;
            }
            Scene::ComplaintCallback => {
                let mut r = self.scripted_call(
                    w,
                    t,
                    call(
                        CallKind::Complaint,
                        Channel::Visit,
                        Some(ComplaintClass::Minor),
                    ),
                    "来访: 投诉楼道保洁不及时, 垃圾过夜未清",
                    false,
                )?;
                self.steps(
                    w,
                    &mut r,
                    vec![
                        (h, Action::Reply { written: false }),
                        (d, Action::Resolve { fee: None }),
                    ],
                )?;
            }
        }
        Ok(())
    }
}

fn call(call_kind: CallKind, channel: Channel, class: Option<ComplaintClass>) -> Details {
    Details::Call {
        call_kind,
        channel,
        class,
    }
}

fn void(reason: &str) -> Action {
    Action::Void {
        reason: reason.to_string(),
    }
}

fn note(text: &str) -> Action {
    Action::Note {
        text: text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_fixed() {
        let mut a = Rng::new(42);
        let mut b = Rng::new(42);
        let xs: Vec<u64> = (0..5).map(|_| a.next()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next()).collect();
        assert_eq!(xs, ys);
        for _ in 0..1000 {
            let x = a.range(3, 7);
            assert!((3..=7).contains(&x));
            assert!(a.below(10) < 10);
            let u = a.unit();
            assert!((0.0..1.0).contains(&u));
        }
    }

    #[test]
    fn rooms_look_like_building_unit_room() {
        let mut r = Rng::new(7);
        for _ in 0..100 {
            let p = Place::random(&mut r);
            let room = crate::domain::text::room(&p.room).unwrap().unwrap();
            assert_eq!(room, p.room);
            assert!(
                p.room
                    .starts_with(&format!("{}-{}-{}", p.building, p.unit, p.floor))
            );
        }
    }
}
