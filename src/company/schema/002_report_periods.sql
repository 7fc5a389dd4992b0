-- `company report` (issue 19 §4): the records received in a period across every estate, and
-- the callbacks counted for the records resolved in it, found without reading the whole table;
-- and which callback rate a resolved record counts in (`complaint`, `repair`, none) and whether
-- its callback was made, as the desk's report counts them.
ALTER TABLE records ADD COLUMN callback_rate text, ADD COLUMN called_back boolean NOT NULL DEFAULT false;
CREATE INDEX records_received ON records (received_at);
CREATE INDEX records_resolved ON records (resolved_at) WHERE NOT voided;
