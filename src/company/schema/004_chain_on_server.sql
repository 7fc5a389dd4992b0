-- The chain checked by the server itself (issue 19 §2): until now only the pusher's
-- transaction checked that a batch continues the estate's stored chain, so a client holding
-- the push role and bypassing dutydesk could store events that do not. From this version:
--
-- * an event is stored only if its previous hash is the stored hash of the estate's event
--   seq - 1 (the genesis hash for event 1), and only within the chain end its writer moved
--   (seq <= estates.last_seq): events_continue_the_chain, once per INSERT or COPY statement,
--   over the rows it stored (a batch re-sent whole with ON CONFLICT DO NOTHING stores none
--   and passes);
-- * an estate's chain end moves only forward (estates_end_moves_forward), and at commit it is
--   an event stored with that hash (estates_end_is_stored), so that it moves only along
--   events stored in order.
--
-- The server cannot recompute an event's own hash (BLAKE3 of its fields; PostgreSQL has no
-- BLAKE3): it checks the links, the desk the hashes. Never edit a released migration: add the
-- next file.

-- Set-based, once per statement: within the rows stored, each event's previous hash is the
-- hash of the event before it among them; only the first of an estate's rows is looked up
-- among the events stored before (one index probe per estate, not per event).
CREATE FUNCTION events_continue_the_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    WITH n AS MATERIALIZED (SELECT estate, seq, prev_hash, hash FROM stored_now),
    ends AS (SELECT estate, min(seq) AS lo, max(seq) AS hi FROM n GROUP BY estate)
    SELECT estate, seq, why INTO bad FROM (
        SELECT ends.estate, ends.hi AS seq,
               'its estate''s chain end was not moved to it' AS why
          FROM ends
          LEFT JOIN estates e ON e.estate = ends.estate AND ends.hi <= e.last_seq
         WHERE e.estate IS NULL
        UNION ALL
        SELECT n.estate, n.seq,
               'its previous hash is not the stored hash of the event before it'
          FROM ends
          JOIN n ON n.estate = ends.estate AND n.seq = ends.lo
          LEFT JOIN events s ON s.estate = n.estate AND s.seq = n.seq - 1
         WHERE CASE WHEN n.seq = 1
                    THEN n.prev_hash <> '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea
                    ELSE s.hash IS DISTINCT FROM n.prev_hash
               END
        UNION ALL
        SELECT n.estate, n.seq,
               'its previous hash is not the stored hash of the event before it'
          FROM n
          JOIN ends ON ends.estate = n.estate AND n.seq > ends.lo
          LEFT JOIN n p ON p.estate = n.estate AND p.seq = n.seq - 1
         WHERE p.hash IS DISTINCT FROM n.prev_hash
    ) broken
    ORDER BY estate, seq
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'event #% of estate ''%'' does not continue the chain stored on the server: %',
              bad.seq, bad.estate, bad.why
              USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER events_continue_the_chain
    AFTER INSERT ON events
    REFERENCING NEW TABLE AS stored_now
    FOR EACH STATEMENT EXECUTE FUNCTION events_continue_the_chain();

CREATE FUNCTION estates_end_moves_forward() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.last_seq < OLD.last_seq
       OR (NEW.last_seq = OLD.last_seq AND NEW.last_hash <> OLD.last_hash) THEN
        RAISE EXCEPTION 'the chain end of estate ''%'' moves only forward (from #% to #%)',
              OLD.estate, OLD.last_seq, NEW.last_seq
              USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER estates_end_moves_forward
    BEFORE UPDATE OF last_seq, last_hash ON estates
    FOR EACH ROW EXECUTE FUNCTION estates_end_moves_forward();

-- At commit, after the transaction's events are in: the end is a stored event. Read again,
-- not from NEW, since a transaction may move the end more than once.
CREATE FUNCTION estates_end_is_stored() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    end_seq  bigint;
    end_hash bytea;
BEGIN
    SELECT last_seq, last_hash INTO end_seq, end_hash FROM estates WHERE estate = NEW.estate;
    IF end_seq = 0 THEN
        IF end_hash <> '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea THEN
            RAISE EXCEPTION 'estate ''%'' holds no event: its chain end is the genesis hash',
                  NEW.estate USING ERRCODE = 'check_violation';
        END IF;
    ELSIF NOT EXISTS (SELECT 1 FROM events
                       WHERE estate = NEW.estate AND seq = end_seq AND hash = end_hash) THEN
        RAISE EXCEPTION 'the chain end of estate ''%'' (#%) is not an event stored with that hash',
              NEW.estate, end_seq USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER estates_end_is_stored
    AFTER INSERT OR UPDATE OF last_seq, last_hash ON estates
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION estates_end_is_stored();
