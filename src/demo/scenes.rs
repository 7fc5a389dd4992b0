//! The scripted scenes: records placed relative to "now" so that the desk always shows an
//! entrapment about to miss its dispatch, overdue replies and callbacks, a repeat visit,
//! voided records and an escalated complaint.

use super::Demo;
use super::plan::Scene;
use crate::domain::demo::{Place, note, person, phone, void};
use crate::domain::time::{local, local_date};
use crate::domain::*;
use crate::store::{StoreError, Writer};
use chrono::{DateTime, Duration, Utc};

impl Demo<'_> {
    /// A repair at `t` with these details and texts, in a room or not.
    fn scripted_repair(
        &mut self,
        w: &mut Writer<'_>,
        t: i64,
        details: Details,
        room: Option<&str>,
        location: String,
        summary: &str,
    ) -> Result<Record, StoreError> {
        let new = NewRecord {
            details,
            summary: summary.to_string(),
            room: room.map(str::to_string),
            location: Some(location),
            phone: Some(phone(&mut self.rng)),
            name: Some(person(&mut self.rng)),
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
            phone: (!anonymous).then(|| phone(&mut self.rng)),
            name: (!anonymous).then(|| person(&mut self.rng)),
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

    pub(super) fn scene(
        &mut self,
        w: &mut Writer<'_>,
        scene: Scene,
        t: i64,
    ) -> Result<(), StoreError> {
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
                    repair(C::ElevatorEntrapment, None),
                    None,
                    format!("{b}号楼{u}单元电梯"),
                    &format!("电梯停在{f}楼, 2人被困, 轿厢内有老人和小孩"),
                )?;
            }
            Scene::BurstPipe => {
                let mut r = self.scripted_repair(
                    w,
                    t,
                    repair(C::WaterFault, None),
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
                    repair(C::General, None),
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
                    repair(C::PowerFault, None),
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
                    repair(C::HeatingLeak, None),
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
                        (4 * m, Action::NotifyHeating),
                        (13 * m, Action::Arrive),
                    ],
                )?;
            }
            Scene::DrainOverdue => {
                let mut r = self.scripted_repair(
                    w,
                    t,
                    repair(C::General, None),
                    Some(&place.room),
                    "卫生间".into(),
                    "卫生间下水道堵塞, 污水反溢",
                )?;
                self.steps(
                    w,
                    &mut r,
                    vec![
                        (
                            5 * m,
                            Action::Dispatch {
                                to: "周师傅".into(),
                            },
                        ),
                        (
                            12 * m,
                            Action::Propose {
                                text: "先上门疏通, 如不通需开挖检修主管".into(),
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
                    repair(C::General, None),
                    Some(&place.room),
                    "入户门".into(),
                    "入户门锁芯损坏, 钥匙拧不动",
                )?;
                self.steps(
                    w,
                    &mut r,
                    vec![
                        (
                            6 * m,
                            Action::Dispatch {
                                to: "马师傅".into(),
                            },
                        ),
                        (
                            15 * m,
                            Action::Propose {
                                text: "更换锁芯, 2小时内上门".into(),
                            },
                        ),
                        (2 * h, Action::Arrive),
                        (d - 5 * h, Action::resolve(None)),
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
                    repair(C::WaterFault, None),
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
                        (2 * h, Action::resolve(None)),
                        (
                            d + 2 * h,
                            Action::callback_closing(CallbackForm::Phone, Satisfaction::Satisfied),
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
                    repair(C::ElevatorEntrapment, None),
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
                let mut r = self.scripted_repair(
                    w,
                    t,
                    repair(C::Paid, appointment),
                    Some(&place.room),
                    "卫生间".into(),
                    "更换卫生间花洒及软管 (有偿服务)",
                )?;
                self.steps(
                    w,
                    &mut r,
                    vec![(
                        5 * m,
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
                        (d, Action::resolve(None)),
                    ],
                )?;
            }
        }
        Ok(())
    }
}

fn call(call_kind: CallKind, channel: Channel, class: Option<ComplaintClass>) -> Details {
    CallDetails {
        call_kind,
        channel,
        class,
    }
    .into()
}

fn repair(category: RepairCategory, appointment: Option<DateTime<Utc>>) -> Details {
    RepairDetails {
        category,
        appointment,
        warranty: false,
    }
    .into()
}
