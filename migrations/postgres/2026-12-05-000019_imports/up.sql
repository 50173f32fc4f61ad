-- Import of a city's earlier registry: each imported commons keeps the id it had
-- there (its external id), so that importing the same file again updates it.
ALTER TABLE commons ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX commons_external_id ON commons(external_id);

-- An imported pact (the pacts table is at 32 columns): its external id, the parties
-- as text (the people may have no account), when it was signed outside Pactum, and
-- the scanned PDF's SHA-256 with the ledger entry that recorded it.
CREATE TABLE pact_imports (
    pact_id BIGINT PRIMARY KEY NOT NULL REFERENCES pacts(id) ON DELETE CASCADE,
    external_id TEXT NOT NULL UNIQUE,
    parties TEXT NOT NULL,
    signed_on DATE,
    pdf_sha256 TEXT,
    ledger_index BIGINT,
    imported_at TIMESTAMP NOT NULL
);
