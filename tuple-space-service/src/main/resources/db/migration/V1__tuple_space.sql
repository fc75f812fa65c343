-- Tuples of every space, oldest first by id. A tuple handed to a waiting taker by its write stays
-- here, claimed, until the taker's instance delivered it (or, if that instance is lost, it is
-- written back): so a hand-off survives a lost notification.
CREATE TABLE tuples (
    id               BIGSERIAL PRIMARY KEY,
    space            TEXT        NOT NULL,
    arity            INT         NOT NULL,
    fields           JSONB       NOT NULL,
    expires_at       TIMESTAMPTZ,
    written_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    claimed_by       BIGINT,
    claimed_instance UUID
);
CREATE INDEX tuples_matching ON tuples (space, arity, id) WHERE claimed_by IS NULL;
CREATE INDEX tuples_expiry ON tuples (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX tuples_claims ON tuples (claimed_instance) WHERE claimed_instance IS NOT NULL;

-- Takers blocked on some instance, in the order they started waiting: the id decides which
-- taker a write goes to, across instances.
CREATE TABLE takers (
    id         BIGSERIAL PRIMARY KEY,
    space      TEXT        NOT NULL,
    arity      INT         NOT NULL,
    template   JSONB       NOT NULL,
    instance   UUID        NOT NULL,
    expires_at TIMESTAMPTZ
);
CREATE INDEX takers_waiting ON takers (space, arity, id);
CREATE INDEX takers_instance ON takers (instance);

-- The instances sharing this database, alive while their heartbeat is recent.
CREATE TABLE instances (
    id         UUID PRIMARY KEY,
    started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    seen_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Spaces exist from their first write, and are counted against tuplespace.limits.max-spaces.
CREATE TABLE spaces (
    name       TEXT PRIMARY KEY,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
