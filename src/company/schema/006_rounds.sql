-- The daily inspection rounds (issue 14 §2, issue 19 §4): every area of an estate's table is
-- walked `patrols_per_day` times a local day. The server counts them as the desk does, so it
-- holds what the desk counted with:
--
-- * on the estate's row, the desk's area table (slugs in the order walked: the defaults, then
--   the config's `[[inspection.areas]]`) and its rounds a day, as the desk had them at its last
--   push (each push writes them when they changed; NULL until a desk of this version pushed);
-- * on a round's record row, the area walked (folded by the pusher).
--
-- Rows folded before are folded again by the next push (`folded_version` < 6); those that are
-- not rounds have nothing to gain from it and are marked folded at once.
ALTER TABLE estates
    ADD COLUMN round_areas text[],
    ADD COLUMN patrols_per_day integer CHECK (patrols_per_day >= 0);
ALTER TABLE records ADD COLUMN area text;
UPDATE records SET folded_version = 6 WHERE folded_version = 5 AND kind <> 'inspection';
DROP INDEX records_to_refold;
CREATE INDEX records_to_refold ON records (estate) WHERE folded_version < 6;
-- A day's rounds of every estate.
CREATE INDEX records_rounds ON records (received_at, estate, area)
    WHERE kind = 'inspection' AND NOT voided;
