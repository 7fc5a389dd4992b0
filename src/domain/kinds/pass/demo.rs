//! Passes in the demo.

use super::PassDetails;
use crate::domain::kinds::demo::{Arrival, DemoKind, Rng, Steps};
use crate::domain::record::{NewRecord, Record};
use std::convert::Infallible;

impl DemoKind for PassDetails {
    type Sample = Infallible;

    const RANDOM: &'static [(Infallible, u32)] = &[];

    fn draw(never: Infallible, _: &Arrival<'_>, _: &mut Rng) -> NewRecord {
        match never {}
    }

    fn life<S: Steps>(&self, _: &mut Record, _: &mut S) -> Result<(), S::Error> {
        Ok(())
    }
}
