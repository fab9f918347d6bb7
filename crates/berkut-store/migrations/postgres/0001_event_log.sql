-- Berkut event log and first projections (PostgreSQL).
-- Logical schema must equal migrations/sqlite/0001_event_log.sql (tested).

CREATE TABLE log_head (
    id   BIGINT PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT   NOT NULL
);
INSERT INTO log_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE events (
    seq         BIGINT PRIMARY KEY,
    recorded_at TEXT   NOT NULL,
    actor       TEXT   NOT NULL,
    kind        TEXT   NOT NULL,
    subject     TEXT   NOT NULL,
    payload     TEXT   NOT NULL,
    prev_hash   TEXT   NOT NULL,
    hash        TEXT   NOT NULL
);
CREATE INDEX events_subject ON events (subject, seq);

CREATE FUNCTION berkut_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events are append-only';
END
$$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
FOR EACH ROW EXECUTE FUNCTION berkut_events_append_only();

CREATE TABLE persons (
    id          TEXT   PRIMARY KEY,
    data        TEXT   NOT NULL,
    created_seq BIGINT NOT NULL REFERENCES events (seq),
    updated_seq BIGINT NOT NULL REFERENCES events (seq)
);

CREATE TABLE bans (
    id          TEXT   PRIMARY KEY,
    person_id   TEXT   NOT NULL REFERENCES persons (id),
    ground      TEXT   NOT NULL,
    status      TEXT   NOT NULL,
    source      TEXT   NOT NULL,
    data        TEXT   NOT NULL,
    created_seq BIGINT NOT NULL REFERENCES events (seq),
    updated_seq BIGINT NOT NULL REFERENCES events (seq)
);
CREATE INDEX bans_person ON bans (person_id);
CREATE INDEX bans_status ON bans (status, ground);

CREATE TABLE ban_history (
    ban_id  TEXT   NOT NULL REFERENCES bans (id),
    seq     BIGINT NOT NULL REFERENCES events (seq),
    summary TEXT   NOT NULL,
    PRIMARY KEY (ban_id, seq)
);
