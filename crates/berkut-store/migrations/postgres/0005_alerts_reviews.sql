-- Alerts, attempts per ban, review items and the review memory: projections
-- of attempt.recorded, alert.acknowledged, alert.closed, review.opened and
-- review.resolved. Rows are never deleted.
-- Logical schema must equal the other backend's 0005_alerts_reviews.sql (tested).

-- One alert per attempt.recorded event; seq is that event's seq (the SSE id).
CREATE TABLE alerts (
    id              TEXT   PRIMARY KEY,
    seq             BIGINT NOT NULL UNIQUE REFERENCES events (seq),
    status          TEXT   NOT NULL,
    screening_id    TEXT   NOT NULL,
    entry_id        TEXT   NOT NULL,
    raised_by       TEXT   NOT NULL,
    raised_at       TEXT   NOT NULL,
    data            TEXT   NOT NULL,
    acknowledged_by TEXT,
    acknowledged_at TEXT,
    closed_by       TEXT,
    closed_at       TEXT,
    note            TEXT,
    updated_seq     BIGINT NOT NULL REFERENCES events (seq)
);
CREATE INDEX alerts_status ON alerts (status, seq);
CREATE INDEX alerts_raised_by ON alerts (raised_by, seq);

-- Attempts counted per registry ban.
CREATE TABLE ban_attempts (
    ban_id TEXT   NOT NULL REFERENCES bans (id),
    seq    BIGINT NOT NULL REFERENCES events (seq),
    PRIMARY KEY (ban_id, seq)
);

CREATE TABLE reviews (
    id                    TEXT   PRIMARY KEY,
    status                TEXT   NOT NULL,
    screening_id          TEXT   NOT NULL,
    entry_id              TEXT   NOT NULL,
    traveller_fingerprint TEXT   NOT NULL,
    entry_version         TEXT   NOT NULL,
    opened_at             TEXT   NOT NULL,
    data                  TEXT   NOT NULL,
    outcome               TEXT,
    note                  TEXT,
    resolved_by           TEXT,
    resolved_at           TEXT,
    created_seq           BIGINT NOT NULL REFERENCES events (seq),
    updated_seq           BIGINT NOT NULL REFERENCES events (seq)
);
CREATE INDEX reviews_status ON reviews (status, created_seq);

-- "Different person" outcomes: this traveller data against this entry
-- version is not referred again.
CREATE TABLE review_exclusions (
    traveller_fingerprint TEXT   NOT NULL,
    entry_id              TEXT   NOT NULL,
    entry_version         TEXT   NOT NULL,
    review_id             TEXT   NOT NULL REFERENCES reviews (id),
    seq                   BIGINT NOT NULL REFERENCES events (seq),
    PRIMARY KEY (traveller_fingerprint, entry_id, review_id)
);
