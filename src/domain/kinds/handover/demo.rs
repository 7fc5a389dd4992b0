//! Handovers in the demo: none. A handover is written at a shift change from the records of
//! the shift, by the people on duty; the demo fills the desk with the records themselves.

use super::HandoverDetails;
use crate::domain::kinds::demo::{Arrival, DemoKind, Rng, Steps};
use crate::domain::record::{NewRecord, Record};
use std::convert::Infallible;

impl DemoKind for HandoverDetails {
    /// No random handover is ever drawn.
    type Sample = Infallible;

    const RANDOM: &'static [(Infallible, u32)] = &[];

    fn draw(never: Infallible, _: &Arrival<'_>, _: &mut Rng) -> NewRecord {
        match never {}
    }

    fn life<S: Steps>(&self, _: &mut Record, _: &mut S) -> Result<(), S::Error> {
        Ok(())
    }
}
