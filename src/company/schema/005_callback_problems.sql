-- The monthly review's problems found on callbacks (issue 17 §1, issue 19 §4): the record a
-- follow-up was opened from and why (an unsatisfied `callback`, a `work_order`, an
-- `inspection`), and when its written notice reached the repair staff. Rows folded before
-- are folded again by the next push (`folded_version` < 5).
ALTER TABLE records
    ADD COLUMN follow_up_of text,
    ADD COLUMN follow_up_by text,
    ADD COLUMN noticed_at timestamptz;
DROP INDEX records_to_refold;
CREATE INDEX records_to_refold ON records (estate) WHERE folded_version < 5;
CREATE INDEX records_callback_problems ON records (received_at) WHERE follow_up_by = 'callback';
