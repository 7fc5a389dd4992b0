//! The one clock. `DUTYDESK_NOW` fixes where it starts; the TUI lets it run from there.

use chrono::{DateTime, Utc};
use std::time::Instant;

#[derive(Debug, Clone, Copy)]
pub struct Clock {
    start: DateTime<Utc>,
    started: Instant,
    running: bool,
}

impl Clock {
    /// The real clock.
    pub fn system() -> Self {
        Self::starting_at(Utc::now(), true)
    }

    /// A clock that starts at `start`; a `running` one moves on with real time.
    pub fn starting_at(start: DateTime<Utc>, running: bool) -> Self {
        Self {
            start,
            started: Instant::now(),
            running,
        }
    }

    /// Commands see a frozen clock; the TUI a running one.
    pub fn running(self) -> Self {
        Self {
            running: true,
            started: Instant::now(),
            ..self
        }
    }

    pub fn frozen(self) -> Self {
        Self {
            start: self.now(),
            running: false,
            ..self
        }
    }

    /// Now, to the whole second (every stored and printed time is in seconds).
    pub fn now(&self) -> DateTime<Utc> {
        let t = if self.running {
            self.start + chrono::Duration::from_std(self.started.elapsed()).unwrap_or_default()
        } else {
            self.start
        };
        DateTime::from_timestamp(t.timestamp(), 0).unwrap_or(t)
    }
}
