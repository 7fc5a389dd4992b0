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
    /// A deadline overdue (the escalation ladder: not built yet).
    Overdue,
}

impl NotifyEvent {
    pub const ALL: [Self; 4] = [Self::Urgent, Self::Dispatch, Self::Incident, Self::Overdue];

    pub fn slug(self) -> &'static str {
        match self {
            Self::Urgent => "urgent",
            Self::Dispatch => "dispatch",
            Self::Incident => "incident",
            Self::Overdue => "overdue",
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
}

impl Cause {
    pub fn event(&self) -> NotifyEvent {
        match self {
            Self::Urgent => NotifyEvent::Urgent,
            Self::Dispatch { .. } => NotifyEvent::Dispatch,
            Self::AtOnce | Self::Report { .. } => NotifyEvent::Incident,
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
