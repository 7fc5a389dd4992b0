//! `company overdue`: every estate's open matters past their next deadline now, counted and
//! listed by the server (`records_open_due`), by the desk's rule: past `due_at`, and its
//! `soon_at` come (a paused deadline waits for its resume).

use super::CompanyError;
use crate::config_company::Company;
use chrono::{DateTime, Utc};
use postgres::Client;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overdue {
    pub estate: String,
    pub id: String,
    pub kind: String,
    pub deadline: String,
    pub due: DateTime<Utc>,
    pub urgent: bool,
    pub room: Option<String>,
    pub summary: String,
}

/// Overdue per estate (every estate the server knows, 0 included), and the items, oldest due
/// first, at most `limit` (0: all).
pub struct OverdueNow {
    pub per_estate: Vec<(String, i64)>,
    pub items: Vec<Overdue>,
}

/// The desk's overdue rule (`store::list_sql`), on one estate or all.
const WHERE: &str = "open AND due_at < $1 AND soon_at <= $1 AND ($2::text IS NULL OR estate = $2)";

pub fn overdue(
    client: &mut Client,
    company: &Company,
    now: DateTime<Utc>,
    estate: Option<&str>,
    limit: u32,
) -> Result<OverdueNow, CompanyError> {
    let url = &company.url;
    let now = std::time::SystemTime::from(now);
    let per_estate = client
        .query(
            "SELECT e.estate, count(r.id) FROM estates e
               LEFT JOIN records r ON r.estate = e.estate AND r.open AND r.due_at < $1
                                  AND r.soon_at <= $1
              WHERE $2::text IS NULL OR e.estate = $2
              GROUP BY e.estate ORDER BY count(r.id) DESC, e.estate",
            &[&now, &estate],
        )
        .map_err(|e| CompanyError::of(e, url))?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let limit = if limit == 0 {
        None
    } else {
        Some(i64::from(limit))
    };
    let items = client
        .query(
            &format!(
                "SELECT estate, id, kind, coalesce(due_name, ''), due_at, urgent, room, summary
                   FROM records WHERE {WHERE}
                  ORDER BY due_at, estate, id LIMIT $3"
            ),
            &[&now, &estate, &limit],
        )
        .map_err(|e| CompanyError::of(e, url))?
        .iter()
        .map(|r| Overdue {
            estate: r.get(0),
            id: r.get(1),
            kind: r.get(2),
            deadline: r.get(3),
            due: DateTime::<Utc>::from(r.get::<_, std::time::SystemTime>(4)),
            urgent: r.get(5),
            room: r.get(6),
            summary: r.get(7),
        })
        .collect();
    Ok(OverdueNow { per_estate, items })
}
