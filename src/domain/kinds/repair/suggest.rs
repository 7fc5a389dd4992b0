//! The urgent repair category suggested from the words a caller used (the desk's form fills
//! it in as the summary is typed).

use super::RepairCategory;

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
