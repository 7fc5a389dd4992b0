//! Repairs (报修): the 8 urgent categories of DOMAIN.md §3 and the ordinary ones, and the
//! category suggested from the words a caller used.

use super::Slug;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

slug_enum!(
    /// The 8 urgent categories of DOMAIN.md §3, then the two ordinary ones.
    RepairCategory {
        ElevatorEntrapment => "elevator_entrapment",
        StructuralDanger => "structural_danger",
        PowerFault => "power_fault",
        WaterFault => "water_fault",
        HeatingLeak => "heating_leak",
        StairsRailing => "stairs_railing",
        FallingHazard => "falling_hazard",
        OtherDanger => "other_danger",
        General => "general",
        Paid => "paid",
    }
);

impl RepairCategory {
    pub fn is_urgent(self) -> bool {
        !matches!(self, Self::General | Self::Paid)
    }
}

slug_enum!(
    Difficulty {
        Simple => "simple",
        Difficult => "difficult",
        Major => "major",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepairDetails {
    pub category: RepairCategory,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appointment: Option<DateTime<Utc>>,
}

impl RepairDetails {
    pub fn category_slug(&self) -> &'static str {
        self.category.slug()
    }
}

// Suggest the urgent repair category from the words a caller used.

/// (all of these words, category): the first rule whose words all occur wins.
const RULES: &[(&[&str], RepairCategory)] = &[
    (&["电梯", "困"], RepairCategory::ElevatorEntrapment),
    (&["电梯", "关"], RepairCategory::ElevatorEntrapment),
    (&["电梯", "失控"], RepairCategory::ElevatorEntrapment),
    (&["elevator", "trapped"], RepairCategory::ElevatorEntrapment),
    (&["lift", "stuck"], RepairCategory::ElevatorEntrapment),
    (&["暖气"], RepairCategory::HeatingLeak),
    (&["供暖"], RepairCategory::HeatingLeak),
    (&["heating"], RepairCategory::HeatingLeak),
    (&["爆"], RepairCategory::WaterFault),
    (&["漏水"], RepairCategory::WaterFault),
    (&["跑水"], RepairCategory::WaterFault),
    (&["停水"], RepairCategory::WaterFault),
    (&["水泵"], RepairCategory::WaterFault),
    (&["burst"], RepairCategory::WaterFault),
    (&["leak"], RepairCategory::WaterFault),
    (&["停电"], RepairCategory::PowerFault),
    (&["漏电"], RepairCategory::PowerFault),
    (&["跳闸"], RepairCategory::PowerFault),
    (&["power"], RepairCategory::PowerFault),
    (&["裂"], RepairCategory::StructuralDanger),
    (&["塌"], RepairCategory::StructuralDanger),
    (&["structural"], RepairCategory::StructuralDanger),
    (&["扶手"], RepairCategory::StairsRailing),
    (&["栏杆"], RepairCategory::StairsRailing),
    (&["踏步"], RepairCategory::StairsRailing),
    (&["railing"], RepairCategory::StairsRailing),
    (&["坠落"], RepairCategory::FallingHazard),
    (&["掉落"], RepairCategory::FallingHazard),
    (&["玻璃"], RepairCategory::FallingHazard),
    (&["外墙"], RepairCategory::FallingHazard),
    (&["falling"], RepairCategory::FallingHazard),
    (&["危险"], RepairCategory::OtherDanger),
    (&["danger"], RepairCategory::OtherDanger),
];

pub fn suggest_category(text: &str) -> Option<RepairCategory> {
    let lower = text.to_lowercase();
    RULES
        .iter()
        .find(|(words, _)| words.iter().all(|w| lower.contains(w)))
        .map(|(_, category)| *category)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_from_chinese_and_english() {
        assert_eq!(
            suggest_category("5号楼电梯停在12楼, 2人被困"),
            Some(RepairCategory::ElevatorEntrapment)
        );
        assert_eq!(
            suggest_category("厨房水管爆了"),
            Some(RepairCategory::WaterFault)
        );
        assert_eq!(
            suggest_category("楼上漏水"),
            Some(RepairCategory::WaterFault)
        );
        assert_eq!(
            suggest_category("Lift stuck between floors"),
            Some(RepairCategory::ElevatorEntrapment)
        );
        assert_eq!(suggest_category("电梯按钮不亮"), None);
        assert_eq!(suggest_category("门铃坏了"), None);
    }
}
