-- Each space is served from memory by one instance, its home (see SpaceHomes): the tuples table
-- holds what the homes stored, written before a write or take answers; hand-offs to waiting
-- takers are never stored. The waiting takers, the claims and the functions of V1 and V2 go.

-- tuples handed to a taker and not delivered when this version starts go back into their space
UPDATE tuples SET claimed_by = NULL, claimed_instance = NULL WHERE claimed_by IS NOT NULL;
DROP FUNCTION ts_take_or_wait(TEXT, JSONB, UUID, TIMESTAMPTZ);
DROP FUNCTION ts_write(TEXT, JSONB, TIMESTAMPTZ, DOUBLE PRECISION);
DROP FUNCTION ts_matches(JSONB, JSONB);
DROP TABLE takers;
DROP INDEX tuples_matching;
DROP INDEX tuples_claims;
ALTER TABLE tuples DROP COLUMN claimed_by, DROP COLUMN claimed_instance, ALTER COLUMN id DROP DEFAULT;
DROP SEQUENCE tuples_id_seq;
CREATE INDEX tuples_of_space ON tuples (space, id);

-- Tuple ids come in blocks of 1000 per instance (one nextval per block), so a home numbers its
-- writes without a round trip; a space's tuples load oldest first by id.
CREATE SEQUENCE tuple_ids INCREMENT BY 1000 MINVALUE 1 START WITH 1;
SELECT setval('tuple_ids', coalesce((SELECT max(id) FROM tuples), 0) + 1, false);

-- Where each instance takes requests relayed by the others.
ALTER TABLE instances ADD COLUMN address TEXT;

-- The home of each space: the instance serving it and the epoch of its claim. A home writes to the
-- tuples of a space only while this row names it with its epoch (checked in the same transaction),
-- so an instance taken for lost cannot write behind its successor's back.
CREATE TABLE space_homes (
    space    TEXT PRIMARY KEY REFERENCES spaces (name),
    instance UUID   NOT NULL,
    epoch    BIGINT NOT NULL
);

-- The credential instances present to each other's /cluster/ws: whoever reads this database may
-- act as an instance anyway.
CREATE TABLE cluster_secret (
    id    INT PRIMARY KEY CHECK (id = 1),
    token TEXT NOT NULL
);
INSERT INTO cluster_secret (id, token) VALUES (1, replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));
