//! The duty log's demo records: the daily rhythm of handovers, key-location checks and
//! patrols, random incidents, notices and keys, and what each entry says.

use super::{LogCategory, LogDetails};
use crate::domain::kinds::demo::{Arrival, DemoKind, Place, Rng, Steps, void};
use crate::domain::record::{NewRecord, Record};
use chrono::Timelike;

impl DemoKind for LogDetails {
    type Sample = LogCategory;

    const RANDOM: &'static [(LogCategory, u32)] = &[
        (LogCategory::Incident, 3),
        (LogCategory::Notice, 4),
        (LogCategory::KeysItems, 5),
        (LogCategory::Note, 2),
    ];

    /// Scheduled entries (handovers, key-location checks, patrols) every day.
    const DAILY: &'static [(u32, u32, LogCategory)] = &[
        (8, 0, LogCategory::Note),
        (8, 30, LogCategory::KeyLocation),
        (10, 0, LogCategory::Inspection),
        (15, 0, LogCategory::Patrol),
        (20, 0, LogCategory::Note),
        (20, 30, LogCategory::KeyLocation),
        (22, 30, LogCategory::Patrol),
        (2, 0, LogCategory::Patrol),
    ];

    fn draw(category: LogCategory, arrival: &Arrival<'_>, rng: &mut Rng) -> NewRecord {
        let hour = arrival.at.with_timezone(&arrival.policy.zone).hour();
        let (location, summary) = log_text(category, rng, arrival.place, hour);
        NewRecord {
            details: LogDetails { category }.into(),
            summary,
            room: None,
            location: Some(location),
            phone: None,
            name: None,
        }
    }

    /// A few entries are voided as mistakes; the rest simply stand.
    fn life<S: Steps>(&self, record: &mut Record, s: &mut S) -> Result<(), S::Error> {
        if s.rng().chance(0.003) {
            let when = s.minutes(record, 5, 60);
            s.act(record, void("登记错误, 重新录入"), when)?;
        }
        Ok(())
    }
}

fn log_text(category: LogCategory, r: &mut Rng, p: &Place, at_hour: u32) -> (String, String) {
    let b = p.building;
    let f = p.floor;
    match category {
        LogCategory::Patrol | LogCategory::Inspection => {
            let fine = r.chance(0.85);
            let place = r.below(5);
            // The late-evening patrol always takes in the rooftops (doors locked at night), so
            // every demo, whatever the draws, has rooftop patrols.
            let place = if category == LogCategory::Patrol && at_hour == 22 {
                1
            } else {
                place
            };
            match place {
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
