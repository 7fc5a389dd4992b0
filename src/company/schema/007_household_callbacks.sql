-- The yearly household callbacks (issue 19 §4; DOMAIN.md §4: every occupied household called
-- back once a calendar year): what of each estate's residents directory the rate needs, and
-- nothing more. No room, name, phone, ID number or owner's words: each household is a keyed
-- hash of its room (the key never leaves the desk), each callback its time and whether it
-- reached the household. Pushed by `company::households`, incrementally along the directory's
-- own hash chain, as the events are along theirs. Never edit a released migration: add the
-- next file.

-- Where each estate's directory chain stands on the server: its last change pushed, and a
-- keyed mark of that change's hash (the desk's hash itself is not sent: an edit's hash could
-- be tried against guessed phone numbers). A batch moves the end only from where it starts.
CREATE TABLE resident_chains (
    estate    text PRIMARY KEY REFERENCES estates (estate),
    last_seq  bigint NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
    last_mark bytea NOT NULL DEFAULT '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea,
    pushed_at timestamptz
);

-- Each household of the directory, occupied or not now (moving in and out reach it), and the
-- directory's change that last set that.
CREATE TABLE households (
    estate    text NOT NULL REFERENCES estates (estate),
    household bytea NOT NULL CHECK (length(household) = 32),
    occupied  boolean NOT NULL,
    seq       bigint NOT NULL CHECK (seq > 0),
    PRIMARY KEY (estate, household)
);

-- Each yearly callback, tries that reached nobody (`no_answer`) included: its change's number
-- on the directory's chain, the household, when, and whether it reached the household.
CREATE TABLE household_callbacks (
    estate    text NOT NULL REFERENCES estates (estate),
    seq       bigint NOT NULL CHECK (seq > 0),
    household bytea NOT NULL CHECK (length(household) = 32),
    at        timestamptz NOT NULL,
    reached   boolean NOT NULL,
    PRIMARY KEY (estate, seq)
);
-- The monthly report: was this household reached between 1 January and the month's end?
CREATE INDEX household_callbacks_reached ON household_callbacks (estate, household, at)
    WHERE reached;

-- As for the events (schema 4): the chain end moves only forward, and nothing is stored past
-- the end its transaction moved.
CREATE FUNCTION resident_chains_end_moves_forward() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.last_seq < OLD.last_seq
       OR (NEW.last_seq = OLD.last_seq AND NEW.last_mark <> OLD.last_mark) THEN
        RAISE EXCEPTION 'the residents chain end of estate ''%'' moves only forward (from #% to #%)',
              OLD.estate, OLD.last_seq, NEW.last_seq
              USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER resident_chains_end_moves_forward
    BEFORE UPDATE OF last_seq, last_mark ON resident_chains
    FOR EACH ROW EXECUTE FUNCTION resident_chains_end_moves_forward();

CREATE FUNCTION households_within_the_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM resident_chains
                    WHERE estate = NEW.estate AND NEW.seq <= last_seq) THEN
        RAISE EXCEPTION 'change #% of estate ''%''s residents directory lies past its chain end on the server',
              NEW.seq, NEW.estate
              USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER households_within_the_chain
    BEFORE INSERT OR UPDATE ON households
    FOR EACH ROW EXECUTE FUNCTION households_within_the_chain();
CREATE TRIGGER household_callbacks_within_the_chain
    BEFORE INSERT ON household_callbacks
    FOR EACH ROW EXECUTE FUNCTION households_within_the_chain();
