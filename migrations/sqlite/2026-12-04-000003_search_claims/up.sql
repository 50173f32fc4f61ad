-- Index updates claimed by a named worker (a server: host and listening address), so a
-- server that restarts after a crash can take back at once what its previous run claimed.
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
