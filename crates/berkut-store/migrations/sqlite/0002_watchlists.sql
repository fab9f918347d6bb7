-- Imported watchlists: one row per entry (never deleted: delisted entries keep
-- their row with status 'delisted'), and one row per source with its last import.

CREATE TABLE watchlist_entries (
    id           TEXT   PRIMARY KEY,
    source       TEXT   NOT NULL,
    source_id    TEXT   NOT NULL,
    kind         TEXT   NOT NULL,
    status       TEXT   NOT NULL,
    content_hash TEXT   NOT NULL,
    data         TEXT   NOT NULL,
    created_seq  BIGINT NOT NULL REFERENCES events (seq),
    updated_seq  BIGINT NOT NULL REFERENCES events (seq)
);
CREATE INDEX watchlist_entries_source ON watchlist_entries (source, status);

CREATE TABLE sources (
    name         TEXT   PRIMARY KEY,
    list         TEXT   NOT NULL,
    version      TEXT   NOT NULL,
    content_hash TEXT   NOT NULL,
    imported_at  TEXT   NOT NULL,
    entries      BIGINT NOT NULL,
    last_seq     BIGINT NOT NULL REFERENCES events (seq)
);
