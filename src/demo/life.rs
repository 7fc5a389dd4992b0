//! Each random record's lifecycle, driven by its own deadlines: most steps land well inside
//! their window, a few are late, and whatever would happen after "now" has not happened yet.

use super::texts::{Place, TECHNICIANS, call_text, log_text, public_repair_text, room_repair_text};
use super::{Demo, at, note, void};
use crate::domain::*;
use crate::store::{StoreError, Writer};
use chrono::{DateTime, Duration, Timelike, Utc};

impl Demo<'_> {
    pub(super) fn log(
        &mut self,
        w: &mut Writer<'_>,
        t: i64,
        category: LogCategory,
    ) -> Result<(), StoreError> {
        let place = Place::random(&mut self.rng);
        let hour = at(t).with_timezone(&self.policy.zone).hour();
        let (location, summary) = log_text(category, &mut self.rng, &place, hour);
        let new = NewRecord {
            details: LogDetails { category }.into(),
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

    pub(super) fn call(
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
            details: CallDetails {
                call_kind: kind,
                channel,
                class,
            }
            .into(),
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
        if record.class().is_none() {
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

    pub(super) fn repair(
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
            details: RepairDetails {
                category,
                appointment,
            }
            .into(),
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
        let when = if record.difficulty().is_some_and(|d| d != Difficulty::Simple) {
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
}
