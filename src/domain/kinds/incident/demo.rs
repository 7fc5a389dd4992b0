//! Incidents in the demo: none. A major incident is rare and each one is real: the demo's
//! random days do not invent them (and so the demo database stays as it was).

use super::IncidentDetails;
use crate::domain::kinds::demo::{Arrival, DemoKind, Rng, Steps};
use crate::domain::record::{NewRecord, Record};
use std::convert::Infallible;

impl DemoKind for IncidentDetails {
    /// No random incident is ever drawn.
    type Sample = Infallible;

    const RANDOM: &'static [(Infallible, u32)] = &[];

    fn draw(never: Infallible, _: &Arrival<'_>, _: &mut Rng) -> NewRecord {
        match never {}
    }

    fn life<S: Steps>(&self, _: &mut Record, _: &mut S) -> Result<(), S::Error> {
        Ok(())
    }
}
