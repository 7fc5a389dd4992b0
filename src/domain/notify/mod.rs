//! Notifications (issue 18): which written change tells which channel what. Pure: the store
//! asks [`notices`] inside the transaction that writes the change and puts what it returns in
//! the outbox; the words are `i18n/notify.rs`'s (Chinese, as the estate's groups read them).

use super::action::Action;
use super::deadline::{DeadlineName, deadlines};
use super::record::{Change, Record};
use super::rules::Policy;
use super::text::sanitize_line;
use chrono::{DateTime, Utc};

/// What a channel can be told about (`events = [...]` in `[[notify.channels]]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotifyEvent {
    /// A new urgent record (an urgent repair).
    Urgent,
    /// A technician sent (every dispatch, reassignments too).
    Dispatch,
    /// A new record of a kind told at once (a major incident), and each report upward.
    Incident,
    /// The escalation ladder's first step: a deadline turning soon (the person on duty).
    Soon,
    /// The ladder's second step: a deadline overdue (the shift lead).
    Overdue,
    /// The ladder's third step: overdue by more than `manager_after_minutes` (the manager).
    OverdueManager,
    /// A handover not signed 30 minutes after the shift change (the manager).
    HandoverUnsigned,
}

impl NotifyEvent {
    pub const ALL: [Self; 7] = [
        Self::Urgent,
        Self::Dispatch,
        Self::Incident,
        Self::Soon,
        Self::Overdue,
        Self::OverdueManager,
        Self::HandoverUnsigned,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Self::Urgent => "urgent",
            Self::Dispatch => "dispatch",
            Self::Incident => "incident",
            Self::Soon => "soon",
            Self::Overdue => "overdue",
            Self::OverdueManager => "overdue_manager",
            Self::HandoverUnsigned => "handover_unsigned",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.slug() == text.trim())
    }
}

/// A channel and the events it takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub channel: String,
    pub events: Vec<NotifyEvent>,
}

/// What the store's writes need to queue messages: the channels, the technicians' mobiles
/// (`[notify.mobiles]`) and when an overdue deadline goes on to the manager.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routing {
    pub routes: Vec<Route>,
    pub mobiles: std::collections::BTreeMap<String, String>,
    pub manager_after_minutes: u32,
    pub manager_after: std::collections::HashMap<DeadlineName, u32>,
}

impl Default for Routing {
    fn default() -> Self {
        Self {
            routes: Vec::new(),
            mobiles: Default::default(),
            manager_after_minutes: 30,
            manager_after: Default::default(),
        }
    }
}

impl Routing {
    /// The mobiles to mention in a message for `cause`: a dispatched technician's, if known.
    pub fn mobiles_for(&self, cause: &Cause) -> Vec<String> {
        match cause {
            Cause::Dispatch { to } => self.mobiles.get(to.trim()).cloned().into_iter().collect(),
            _ => Vec::new(),
        }
    }

    /// How long overdue a deadline of `name` goes on to the manager.
    pub fn manager_after(&self, name: DeadlineName) -> chrono::Duration {
        let minutes = self
            .manager_after
            .get(&name)
            .copied()
            .unwrap_or(self.manager_after_minutes);
        chrono::Duration::minutes(i64::from(minutes))
    }

    /// Whether any channel takes `event`.
    pub fn takes(&self, event: NotifyEvent) -> bool {
        self.routes.iter().any(|r| r.events.contains(&event))
    }
}

/// A step of the escalation ladder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    Soon,
    Overdue,
    Manager,
}

impl Step {
    pub const ALL: [Self; 3] = [Self::Soon, Self::Overdue, Self::Manager];

    pub fn event(self) -> NotifyEvent {
        match self {
            Self::Soon => NotifyEvent::Soon,
            Self::Overdue => NotifyEvent::Overdue,
            Self::Manager => NotifyEvent::OverdueManager,
        }
    }

    pub fn slug(self) -> &'static str {
        self.event().slug()
    }
}

/// The ladder's steps due at `now` for `r`'s open deadlines, each with its deadline's name and
/// due time: none for a record that is not open, nor for a deadline held by a pause. Only the
/// highest step due is sent for a deadline first seen late (a deadline found overdue by an
/// hour does not also say "soon"); the store keeps which were sent.
///
/// Resolving a record meets its other deadlines, so a resolved record's ladder is that of
/// the callback it still owes (回访 within 3 days, §4: an obligation of the desk's like any
/// other, which the handover lists); a repair that owes none is closed and has no ladder.
/// The quality follow-up (one to two months after) is owed by a record closed by its callback
/// (listed on the desk with the callbacks due), so it is never phoned.
pub fn ladder(
    r: &Record,
    policy: &Policy,
    routing: &Routing,
    now: DateTime<Utc>,
) -> Vec<(DeadlineName, DateTime<Utc>, Step)> {
    use super::deadline::DeadlineState;
    if !r.status.is_open() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for d in deadlines(r, policy) {
        if !d.is_open() || !d.has_due() {
            continue;
        }
        let step = match d.state(now) {
            DeadlineState::Soon => Step::Soon,
            DeadlineState::Overdue if now > d.due + routing.manager_after(d.name) => Step::Manager,
            DeadlineState::Overdue => Step::Overdue,
            _ => continue,
        };
        out.push((d.name, d.due, step));
    }
    out
}

/// Why a message is sent, with what the words need beyond the record.
#[derive(Debug, Clone, PartialEq)]
pub enum Cause {
    /// A new urgent record.
    Urgent,
    /// A new record of a kind told at once (`KindProps::notify_at_once`).
    AtOnce,
    /// Sent to a technician.
    Dispatch { to: String },
    /// Reported upward: to whom, their role, how.
    Report {
        to: String,
        role: String,
        how: super::kinds::ReportHow,
    },
    /// A step of the escalation ladder for one deadline.
    Ladder {
        step: Step,
        deadline: DeadlineName,
        due: DateTime<Utc>,
    },
}

impl Cause {
    pub fn event(&self) -> NotifyEvent {
        match self {
            Self::Urgent => NotifyEvent::Urgent,
            Self::Dispatch { .. } => NotifyEvent::Dispatch,
            Self::AtOnce | Self::Report { .. } => NotifyEvent::Incident,
            Self::Ladder { step, .. } => step.event(),
        }
    }
}

/// What a message says: every text from the record already made plain (one line, no control
/// characters).
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub cause: Cause,
    pub id: String,
    pub kind: super::kinds::RecordKind,
    pub category: super::view::Choice,
    pub place: Option<String>,
    pub problem: String,
    /// The open deadlines: name and when due.
    pub deadlines: Vec<(DeadlineName, DateTime<Utc>)>,
}

/// One message for the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    pub channel: String,
    pub event: NotifyEvent,
    pub notice: Notice,
}

/// Why `change` (already applied: `after` is the record with it) tells anyone.
pub fn cause_of(change: &Change, after: &Record) -> Option<Cause> {
    match change {
        Change::Created(_) if after.kind().props().notify_at_once => Some(Cause::AtOnce),
        Change::Created(_) if after.is_urgent() => Some(Cause::Urgent),
        Change::Created(_) => None,
        Change::Action(Action::Dispatch { to }) => Some(Cause::Dispatch { to: plain(to) }),
        Change::Action(Action::Report { to, role, how, .. }) => Some(Cause::Report {
            to: plain(to),
            role: plain(role),
            how: *how,
        }),
        Change::Action(_) => None,
    }
}

/// The messages a ladder step for `r` sends, one per channel taking the step's event.
pub fn ladder_notices(
    r: &Record,
    policy: &Policy,
    routes: &[Route],
    step: Step,
    deadline: DeadlineName,
    due: DateTime<Utc>,
) -> Vec<Outgoing> {
    let event = step.event();
    let notice = notice(
        Cause::Ladder {
            step,
            deadline,
            due,
        },
        r,
        policy,
    );
    routes
        .iter()
        .filter(|route| route.events.contains(&event))
        .map(|route| Outgoing {
            channel: route.channel.clone(),
            event,
            notice: notice.clone(),
        })
        .collect()
}

/// The messages `change` causes, one per channel taking its event.
pub fn notices(
    change: &Change,
    after: &Record,
    policy: &Policy,
    routes: &[Route],
) -> Vec<Outgoing> {
    if routes.is_empty() {
        return Vec::new();
    }
    let Some(cause) = cause_of(change, after) else {
        return Vec::new();
    };
    let event = cause.event();
    let notice = notice(cause, after, policy);
    routes
        .iter()
        .filter(|r| r.events.contains(&event))
        .map(|r| Outgoing {
            channel: r.channel.clone(),
            event,
            notice: notice.clone(),
        })
        .collect()
}

pub fn notice(cause: Cause, r: &Record, policy: &Policy) -> Notice {
    let place = r
        .new
        .room
        .as_deref()
        .or(r.new.location.as_deref())
        .map(plain)
        .filter(|p| !p.is_empty());
    Notice {
        cause,
        id: r.id.to_string(),
        kind: r.kind(),
        category: r.rules().category(),
        place,
        problem: plain(&r.new.summary),
        deadlines: deadlines(r, policy)
            .into_iter()
            .filter(|d| d.done_at.is_none())
            .map(|d| (d.name, d.due))
            .collect(),
    }
}

/// Text from a record as one plain line.
fn plain(text: &str) -> String {
    sanitize_line(text.trim()).replace(['\n', '\r'], " ")
}

/// Escapes what a robot's markdown would interpret, so that a record's text shows as written
/// (WeCom and DingTalk markdown: emphasis, headings, links, quotes, lists, code, HTML tags).
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.'
            | '!' | '|' | '>' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// The body a robot's `text` message carries at most (WeCom: 2048 bytes of UTF-8), cut at a
/// character boundary.
pub fn clip(text: &str, max_bytes: usize) -> &str {
    if text.len() <= max_bytes {
        return text;
    }
    let mut end = max_bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_escaped() {
        assert_eq!(
            escape_markdown("**[x](http://e)** <font>\n# h"),
            "\\*\\*\\[x\\]\\(http://e\\)\\*\\* &lt;font\\> \\# h"
        );
    }

    #[test]
    fn clip_keeps_whole_characters() {
        assert_eq!(clip("水管爆裂", 7), "水管");
        assert_eq!(clip("ab", 7), "ab");
    }

    #[test]
    fn events_parse_by_slug() {
        for e in NotifyEvent::ALL {
            assert_eq!(NotifyEvent::parse(e.slug()), Some(e));
        }
        assert_eq!(NotifyEvent::parse("sms"), None);
    }
}
