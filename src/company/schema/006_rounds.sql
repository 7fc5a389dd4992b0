-- The daily inspection rounds (issue 14 §2, issue 19 §4): every area of an estate's table is
-- walked `patrols_per_day` times a local day. The server counts them as the desk does, so it
-- holds what the desk counted with:
--
-- * on the estate's row, the desk's area table (slugs in the order walked: the defaults, then
--   the config's `[[inspection.areas]]`; beside them the names the config gives, '' for none)
--   and its rounds a day, as the desk had them at its last
--   push (each push writes them when they changed; NULL until a desk of this version pushed);
-- * on a round's record row, the area walked (folded by the pusher).
--
-- Rows folded before are folded again by each estate's next push (`folded_version` < 6), as
-- for versions 3 and 5. (Marking the rows that are not rounds as folded here was measured and
-- left out: 73 s for 1.8 M rows at load 8, every estate's push waiting on this migration, and
-- the next version that folds again would refold them all anyway.)
ALTER TABLE estates
    ADD COLUMN round_areas text[],
    ADD COLUMN round_area_names text[],
    ADD COLUMN patrols_per_day integer CHECK (patrols_per_day >= 0);
ALTER TABLE records ADD COLUMN area text;
DROP INDEX records_to_refold;
CREATE INDEX records_to_refold ON records (estate) WHERE folded_version < 6;
-- A day's rounds are read from records_kind_time (kind, received_at): about 1 ms for 20
-- estates of 100,000 records each, no index of their own needed.
