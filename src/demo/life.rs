//! A random record: its kind draws it and runs its life (`domain::kinds::demo`, each kind's
//! `demo.rs`); here it comes in at a place in the estate and each step is written as it happens.
//! Whatever would happen after "now" has not happened yet.

use super::{Demo, at};
use crate::domain::demo::{Arrival, Place, Rng, Steps};
use crate::domain::{Action, DemoSample, Policy, Record, demo_life};
use crate::store::{StoreError, Writer};
use chrono::{DateTime, Utc};

impl Demo<'_> {
    pub(super) fn random(
        &mut self,
        w: &mut Writer<'_>,
        t: i64,
        sample: DemoSample,
    ) -> Result<(), StoreError> {
        let place = Place::random(&mut self.rng);
        let arrival = Arrival {
            at: at(t),
            place: &place,
            policy: self.policy,
        };
        let new = sample.draw(&arrival, &mut self.rng);
        let mut record = self.add(w, new, t)?;
        demo_life(&mut record, &mut Written { demo: self, w })
    }
}

/// The demo writing a record's steps into the store as its kind takes them.
struct Written<'d, 'a, 'w> {
    demo: &'d mut Demo<'a>,
    w: &'d mut Writer<'w>,
}

impl Steps for Written<'_, '_, '_> {
    type Error = StoreError;

    fn rng(&mut self) -> &mut Rng {
        &mut self.demo.rng
    }

    fn policy(&self) -> &Policy {
        self.demo.policy
    }

    fn act(
        &mut self,
        r: &mut Record,
        action: Action,
        t: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.demo.act(self.w, r, action, t)
    }
}
