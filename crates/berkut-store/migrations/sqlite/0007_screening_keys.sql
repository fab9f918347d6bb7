-- Screening ids already recorded: the idempotency keys of screenings a
-- node spooled while the centre was away and sends again when it returns.
-- Logical schema must equal the other backend's 0007_screening_keys.sql (tested).
CREATE TABLE screening_keys (
    screening_id TEXT   PRIMARY KEY,
    seq          BIGINT NOT NULL REFERENCES events (seq)
);
