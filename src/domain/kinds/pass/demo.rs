//! Passes in the demo: now and then a household moves goods out, verified in person or by
//! phone, fees confirmed by finance; most passes are used when the goods leave, a few are
//! voided as mistakes, those moving after "now" are still issued. The movers' ID numbers are
//! made up here (valid by their check digit, not anyone's).

use super::{PassDetails, PhoneCheck, VerifiedBy, id_number};
use crate::domain::action::Action;
use crate::domain::kinds::Slug;
use crate::domain::kinds::demo::{Arrival, DemoKind, Rng, Steps, person, void};
use crate::domain::record::{NewRecord, Record};
use chrono::Duration;

impl DemoKind for PassDetails {
    type Sample = VerifiedBy;

    const RANDOM: &'static [(VerifiedBy, u32)] = &[(VerifiedBy::IdCard, 2), (VerifiedBy::Phone, 1)];

    fn draw(verified_by: VerifiedBy, arrival: &Arrival<'_>, rng: &mut Rng) -> NewRecord {
        let items = rng.pick(&[
            "冰箱1台, 洗衣机1台",
            "沙发1套, 纸箱8个",
            "床垫2张, 衣柜1个 (已拆)",
            "电视1台, 书桌1张, 纸箱5个",
            "旧家具一批: 餐桌1张, 椅子4把",
            "自行车1辆, 行李箱3个",
            "装修余料: 瓷砖12箱",
        ]);
        let tenant = rng.chance(0.4).then(|| person(rng));
        NewRecord {
            details: PassDetails {
                tenant,
                verified_by,
                checked: if verified_by == VerifiedBy::Phone {
                    PhoneCheck::ALL.to_vec()
                } else {
                    Vec::new()
                },
                mover: format!("{}师傅", rng.pick(&["李", "王", "张", "刘", "陈", "赵"])),
                mover_id: made_up_id(rng),
                moving_at: arrival.at + Duration::minutes(rng.range(30, 36 * 60)),
                fees_settled_by: format!("财务{}", rng.pick(&["刘", "孙", "周"])),
            }
            .into(),
            summary: items.into(),
            room: Some(arrival.place.room.clone()),
            location: None,
            phone: None,
            name: Some(person(rng)),
        }
    }

    /// Used when the goods leave (about when planned), unless voided as a mistake first.
    fn life<S: Steps>(&self, record: &mut Record, s: &mut S) -> Result<(), S::Error> {
        if s.rng().chance(0.04) {
            let when = s.minutes(record, 5, 60);
            s.act(record, void("房号写错, 作废重开"), when)?;
            return Ok(());
        }
        let when = self.moving_at + Duration::minutes(s.rng().range(-20, 40));
        let when = when.max(record.last_event_at + Duration::minutes(1));
        let guard = Some(format!("门岗{}", s.rng().pick(&["老赵", "小孙", "老周"])));
        s.act(record, Action::Used { guard }, when)?;
        Ok(())
    }
}

/// A made-up resident ID number: a region of the city, a birth date, a sequence, its check
/// character.
fn made_up_id(rng: &mut Rng) -> String {
    let region = rng.pick(&["110105", "110108", "310104", "440304", "320102", "510107"]);
    let year = rng.range(1960, 2000);
    let month = rng.range(1, 12);
    let day = rng.range(1, 28);
    let first17 = format!("{region}{year:04}{month:02}{day:02}{:03}", rng.below(1000));
    format!("{first17}{}", id_number::check_char(&first17))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_up_numbers_are_valid() {
        let mut rng = Rng::new(7);
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        for _ in 0..200 {
            let id = made_up_id(&mut rng);
            assert_eq!(id_number::validate(&id, today), Ok(id.clone()));
        }
    }
}
