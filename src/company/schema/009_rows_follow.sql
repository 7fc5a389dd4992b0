-- The record rows follow the events (issue 19 §Speed): a push stores its events batch after
-- batch, then writes the row of each record they touched once, folded as of the last event
-- stored (`company::catch_up`), instead of writing a record's row again with every batch that
-- holds one of its events. `rows_seq`: the event up to which the estate's record rows (and
-- their deadlines) are current; a push cut off between its events and its rows leaves it
-- behind, and the next push writes the rows of every record touched since. Rows pushed before
-- this version were written with their events: current up to the chain end.
ALTER TABLE estates ADD COLUMN rows_seq bigint NOT NULL DEFAULT 0 CHECK (rows_seq >= 0);
UPDATE estates SET rows_seq = last_seq;

-- No company query reads an estate's events by record: the reports read the record rows, and
-- an estate's chain is read in order of its key. The index on (estate, record_id, seq) took
-- each event in a random place of a 300 MB index (a million records' 3.8 M events), the
-- costliest upkeep of a first push. A record's history is still found by its estate's key
-- (`WHERE estate = … AND record_id = …`, about a second for 3.8 M events); a company that
-- reads histories often can create it again (docs/company.md).
DROP INDEX events_record;
