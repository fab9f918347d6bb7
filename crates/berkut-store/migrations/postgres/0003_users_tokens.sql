-- API users and tokens (projections of user.created, token.created and
-- token.revoked). Tokens are stored only as the hex SHA-256 of the secret;
-- rows are never deleted: a revoked token keeps its row with status 'revoked'.
-- Logical schema must equal the other backend's 0003_users_tokens.sql (tested).

CREATE TABLE users (
    name        TEXT   PRIMARY KEY,
    role        TEXT   NOT NULL,
    created_seq BIGINT NOT NULL REFERENCES events (seq)
);

CREATE TABLE api_tokens (
    id          TEXT   PRIMARY KEY,
    user_name   TEXT   NOT NULL REFERENCES users (name),
    role        TEXT   NOT NULL,
    name        TEXT   NOT NULL,
    token_hash  TEXT   NOT NULL UNIQUE,
    status      TEXT   NOT NULL,
    created_seq BIGINT NOT NULL REFERENCES events (seq),
    updated_seq BIGINT NOT NULL REFERENCES events (seq)
);
CREATE INDEX api_tokens_user ON api_tokens (user_name);
