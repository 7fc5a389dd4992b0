-- `company report` (issue 19 §4): the records received in a period across every estate, and
-- the callbacks counted for the records resolved in it, found without reading the whole table.
CREATE INDEX records_received ON records (received_at);
CREATE INDEX records_resolved ON records (resolved_at) WHERE NOT voided;
