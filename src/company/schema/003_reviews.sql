-- `company report` says everything the desk's reports say (issue 19 §4): per record row, the
-- callback made (form, whether the owner signed, satisfaction) and the quality follow-up; a
-- handover's shift change, signature and whether it came late; whether the status is open
-- (the daily "still open"); whether its kind and category repeat and its public place (recurring problems). The
-- deadlines JSON gains each deadline's pause and whether it was done late, times to the desk's
-- precision (pushed by the program of this version).
-- `folded_version`: 3 for rows folded by a pusher that writes all this; rows pushed before
-- stay 0 until `dutydesk company push --refold` (or their record changes).
ALTER TABLE records
    ADD COLUMN callback_form text,
    ADD COLUMN callback_signed boolean,
    ADD COLUMN satisfaction text,
    ADD COLUMN quality_called_back boolean NOT NULL DEFAULT false,
    ADD COLUMN shift_start timestamptz,
    ADD COLUMN signed_at timestamptz,
    ADD COLUMN signed_late boolean,
    ADD COLUMN status_open boolean NOT NULL DEFAULT false,
    ADD COLUMN repeatable boolean NOT NULL DEFAULT false,
    ADD COLUMN location text,
    ADD COLUMN folded_version integer NOT NULL DEFAULT 0;
-- The handovers of a day's shift changes.
CREATE INDEX records_shift_start ON records (shift_start) WHERE kind = 'handover' AND NOT voided;
-- The rows a pusher of this version has still to fold again (`company push` does it).
CREATE INDEX records_to_refold ON records (estate) WHERE folded_version < 3;
-- A period's records across every estate counted from the index alone (the month over 20
-- estates read the table before), and the records changed since a day began (the daily
-- report's candidates for its missed deadlines).
CREATE INDEX records_received_counted ON records (received_at)
    INCLUDE (estate, kind, category, class, voided, urgent);
CREATE INDEX records_updated ON records (updated_at);
