-- Migration control about people (issue #7): citizenship applications and
-- their history, entry/exit records (stays), ban proposals from overstays,
-- the re-screening cursor, refusals for reports; alerts gain a kind
-- (`attempt`, `overstay`, `rescreen`) and a kind-specific detail.
-- Projections of the citizenship.*, stay.*, ban_proposal.*, rescreen.*
-- events (berkut-domain/src/people.rs). Rows are never deleted.
-- Logical schema must equal the other backend's 0008_people.sql (tested).

ALTER TABLE alerts ADD COLUMN kind TEXT NOT NULL DEFAULT 'attempt';
ALTER TABLE alerts ADD COLUMN detail TEXT;
CREATE INDEX alerts_kind ON alerts (kind, seq);

CREATE TABLE citizenship_applications (
    id           TEXT   PRIMARY KEY,
    kind         TEXT   NOT NULL,
    state        TEXT   NOT NULL,
    outcome      TEXT   NOT NULL,
    decision     TEXT,
    submitted_at TEXT   NOT NULL,
    data         TEXT   NOT NULL,
    screening    TEXT   NOT NULL,
    reason       TEXT,
    decided_by   TEXT,
    decided_at   TEXT,
    created_seq  BIGINT NOT NULL REFERENCES events (seq),
    updated_seq  BIGINT NOT NULL REFERENCES events (seq)
);
CREATE INDEX citizenship_state ON citizenship_applications (state, outcome, created_seq);

CREATE TABLE citizenship_history (
    application_id TEXT   NOT NULL REFERENCES citizenship_applications (id),
    seq            BIGINT NOT NULL REFERENCES events (seq),
    state          TEXT   NOT NULL,
    recorded_at    TEXT   NOT NULL,
    actor          TEXT   NOT NULL,
    summary        TEXT   NOT NULL,
    PRIMARY KEY (application_id, seq)
);

CREATE TABLE stays (
    id                 TEXT   PRIMARY KEY,
    person_key         TEXT   NOT NULL,
    status             TEXT   NOT NULL,
    entry_screening_id TEXT   NOT NULL,
    entry_on           TEXT   NOT NULL,
    exit_screening_id  TEXT,
    exit_on            TEXT,
    nationality        TEXT,
    crossing_point     TEXT,
    data               TEXT   NOT NULL,
    overstay_alert_id  TEXT,
    overstay_days      BIGINT,
    allowed_until      TEXT,
    created_seq        BIGINT NOT NULL REFERENCES events (seq),
    updated_seq        BIGINT NOT NULL REFERENCES events (seq)
);
CREATE INDEX stays_key ON stays (person_key, status);
CREATE INDEX stays_status ON stays (status, entry_on);

CREATE TABLE ban_proposals (
    id          TEXT   PRIMARY KEY,
    stay_id     TEXT   NOT NULL REFERENCES stays (id),
    status      TEXT   NOT NULL,
    basis       TEXT   NOT NULL,
    ban_id      TEXT,
    reason      TEXT,
    decided_by  TEXT,
    created_seq BIGINT NOT NULL REFERENCES events (seq),
    updated_seq BIGINT NOT NULL REFERENCES events (seq)
);
CREATE INDEX ban_proposals_stay ON ban_proposals (stay_id);

-- The re-screening task's cursor: the last trigger seq it handled.
CREATE TABLE rescreen_cursor (
    id          BIGINT PRIMARY KEY,
    seq         BIGINT NOT NULL,
    updated_seq BIGINT NOT NULL REFERENCES events (seq)
);

-- DENY screenings, one row per ground of their attempts ('none' without
-- one), for the refusal reports. Recorded from this migration on.
CREATE TABLE refusals (
    screening_id   TEXT   NOT NULL,
    ground         TEXT   NOT NULL,
    day            TEXT   NOT NULL,
    crossing_point TEXT,
    seq            BIGINT NOT NULL REFERENCES events (seq),
    PRIMARY KEY (screening_id, ground)
);
CREATE INDEX refusals_day ON refusals (day);
