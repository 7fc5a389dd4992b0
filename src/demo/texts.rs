//! The demo's words: people's names and phone numbers, places in the estate, and what each
//! log entry, call and repair says.

use super::Demo;
use super::rng::Rng;
use crate::domain::*;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
];
const GIVEN: &[&str] = &[
    "建国", "秀英", "桂兰", "志强", "海燕", "丽娟", "文博", "子涵", "雨桐", "俊杰", "春梅", "国庆",
    "晓东", "淑珍", "明辉", "婷婷", "德华", "玉兰", "浩然", "欣怡",
];
pub(super) const TECHNICIANS: &[&str] = &[
    "张师傅",
    "刘师傅",
    "陈师傅",
    "赵师傅",
    "孙师傅",
    "周师傅",
    "马师傅",
];
pub(super) const DAY_STAFF: &[&str] = &["王丽", "陈静", "周敏"];
pub(super) const NIGHT_STAFF: &[&str] = &["李强", "赵磊", "孙浩"];

pub(super) fn room_repair_text(
    category: RepairCategory,
    r: &mut Rng,
    p: &Place,
) -> (String, String) {
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

pub(super) fn public_repair_text(
    category: RepairCategory,
    r: &mut Rng,
    p: &Place,
) -> (String, String) {
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

pub(super) fn call_text(kind: CallKind, channel: Channel, r: &mut Rng, p: &Place) -> String {
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

pub(super) fn log_text(
    category: LogCategory,
    r: &mut Rng,
    p: &Place,
    at_hour: u32,
) -> (String, String) {
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
pub(super) struct Place {
    pub(super) building: i64,
    pub(super) unit: i64,
    pub(super) floor: i64,
    pub(super) room: String,
}

impl Place {
    pub(super) fn random(r: &mut Rng) -> Self {
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

impl Demo<'_> {
    pub(super) fn person(&mut self) -> String {
        let surname = self.rng.pick(SURNAMES);
        if self.rng.chance(0.6) {
            format!("{surname}{}", self.rng.pick(&["先生", "女士"]))
        } else {
            format!("{surname}{}", self.rng.pick(GIVEN))
        }
    }

    pub(super) fn phone(&mut self) -> String {
        format!(
            "1{}{:09}",
            self.rng.pick(&[3, 5, 7, 8, 9]),
            self.rng.below(1_000_000_000)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
