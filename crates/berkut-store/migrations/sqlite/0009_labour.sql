-- Employers of foreign workers, the workers, inspections and the employer
-- re-screening cursor: projections of employer.registered,
-- employer.screened, employers.rescreened, worker.registered,
-- worker.terminated and inspection.recorded. Rows are never deleted.
-- Logical schema must equal the other backend's 0009_labour.sql (tested).

-- id is the 12-digit BIN (legal entity) or IIN (individual entrepreneur).
CREATE TABLE employers (
    id            TEXT   PRIMARY KEY,
    id_kind       TEXT   NOT NULL,
    name          TEXT   NOT NULL,
    region        TEXT   NOT NULL,
    data          TEXT   NOT NULL,
    hits          TEXT   NOT NULL,
    hit_count     BIGINT NOT NULL,
    lists_seq     BIGINT NOT NULL,
    registered_at TEXT   NOT NULL,
    created_seq   BIGINT NOT NULL REFERENCES events (seq),
    updated_seq   BIGINT NOT NULL REFERENCES events (seq)
);
CREATE INDEX employers_region ON employers (region, id);

-- region: where the worker works (the permit's unit, else the employer's).
CREATE TABLE workers (
    id              TEXT   PRIMARY KEY,
    employer_id     TEXT   NOT NULL REFERENCES employers (id),
    region          TEXT   NOT NULL,
    employer_region TEXT   NOT NULL,
    status          TEXT   NOT NULL,
    data            TEXT   NOT NULL,
    termination     TEXT,
    registered_at   TEXT   NOT NULL,
    created_seq     BIGINT NOT NULL REFERENCES events (seq),
    updated_seq     BIGINT NOT NULL REFERENCES events (seq)
);
CREATE INDEX workers_employer ON workers (employer_id, created_seq);
CREATE INDEX workers_region ON workers (region, created_seq);
CREATE INDEX workers_employer_region ON workers (employer_region, created_seq);

CREATE TABLE inspections (
    id           TEXT   PRIMARY KEY,
    employer_id  TEXT   NOT NULL REFERENCES employers (id),
    unit         TEXT   NOT NULL,
    inspected_on TEXT   NOT NULL,
    violations   BIGINT NOT NULL,
    recorded_by  TEXT   NOT NULL,
    recorded_at  TEXT   NOT NULL,
    data         TEXT   NOT NULL,
    seq          BIGINT NOT NULL REFERENCES events (seq)
);
CREATE INDEX inspections_unit ON inspections (unit, inspected_on);
CREATE INDEX inspections_employer ON inspections (employer_id, inspected_on);

-- One row (id 1): every employer was re-screened against the lists as they
-- stood at rescreened_through; seq is the employers.rescreened event.
CREATE TABLE labour_cursor (
    id                 BIGINT PRIMARY KEY,
    rescreened_through BIGINT NOT NULL,
    seq                BIGINT NOT NULL REFERENCES events (seq)
);

-- Employers are screened against the listed organisations only.
CREATE INDEX watchlist_entries_kind ON watchlist_entries (kind, status);
