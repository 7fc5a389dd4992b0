//! Everything a command or the TUI needs besides the store: who, when, where, in which language.

use crate::clock::Clock;
use crate::config::Config;
use crate::domain::Policy;
use crate::domain::shift::{Shift, ShiftDef, shift_at};
use crate::i18n::Lang;
use chrono::{DateTime, NaiveTime, Utc};
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Desk {
    pub config: Config,
    pub policy: Policy,
    pub lang: Lang,
    /// Stamped on every event this process writes.
    pub operator: String,
    pub clock: Clock,
    pub db_path: PathBuf,
    /// ASCII borders (config `ascii` or `--ascii`).
    pub ascii: bool,
    /// `NO_COLOR` set: a monochrome theme.
    pub no_color: bool,
    /// `--read-only` / `DUTYDESK_READONLY=1`.
    pub read_only_asked: bool,
}

impl Desk {
    pub fn shift_defs(&self) -> Vec<ShiftDef> {
        // A loaded config has been checked; one built in code falls back to a single shift.
        self.config.shift_defs().unwrap_or_else(|_| {
            vec![ShiftDef {
                name: "Duty".into(),
                start: NaiveTime::MIN,
            }]
        })
    }

    /// The shift running now.
    pub fn current_shift(&self) -> Shift {
        self.shift_at(self.clock.now())
    }

    /// The shift running at `t`.
    pub fn shift_at(&self, t: DateTime<Utc>) -> Shift {
        shift_at(&self.shift_defs(), t, self.policy.zone)
    }
}
