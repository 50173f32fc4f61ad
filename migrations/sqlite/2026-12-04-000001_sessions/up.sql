-- Server-side sessions: the cookie carries a random session token, the database its
-- SHA-256, so that signing out, a password or e-mail change and "sign out everywhere"
-- end a session at once, on every instance. The per-user epoch they replace goes.
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_last_seen ON sessions(last_seen_at);

-- The address an e-mail token is about (the old address, for undoing a change).
ALTER TABLE email_tokens ADD COLUMN address TEXT;

ALTER TABLE users DROP COLUMN session_epoch;
