//! Calls' demo records: enquiries and complaints by every channel, who rings, and each one's
//! life (answered, classed, replied to in writing, closed, called back).

use super::{CallDetails, CallKind, Channel, ComplaintClass, Slug};
use crate::domain::action::Action;
use crate::domain::deadline::DeadlineName;
use crate::domain::kinds::demo::{Arrival, DemoKind, Place, Rng, Steps, note, person, phone, void};
use crate::domain::record::{NewRecord, Record, Status};

/// Every call drawn gets its channel in `vary`: phone here is a placeholder.
const PHONE: Channel = Channel::Phone;

const CHANNELS: &[(Channel, u32)] = &[
    (Channel::Phone, 60),
    (Channel::Visit, 20),
    (Channel::Letter, 6),
    (Channel::Fax, 2),
    (Channel::Online, 12),
];

impl DemoKind for CallDetails {
    type Sample = (CallKind, Channel);

    const RANDOM: &'static [((CallKind, Channel), u32)] = &[
        ((CallKind::Consultation, PHONE), 14),
        ((CallKind::Complaint, PHONE), 10),
        ((CallKind::Repair, PHONE), 5),
        ((CallKind::Help, PHONE), 5),
        ((CallKind::Suggestion, PHONE), 3),
    ];

    /// The first calls cover every channel (and the kinds in turn); later ones come mostly by
    /// phone.
    fn vary((kind, _): (CallKind, Channel), n: usize, rng: &mut Rng) -> (CallKind, Channel) {
        if n < Channel::ALL.len() {
            (CallKind::ALL[n % CallKind::ALL.len()], Channel::ALL[n])
        } else {
            (kind, rng.weighted(CHANNELS))
        }
    }

    fn draw((kind, channel): (CallKind, Channel), a: &Arrival<'_>, rng: &mut Rng) -> NewRecord {
        let summary = call_text(kind, channel, rng, a.place);
        let (name, phone) = caller(kind, rng);
        let class = (kind == CallKind::Complaint && rng.chance(0.5)).then(|| {
            rng.weighted(&[
                (ComplaintClass::Minor, 70),
                (ComplaintClass::Important, 27),
                (ComplaintClass::Major, 3),
            ])
        });
        NewRecord {
            details: CallDetails {
                call_kind: kind,
                channel,
                class,
            }
            .into(),
            summary,
            room: (rng.chance(0.8) && name.is_some()).then(|| a.place.room.clone()),
            location: None,
            phone,
            name,
        }
    }

    fn life<S: Steps>(&self, record: &mut Record, s: &mut S) -> Result<(), S::Error> {
        if s.rng().chance(0.004) {
            let when = s.minutes(record, 2, 30);
            s.act(record, void("重复登记"), when)?;
            return Ok(());
        }
        if self.call_kind == CallKind::Complaint {
            complaint_life(record, self.channel.is_written(), s)
        } else {
            // Most enquiries are answered and closed in one go; some get a first answer and
            // are closed a little later.
            let when = if s.rng().chance(0.35) {
                let when = s.toward(record, DeadlineName::Reply, 0.03, 0.01, 0.25);
                if !s.act(record, Action::Reply { written: false }, when)? {
                    return Ok(());
                }
                s.minutes(record, 5, 180)
            } else {
                s.toward(record, DeadlineName::Reply, 0.04, 0.01, 0.4)
            };
            s.act(record, Action::resolve(None), when)?;
            Ok(())
        }
    }
}

/// Who rings: a few complaints are anonymous; most callers give a name and a number.
fn caller(kind: CallKind, rng: &mut Rng) -> (Option<String>, Option<String>) {
    if kind == CallKind::Complaint && rng.chance(0.08) {
        return (None, None);
    }
    let name = rng.chance(0.85).then(|| person(rng));
    let phone = rng.chance(0.9).then(|| phone(rng));
    (name, phone)
}

fn complaint_life<S: Steps>(record: &mut Record, written: bool, s: &mut S) -> Result<(), S::Error> {
    if record.class().is_none() {
        let when = s.minutes(record, 10, 90);
        let class = s.rng().weighted(&[
            (ComplaintClass::Minor, 70),
            (ComplaintClass::Important, 28),
            (ComplaintClass::Major, 2),
        ]);
        if !s.act(record, Action::Classify { class }, when)? {
            return Ok(());
        }
    }
    let when = s.toward(record, DeadlineName::FirstReply, 0.06, 0.05, 0.7);
    if !s.act(record, Action::Reply { written: false }, when)? {
        return Ok(());
    }
    if written {
        let when = s.toward(record, DeadlineName::WrittenReply, 0.06, 0.2, 0.9);
        if !s.act(record, Action::Reply { written: true }, when)? {
            return Ok(());
        }
    }
    if s.rng().chance(0.2) {
        let when = s.minutes(record, 60, 24 * 60);
        let text = s
            .rng()
            .pick(&["已转客服经理跟进", "已约业主面谈", "已联系相关责任方整改"]);
        if !s.act(record, note(text), when)? {
            return Ok(());
        }
    }
    let when = s.toward(record, DeadlineName::Reply, 0.03, 0.02, 0.3);
    if !s.act(record, Action::resolve(None), when)? {
        return Ok(());
    }
    if record.status == Status::Resolved {
        s.callback(record)?;
    }
    Ok(())
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
