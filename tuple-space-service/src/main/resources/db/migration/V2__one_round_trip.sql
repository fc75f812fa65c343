-- A write and a blocked take in one round trip each: the space lock, the choice of taker and the
-- insert (or the claim of a stored tuple and the queueing of a taker) run in the database, in the
-- caller's transaction. Each statement of a volatile PL/pgSQL function takes a new snapshot, so
-- what follows the lock sees every transaction that committed before it was granted.

-- Template matching as Template.matches does it: same length; null any field; {"type": t} a field of
-- JSON type t; any other value an equal field (jsonb compares numbers by value: 1 = 1.0).
CREATE FUNCTION ts_matches(template JSONB, candidate JSONB) RETURNS BOOLEAN
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    pattern JSONB;
BEGIN
    IF jsonb_array_length(template) <> jsonb_array_length(candidate) THEN
        RETURN FALSE;
    END IF;
    FOR i IN 0 .. jsonb_array_length(template) - 1 LOOP
        pattern := template -> i;
        IF jsonb_typeof(pattern) = 'null' THEN
            CONTINUE;
        ELSIF jsonb_typeof(pattern) = 'object' THEN
            IF jsonb_typeof(candidate -> i) IS DISTINCT FROM pattern ->> 'type' THEN
                RETURN FALSE;
            END IF;
        ELSIF (candidate -> i) <> pattern THEN
            RETURN FALSE;
        END IF;
    END LOOP;
    RETURN TRUE;
END $$;

-- Stores a tuple, or hands it to the oldest live taker it matches (the row stays, claimed), and
-- notifies every instance with the payload WriteEvent reads.
CREATE FUNCTION ts_write(p_space TEXT, p_fields JSONB, p_expires_at TIMESTAMPTZ, p_lost_after_seconds DOUBLE PRECISION,
                         OUT o_tuple_id BIGINT, OUT o_taker_id BIGINT)
LANGUAGE plpgsql AS $$
DECLARE
    waiting RECORD;
    v_instance UUID;
BEGIN
    PERFORM pg_advisory_xact_lock(1951, hashtext(p_space));
    FOR waiting IN
        SELECT t.id, t.template, t.instance FROM takers t JOIN instances i ON i.id = t.instance
        WHERE t.space = p_space AND t.arity = jsonb_array_length(p_fields)
          AND (t.expires_at IS NULL OR t.expires_at > now())
          AND i.seen_at > now() - make_interval(secs => p_lost_after_seconds)
        ORDER BY t.id
    LOOP
        IF ts_matches(waiting.template, p_fields) THEN
            -- a taker cancelling at this moment deleted its row first, or finds it gone and waits for this tuple
            DELETE FROM takers WHERE id = waiting.id;
            IF FOUND THEN
                o_taker_id := waiting.id;
                v_instance := waiting.instance;
                EXIT;
            END IF;
        END IF;
    END LOOP;
    INSERT INTO tuples (space, arity, fields, expires_at, claimed_by, claimed_instance)
    VALUES (p_space, jsonb_array_length(p_fields), p_fields, p_expires_at, o_taker_id, v_instance)
    RETURNING id INTO o_tuple_id;
    PERFORM pg_notify('tuplespace', json_build_object('s', p_space, 't', o_tuple_id, 'f', p_fields,
        'e', (extract(epoch FROM p_expires_at) * 1000)::BIGINT, 'w', o_taker_id, 'i', v_instance)::TEXT);
END $$;

-- Takes the oldest live matching tuple, or queues a taker that the next matching write hands its tuple to.
CREATE FUNCTION ts_take_or_wait(p_space TEXT, p_template JSONB, p_instance UUID, p_wait_until TIMESTAMPTZ,
                                OUT o_fields JSONB, OUT o_taker_id BIGINT)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(1951, hashtext(p_space));
    DELETE FROM tuples WHERE tuples.id = (
        SELECT c.id FROM tuples c
        WHERE c.space = p_space AND c.arity = jsonb_array_length(p_template) AND c.claimed_by IS NULL
          AND (c.expires_at IS NULL OR c.expires_at > now()) AND ts_matches(p_template, c.fields)
        ORDER BY c.id LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING tuples.fields INTO o_fields;
    IF o_fields IS NULL THEN
        INSERT INTO takers (space, arity, template, instance, expires_at)
        VALUES (p_space, jsonb_array_length(p_template), p_template, p_instance, p_wait_until)
        RETURNING id INTO o_taker_id;
    END IF;
END $$;
