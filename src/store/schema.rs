//! The schema, as numbered migrations. Never edit a released migration: add the next one.

use rusqlite_migration::{M, Migrations};

/// `PRAGMA application_id` of a dutydesk database ("DUTY").
pub const APPLICATION_ID: i32 = 0x4455_5459;

const V1: &str = r#"
PRAGMA application_id = 1146442841;

CREATE TABLE records (
    rowid        INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL,
    status       TEXT NOT NULL,
    open         INTEGER NOT NULL,
    voided       INTEGER NOT NULL DEFAULT 0,
    urgent       INTEGER NOT NULL DEFAULT 0,
    received_at  INTEGER NOT NULL,
    written_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    category     TEXT,
    channel      TEXT,
    class        TEXT,
    room         TEXT,
    location     TEXT,
    phone        TEXT,
    name         TEXT,
    summary      TEXT NOT NULL,
    assignee     TEXT,
    repeat_of    TEXT,
    due_at       INTEGER,
    due_name     TEXT,
    soon_at      INTEGER
);
CREATE INDEX records_kind_time ON records(kind, received_at);
CREATE INDEX records_time ON records(received_at);
CREATE INDEX records_open_due ON records(kind, due_at) WHERE open = 1;
CREATE INDEX records_repeat ON records(room, kind, category, received_at) WHERE room IS NOT NULL;

CREATE TABLE events (
    seq          INTEGER PRIMARY KEY,
    record       INTEGER NOT NULL REFERENCES records(rowid),
    at           INTEGER NOT NULL,
    written_at   INTEGER NOT NULL,
    operator     TEXT NOT NULL,
    action       TEXT NOT NULL,
    payload      TEXT NOT NULL,
    prev_hash    BLOB NOT NULL,
    hash         BLOB NOT NULL
);
CREATE INDEX events_record ON events(record, seq);

CREATE TABLE counters (
    kind  TEXT NOT NULL,
    year  INTEGER NOT NULL,
    last  INTEGER NOT NULL,
    PRIMARY KEY (kind, year)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE search USING fts5(
    body,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
"#;

/// Handovers are found by the shift change they belong to.
const V2: &str = r#"
ALTER TABLE records ADD COLUMN shift_key INTEGER;
CREATE INDEX records_handover ON records(shift_key) WHERE shift_key IS NOT NULL;
"#;

/// Records flagged for the next shift are found without reading their events.
const V3: &str = r#"
ALTER TABLE records ADD COLUMN watch INTEGER NOT NULL DEFAULT 0;
UPDATE records SET watch = 1
 WHERE open = 1 AND rowid IN (
   SELECT e.record FROM events e
    WHERE e.action = 'watch'
      AND e.seq = (SELECT max(seq) FROM events
                    WHERE record = e.record AND action IN ('watch', 'unwatch')));
"#;

/// The search index also holds each record's kind, so that a tab's filter is one lookup in the
/// index (the words and the kind together) instead of a walk over every record with the words.
/// The index keeps no text: the migration rebuilds it from the records' histories.
const V4: &str = r#"
DROP TABLE search;
CREATE VIRTUAL TABLE search USING fts5(
    body,
    kind,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
"#;

/// An index on the record alone already ends in the row id, which is `seq`: the same order as
/// (record, seq) without storing the sequence number twice (two thirds of the size).
const V5: &str = r#"
DROP INDEX events_record;
CREATE INDEX events_record ON events(record);
"#;

/// A few facts about the file as a whole: under which deadline rules its open records' deadline
/// columns were worked out (`rules`), and which repeat windows decided `repeat_of` so far
/// (`repeat_windows`): `verify` compares those columns only under the same rules.
const V6: &str = r#"
CREATE TABLE meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;
"#;

/// Repeats (`domain::repeats`): the records that repeat one are found from it
/// (`records_repeated`), and a record at a public location finds the earlier ones of its kind
/// there without walking the rooms (`records_place`). `repeat_of` itself is worked out again
/// under the new rule by the first write (`store::rules`, `meta.repeat_rule`).
const V7: &str = r#"
CREATE INDEX IF NOT EXISTS records_repeated ON records(repeat_of) WHERE repeat_of IS NOT NULL;
CREATE INDEX IF NOT EXISTS records_place ON records(kind, category, received_at) WHERE room IS NULL;
"#;

/// The residents directory (`store::residents`): each household's changes in their own hash
/// chain, and the rows lookups read, derived from it: by room, by phone and its last 4 digits,
/// by the pinyin initials of every name. Self-contained: new tables only.
const V8: &str = r#"
CREATE TABLE IF NOT EXISTS resident_events (
    seq          INTEGER PRIMARY KEY,
    room         TEXT NOT NULL,
    at           INTEGER NOT NULL,
    written_at   INTEGER NOT NULL,
    operator     TEXT NOT NULL,
    action       TEXT NOT NULL,
    payload      TEXT NOT NULL,
    prev_hash    BLOB NOT NULL,
    hash         BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS resident_events_room ON resident_events(room);
CREATE TABLE IF NOT EXISTS households (
    room         TEXT PRIMARY KEY,
    owner        TEXT,
    tenant       TEXT,
    occupied     INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    body         TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS household_phones (
    phone        TEXT NOT NULL,
    last4        TEXT NOT NULL,
    room         TEXT NOT NULL,
    PRIMARY KEY (phone, room)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS household_phones_last4 ON household_phones(last4);
CREATE INDEX IF NOT EXISTS household_phones_room ON household_phones(room);
CREATE TABLE IF NOT EXISTS household_names (
    initials     TEXT NOT NULL,
    name         TEXT NOT NULL,
    room         TEXT NOT NULL,
    PRIMARY KEY (initials, name, room)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS household_names_room ON household_names(room);
CREATE INDEX IF NOT EXISTS household_names_name ON household_names(name);
"#;

/// The quality follow-up of repairs (`domain::callbacks::quality_window`): `quality_from` is
/// the resolve time of a repair whose quality follow-up is owed and not yet made (NULL for any
/// other record), so that the ones whose window is open are found by that time alone
/// (`records_quality`), a walk of the window, not of the file. Filled from each repair's
/// resolve event: every repair resolved owes one unless the resolve recorded `not_owed`.
/// (The column is added by `add_quality_from` first, only where it is missing.)
const V9: &str = r#"
UPDATE records SET quality_from = (
    SELECT max(e.at) FROM events e
     WHERE e.record = records.rowid AND e.action = 'resolve'
       AND coalesce(json_extract(e.payload, '$.callback'), '') != 'not_owed')
 WHERE kind = 'repair' AND status IN ('resolved', 'closed');
CREATE INDEX IF NOT EXISTS records_quality ON records(quality_from) WHERE quality_from IS NOT NULL;
"#;

/// Reports (`Store::resolved_between`) read the resolve events of a period, not every event.
const V10: &str = r#"
CREATE INDEX IF NOT EXISTS events_resolve ON events(at) WHERE action = 'resolve';
"#;

/// The search index as the latest schema has it (schema 11; `repair-index` makes it afresh).
macro_rules! search_table {
    () => {
        "
DROP TABLE IF EXISTS search;
CREATE VIRTUAL TABLE search USING fts5(
    body,
    kind,
    tokenize = 'unicode61 remove_diacritics 2'
);
"
    };
}

/// Schema 11, self-contained (everything it makes, it drops first or makes only if missing):
///
/// The search index keeps its own copy of each entry's text (FTS5's ordinary layout), so that an
/// entry is replaced by its row id alone and SQLite 3.40 (Debian 12's `sqlite3`, Python's
/// `sqlite3` module) reads the file: the `contentless_delete` option of schemas 1 to 10 needs
/// 3.43, and an older SQLite fails every query that touches the table. Rebuilt from the records'
/// histories by the migration's hook. Self-contained: the table is dropped and made afresh.
const V11: &str = concat!(
    search_table!(),
    r#"
-- Events by time (`store::times`): each hour's first and last event by sequence number, kept
-- by a trigger whichever program writes the event.
DROP TRIGGER IF EXISTS events_hour;
DROP TABLE IF EXISTS event_hours;
CREATE TABLE event_hours (
    hour       INTEGER PRIMARY KEY,
    first_seq  INTEGER NOT NULL,
    last_seq   INTEGER NOT NULL
);
INSERT INTO event_hours(hour, first_seq, last_seq)
     SELECT at / 3600, min(seq), max(seq) FROM events GROUP BY at / 3600;
CREATE TRIGGER events_hour AFTER INSERT ON events BEGIN
    INSERT INTO event_hours(hour, first_seq, last_seq) VALUES (new.at / 3600, new.seq, new.seq)
        ON CONFLICT(hour) DO UPDATE SET first_seq = min(first_seq, excluded.first_seq),
                                        last_seq = max(last_seq, excluded.last_seq);
END;

-- How many records of each kind are in each status (`stats`), kept by triggers.
DROP TRIGGER IF EXISTS records_count_insert;
DROP TRIGGER IF EXISTS records_count_update;
DROP TRIGGER IF EXISTS records_count_delete;
DROP TABLE IF EXISTS record_counts;
CREATE TABLE record_counts (
    kind    TEXT NOT NULL,
    status  TEXT NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (kind, status)
) WITHOUT ROWID;
INSERT INTO record_counts(kind, status, n) SELECT kind, status, count(*) FROM records GROUP BY kind, status;
CREATE TRIGGER records_count_insert AFTER INSERT ON records BEGIN
    INSERT INTO record_counts(kind, status, n) VALUES (new.kind, new.status, 1)
        ON CONFLICT(kind, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER records_count_update AFTER UPDATE OF kind, status ON records
  WHEN old.kind IS NOT new.kind OR old.status IS NOT new.status BEGIN
    UPDATE record_counts SET n = n - 1 WHERE kind = old.kind AND status = old.status;
    INSERT INTO record_counts(kind, status, n) VALUES (new.kind, new.status, 1)
        ON CONFLICT(kind, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER records_count_delete AFTER DELETE ON records BEGIN
    UPDATE record_counts SET n = n - 1 WHERE kind = old.kind AND status = old.status;
END;
"#
);

/// Schema 12, notifications (issue 18): the outbox, written in the transaction of the event that causes
/// each message (`store/outbox.rs`), and the one sender's lease. Self-contained: it creates
/// only its own tables.
const V12: &str = r#"
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    event TEXT NOT NULL,
    record TEXT,
    body TEXT NOT NULL,
    created INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_try INTEGER NOT NULL,
    last_try INTEGER,
    last_error TEXT,
    delivered_at INTEGER
);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox(next_try) WHERE delivered_at IS NULL;
CREATE INDEX IF NOT EXISTS outbox_sent ON outbox(channel, last_try);
CREATE TABLE IF NOT EXISTS notify_lease (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    holder TEXT NOT NULL,
    until INTEGER NOT NULL
);
"#;

/// Schema 13, the escalation ladder (issue 18): each step sent for a record's deadline, once
/// (`store/outbox.rs`, written in the transaction of the step's messages), and each shift
/// change whose unsigned handover was told to the manager. Self-contained: it creates only
/// its own tables.
const V13: &str = r#"
CREATE TABLE IF NOT EXISTS notify_steps (
    record TEXT NOT NULL,
    deadline TEXT NOT NULL,
    step TEXT NOT NULL,
    sent_at INTEGER NOT NULL,
    PRIMARY KEY (record, deadline, step)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS notify_handovers (
    shift_start INTEGER PRIMARY KEY,
    sent_at INTEGER NOT NULL
);
"#;

/// Every migration's SQL, in order; the schema version is the number applied.
pub const STEPS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11, V12, V13];

/// The search index's definition as the latest schema has it (`repair-index` makes it afresh).
pub const SEARCH_TABLE: &str = search_table!();

pub fn migrations() -> Migrations<'static> {
    Migrations::new(
        STEPS
            .iter()
            .enumerate()
            .map(|(i, sql)| match i + 1 {
                4 | 11 => M::up_with_hook(sql, |tx: &rusqlite::Transaction| {
                    super::records::reindex_all(tx).map_err(Into::into)
                }),
                9 => M::up_with_hook("", |tx: &rusqlite::Transaction| {
                    add_quality_from(tx)?;
                    tx.execute_batch(V9).map_err(Into::into)
                }),
                _ => M::up(sql),
            })
            .collect(),
    )
}

/// Schema 9's column, unless the file has it already.
fn add_quality_from(tx: &rusqlite::Transaction) -> rusqlite::Result<()> {
    let has: bool = tx.query_row(
        "SELECT count(*) > 0 FROM pragma_table_info('records') WHERE name = 'quality_from'",
        [],
        |r| r.get(0),
    )?;
    if !has {
        tx.execute_batch("ALTER TABLE records ADD COLUMN quality_from INTEGER;")?;
    }
    Ok(())
}

/// The schema version this program writes.
pub fn latest_version() -> usize {
    STEPS.len()
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        super::migrations().validate().unwrap();
    }
}
