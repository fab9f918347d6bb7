-- Emergency declarations (expired documents stay valid within their scope).
CREATE TABLE emergencies (
    id          TEXT   PRIMARY KEY,
    status      TEXT   NOT NULL,
    data        TEXT   NOT NULL,
    created_seq BIGINT NOT NULL REFERENCES events (seq),
    updated_seq BIGINT NOT NULL REFERENCES events (seq)
);
