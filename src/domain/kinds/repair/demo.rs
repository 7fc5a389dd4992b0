//! Repairs' demo records: every category, in rooms and in public areas, what each says, and
//! each one's life (dispatched, arrived, assessed, resolved with or without a fee, called back).

use super::{Difficulty, RepairCategory, RepairDetails, Slug};
use crate::domain::action::Action;
use crate::domain::deadline::DeadlineName;
use crate::domain::kinds::demo::{Arrival, DemoKind, Place, Rng, Steps, note, person, phone, void};
use crate::domain::record::{NewRecord, Record};
use chrono::{Duration, TimeZone, Utc};

const TECHNICIANS: &[&str] = &[
    "张师傅",
    "刘师傅",
    "陈师傅",
    "赵师傅",
    "孙师傅",
    "周师傅",
    "马师傅",
];

impl DemoKind for RepairDetails {
    type Sample = RepairCategory;

    const RANDOM: &'static [(RepairCategory, u32)] = &[
        (RepairCategory::ElevatorEntrapment, 2),
        (RepairCategory::StructuralDanger, 1),
        (RepairCategory::PowerFault, 2),
        (RepairCategory::WaterFault, 3),
        (RepairCategory::HeatingLeak, 1),
        (RepairCategory::StairsRailing, 1),
        (RepairCategory::FallingHazard, 1),
        (RepairCategory::OtherDanger, 1),
        (RepairCategory::General, 22),
        (RepairCategory::Paid, 6),
    ];

    /// The first repairs cover every category.
    fn vary(category: RepairCategory, n: usize, _rng: &mut Rng) -> RepairCategory {
        RepairCategory::ALL.get(n).copied().unwrap_or(category)
    }

    fn draw(category: RepairCategory, a: &Arrival<'_>, rng: &mut Rng) -> NewRecord {
        let public = category != RepairCategory::Paid
            && rng.chance(if category.is_urgent() { 0.3 } else { 0.25 });
        let (location, mut summary) = if public {
            public_repair_text(category, rng, a.place)
        } else {
            room_repair_text(category, rng, a.place)
        };
        // A few ordinary repairs in homes are quality complaints under the developer's
        // warranty.
        let warranty = category == RepairCategory::General && !public && rng.chance(0.08);
        if warranty {
            summary = rng
                .pick(&[
                    "交房不满一年, 卫生间墙面渗水 (保修期内质量投诉)",
                    "新装窗户关不严, 雨天进水 (保修期内)",
                    "入住半年, 客厅地面空鼓开裂 (保修期内质量投诉)",
                ])
                .to_string();
        }
        let appointment = (category == RepairCategory::Paid).then(|| {
            // On the half hour, between 2 hours and 2 days ahead.
            let ahead = rng.range(4, 96) * 1800;
            let t = a.at.timestamp();
            Utc.timestamp_opt((t + ahead) / 1800 * 1800, 0)
                .single()
                .unwrap_or_default()
        });
        let (name, phone) = if public && rng.chance(0.5) {
            (None, None)
        } else {
            (Some(person(rng)), Some(phone(rng)))
        };
        NewRecord {
            details: RepairDetails {
                category,
                appointment,
                warranty,
            }
            .into(),
            summary,
            room: (!public).then(|| a.place.room.clone()),
            location: Some(location),
            phone,
            name,
        }
    }

    fn life<S: Steps>(&self, record: &mut Record, s: &mut S) -> Result<(), S::Error> {
        if s.rng().chance(0.004) {
            let when = s.minutes(record, 2, 20);
            let reason = s
                .rng()
                .pick(&["业主来电取消报修", "登记错误, 房号有误", "重复登记"]);
            s.act(record, void(reason), when)?;
            return Ok(());
        }
        repair_life(record, self, s)
    }
}

fn repair_life<S: Steps>(
    record: &mut Record,
    details: &RepairDetails,
    s: &mut S,
) -> Result<(), S::Error> {
    let (appointment, warranty) = (details.appointment, details.warranty);
    let technician = s.rng().pick(TECHNICIANS).to_string();
    let urgent = record.is_urgent();
    let public = record.new.room.is_none();
    // Dispatch: every repair's work order within 7 minutes (a paid one too, long before its
    // appointment).
    let when = if urgent {
        s.toward(record, DeadlineName::Dispatch, 0.06, 0.1, 0.85)
    } else {
        s.toward(record, DeadlineName::Dispatch, 0.08, 0.2, 0.95)
    };
    if !s.act(record, Action::Dispatch { to: technician }, when)? {
        return Ok(());
    }
    if s.rng().chance(0.05) {
        let when = s.minutes(record, 1, 10);
        let text = s
            .rng()
            .pick(&["已电话联系业主, 约定上门时间", "工程部回复: 维修人员已出发"]);
        if !s.act(record, note(text), when)? {
            return Ok(());
        }
    }
    // A heating leak: the heating company is asked to help.
    if details.category == RepairCategory::HeatingLeak {
        let when = s.minutes(record, 1, 6);
        if !s.act(record, Action::NotifyHeating, when)? {
            return Ok(());
        }
    }
    // A warranty quality complaint: the developer's supervision department is told.
    if warranty {
        let when = s.toward(record, DeadlineName::NotifyDeveloper, 0.05, 0.2, 0.9);
        if !s.act(record, Action::NotifyDeveloper, when)? {
            return Ok(());
        }
    }
    // A general repair in a home: engineering's proposal to the owner.
    if !urgent && !public && appointment.is_none() {
        let when = s.toward(record, DeadlineName::Propose, 0.05, 0.2, 0.9);
        let text = s.rng().pick(&[
            "工程部回复: 今日内上门维修, 不收费",
            "已与业主约定上门时间, 先入户检查再定维修方案",
            "需更换配件, 工程部明早上门, 已告知业主",
            "工程部回复: 1小时内上门处理",
        ]);
        if !s.act(record, Action::Propose { text: text.into() }, when)? {
            return Ok(());
        }
    }
    // Arrival.
    let when = if let Some(appointment) = appointment {
        let early = appointment - Duration::minutes(s.rng().range(5, 20));
        if s.rng().chance(0.06) {
            appointment + Duration::minutes(s.rng().range(1, 30))
        } else {
            early
        }
    } else if urgent || public {
        s.toward(record, DeadlineName::Arrival, 0.07, 0.2, 0.9)
    } else {
        s.minutes(record, 15, 240)
    };
    if !s.act(record, Action::Arrive, when)? {
        return Ok(());
    }
    // Assessment, for some.
    if s.rng().chance(if urgent { 0.6 } else { 0.25 }) {
        let difficulty = s.rng().weighted(&[
            (Difficulty::Simple, 60),
            (Difficulty::Difficult, 30),
            (Difficulty::Major, 10),
        ]);
        let when = s.minutes(record, 3, 25);
        if !s.act(record, Action::Assess { difficulty }, when)? {
            return Ok(());
        }
        if difficulty != Difficulty::Simple && s.rng().chance(0.5) {
            let when = s.minutes(record, 10, 120);
            let text = s
                .rng()
                .pick(&["需更换配件, 等待到货", "需协调楼上住户入户检查"]);
            if !s.act(record, note(text), when)? {
                return Ok(());
            }
        }
    }
    // Resolution.
    let fee = (appointment.is_some() || s.rng().chance(0.05))
        .then(|| format!("{}元", s.rng().pick(&[30, 50, 80, 120, 150, 260])));
    let when = if record.difficulty().is_some_and(|d| d != Difficulty::Simple) {
        s.toward(record, DeadlineName::Resolution, 0.06, 0.1, 0.6)
    } else {
        s.toward(record, DeadlineName::Resolution, 0.04, 0.01, 0.3)
    };
    if !s.act(record, Action::resolve(fee), when)? {
        return Ok(());
    }
    s.callback(record)?;
    Ok(())
}

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
