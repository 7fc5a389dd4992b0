-- The company's view of every estate's desk (issue 19): each desk's events, keyed by estate
-- and sequence number with the hash chain, and each record's current state folded from them
-- by the pusher. Never edit a released migration: add the next file.

CREATE TABLE estates (
    estate     text PRIMARY KEY,
    -- The last event stored and its hash: a batch must continue from here.
    last_seq   bigint NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
    last_hash  bytea NOT NULL DEFAULT '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea,
    pushed_at  timestamptz
);

CREATE TABLE events (
    estate     text NOT NULL REFERENCES estates (estate),
    seq        bigint NOT NULL CHECK (seq > 0),
    record_id  text NOT NULL,
    at         timestamptz NOT NULL,
    written_at timestamptz NOT NULL,
    operator   text NOT NULL,
    action     text NOT NULL,
    -- The desk's JSON as it was hashed (text, not jsonb: the bytes must stay the same).
    payload    text NOT NULL,
    prev_hash  bytea NOT NULL,
    hash       bytea NOT NULL,
    PRIMARY KEY (estate, seq)
);
CREATE INDEX events_record ON events (estate, record_id, seq);

CREATE TABLE records (
    estate      text NOT NULL REFERENCES estates (estate),
    id          text NOT NULL,
    kind        text NOT NULL,
    status      text NOT NULL,
    open        boolean NOT NULL,
    voided      boolean NOT NULL,
    urgent      boolean NOT NULL,
    received_at timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    resolved_at timestamptz,
    category    text NOT NULL,
    channel     text,
    class       text,
    room        text,
    summary     text NOT NULL,
    assignee    text,
    repeat_of   text,
    -- The next open deadline (what `overdue` asks), and every deadline:
    -- [{"name", "due", "done_at"}], times in RFC 3339 UTC.
    due_at      timestamptz,
    due_name    text,
    -- From then on the next deadline is near; an overdue one counts only once this has come
    -- (a paused deadline waits for its resume), as on the desk.
    soon_at     timestamptz,
    deadlines   jsonb NOT NULL DEFAULT '[]',
    -- The last event folded into this row.
    seq         bigint NOT NULL,
    PRIMARY KEY (estate, id)
);
-- Every estate's overdue items now.
CREATE INDEX records_open_due ON records (due_at) WHERE open;
CREATE INDEX records_estate_open_due ON records (estate, due_at) WHERE open;
-- The periods of the reviews, per estate and across estates.
CREATE INDEX records_estate_time ON records (estate, kind, received_at);
CREATE INDEX records_kind_time ON records (kind, received_at);
