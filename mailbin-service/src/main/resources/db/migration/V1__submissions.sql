-- One row per accepted submission; the id comes from the record, so a redelivered record
-- hits the primary key and is not stored twice.
CREATE TABLE submission (
    id          uuid        PRIMARY KEY,
    form_id     text        NOT NULL CHECK (length(form_id) BETWEEN 1 AND 64),
    received_at timestamptz NOT NULL,
    stored_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    source      text        NOT NULL,
    client_ip   text,
    user_agent  text,
    -- json, not jsonb: keeps the fields in the order the submitter sent them
    fields      json        NOT NULL,
    -- full-text search over every submitted value (not the field names), no stemming
    search      tsvector    GENERATED ALWAYS AS (jsonb_to_tsvector('simple', fields::jsonb, '["string"]')) STORED
);

CREATE INDEX submission_form_newest ON submission (form_id, received_at DESC, id DESC);
CREATE INDEX submission_newest ON submission (received_at DESC, id DESC);
CREATE INDEX submission_search ON submission USING gin (search);
