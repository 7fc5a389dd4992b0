-- Every record's deadlines as rows (issue 19 §Speed): one row per deadline of a record row,
-- written by the pusher's fold in the transaction that writes the record row (the row's
-- deadlines are replaced whole whenever the row is), so that a quarter's or a year's reports
-- read typed, indexed columns instead of each record's deadlines JSON (which stays, as it
-- was). Beside each deadline (name, due, done, late, pause), what the reports select it by:
-- its record's kind and category, when it was received and resolved, and whether it was
-- voided.
CREATE TABLE deadlines (
    estate      text NOT NULL,
    record_id   text NOT NULL,
    -- Its place in the record's list (`domain::deadline::deadlines`), from 0.
    n           smallint NOT NULL,
    name        text NOT NULL,
    -- Null while a pause without an end holds it.
    due         timestamptz,
    done_at     timestamptz,
    -- Done after its due, as the desk decides it (to its own precision); null while not done.
    late        boolean,
    held_since  timestamptz,
    held_until  timestamptz,
    kind        text NOT NULL,
    category    text NOT NULL,
    received_at timestamptz NOT NULL,
    resolved_at timestamptz,
    voided      boolean NOT NULL,
    -- No foreign key to `records`: the pusher writes both in one transaction, and a check
    -- per row would slow a first push.
    PRIMARY KEY (estate, record_id, n)
);
-- The deadlines of the records received in a period (every name but the callbacks), and the
-- callbacks of the records resolved in it.
CREATE INDEX deadlines_received ON deadlines (received_at);
CREATE INDEX deadlines_resolved_callbacks ON deadlines (resolved_at) WHERE name = 'callback';
-- The complaints' (their first reply and reply on time).
CREATE INDEX deadlines_complaints ON deadlines (received_at)
    WHERE kind = 'call' AND category = 'complaint';

-- The rows pushed before: their deadlines from their JSON, `late` as the reports read it
-- until now (the desk's word, or for a row folded before schema 3 its times to the second).
INSERT INTO deadlines (estate, record_id, n, name, due, done_at, late, held_since, held_until,
                       kind, category, received_at, resolved_at, voided)
SELECT r.estate, r.id, d.n - 1, d.name, d.due, d.done_at,
       CASE WHEN d.done_at IS NOT NULL THEN coalesce(d.late, d.done_at > d.due) END,
       d.held_since, d.held_until, r.kind, r.category, r.received_at, r.resolved_at,
       r.voided
  FROM records r,
       ROWS FROM (jsonb_to_recordset(r.deadlines)
                  AS (name text, due timestamptz, done_at timestamptz, late boolean,
                      held_since timestamptz, held_until timestamptz))
           WITH ORDINALITY AS d(name, due, done_at, late, held_since, held_until, n);

-- Whether a record row has a `callback` deadline (the callbacks it owes, counted for the
-- records resolved in a period), written with its deadlines; null on a row folded before this
-- version (its JSON is asked instead).
ALTER TABLE records ADD COLUMN owes_callback boolean;

-- A pusher older than this version keeps the record rows but not their deadlines: rows it
-- writes (`folded_version` below 8) are folded again by the next push of this version.
DROP INDEX records_to_refold;
CREATE INDEX records_to_refold ON records (estate) WHERE folded_version < 8;
ANALYZE deadlines;
