//! The estate's rules as pure types and functions: no I/O, no SQL, no terminal.

pub mod action;
pub mod calendar;
pub mod callbacks;
pub mod columns;
pub mod deadline;
pub mod error;
pub mod idcard;
pub mod ids;
pub mod intake;
pub mod kinds;
pub mod links;
pub mod notify;
pub mod pause;
pub mod record;
pub mod refusal;
pub mod repeats;
pub mod report;
pub mod report_complaints;
pub mod report_daily;
pub mod report_period;
pub mod residents;
pub mod rules;
pub mod shift;
pub mod step;
pub mod text;
pub mod time;
pub mod view;

pub use action::Action;
pub use calendar::Calendar;
pub use deadline::{Deadline, DeadlineName, DeadlineState, Urgency};
pub use error::{Field, Problem, RuleError};
pub use ids::RecordId;
pub use kinds::handover;
pub use kinds::*;
pub use record::{Event, NewRecord, Record, Status};
pub use rules::{Limits, Policy};
