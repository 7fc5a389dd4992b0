//! Inspection rounds in the demo: the rooftop every morning and a stairwell every evening,
//! now and then an elevator, a lobby or the grounds; most items ok, a few not applicable, now
//! and then a problem with its remark (the rooftop door found locked, a light out).

use super::{CheckItem, InspectionDetails, Outcome, areas};
use crate::domain::kinds::demo::{Arrival, DemoKind, Rng, Steps};
use crate::domain::record::{NewRecord, Record};

/// The remark a problem found at an item gets.
fn remark(key: &str) -> &'static str {
    match key {
        "door_opens" => "天台门被锁, 已通知工程部开锁",
        "lights" | "lighting" => "3楼声控灯不亮",
        "extinguisher_expiry" => "灭火器过期",
        "fire_passage_clear" => "消防通道堆放杂物",
        "railings" => "护栏松动",
        "graffiti" => "轿厢内有小广告",
        "pipe_leaks" => "绿化带水管漏水",
        "playground" => "滑梯螺丝松动",
        _ => "需维修",
    }
}

impl DemoKind for InspectionDetails {
    /// The area's index in the default table.
    type Sample = usize;

    const RANDOM: &'static [(usize, u32)] = &[(2, 1), (3, 1), (4, 1)];
    const DAILY: &'static [(u32, u32, usize)] = &[(9, 40, 1), (20, 30, 0)];

    fn draw(area: usize, arrival: &Arrival<'_>, rng: &mut Rng) -> NewRecord {
        let (slug, keys) = areas::DEFAULTS[area.min(areas::DEFAULTS.len() - 1)];
        let items = keys
            .iter()
            .map(|key| {
                let roll = rng.below(100);
                let result = match roll {
                    0..=5 => Outcome::Problem,
                    6..=9 => Outcome::Na,
                    _ => Outcome::Ok,
                };
                CheckItem {
                    key: key.to_string(),
                    name: None,
                    result: Some(result),
                    remark: (result == Outcome::Problem).then(|| remark(key).to_string()),
                }
            })
            .collect();
        let location = match slug {
            "grounds" => rng
                .pick(&["东区花园", "儿童乐园", "北门广场", "地库入口"])
                .to_string(),
            _ => format!("{}号楼", arrival.place.building),
        };
        let details = InspectionDetails {
            area: slug.to_string(),
            area_name: None,
            items,
        };
        NewRecord {
            // The problems found (as the intake sums up a round without a note), else a note.
            summary: if details.finding() == super::Finding::Problem {
                details.digest()
            } else {
                "巡查正常, 无异常".to_string()
            },
            details: details.into(),
            room: None,
            location: Some(location),
            phone: None,
            name: None,
        }
    }

    /// A round is a record of what was found: nothing follows in the demo.
    fn life<S: Steps>(&self, _: &mut Record, _: &mut S) -> Result<(), S::Error> {
        Ok(())
    }
}
