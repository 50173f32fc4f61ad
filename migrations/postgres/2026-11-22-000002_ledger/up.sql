-- The civic ledger: entries (leaves), every complete subtree hash, the head (the row
-- appends lock), and signed checkpoints.
CREATE TABLE ledger_entries (
    idx BIGINT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    leaf_hash BYTEA NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX ledger_entries_leaf_hash ON ledger_entries(leaf_hash);

CREATE TABLE ledger_hashes (
    level BIGINT NOT NULL,
    idx BIGINT NOT NULL,
    hash BYTEA NOT NULL,
    PRIMARY KEY (level, idx)
);

CREATE TABLE ledger_head (
    id BIGINT PRIMARY KEY NOT NULL,
    size BIGINT NOT NULL
);
INSERT INTO ledger_head (id, size) VALUES (1, 0);

CREATE TABLE ledger_checkpoints (
    size BIGINT PRIMARY KEY NOT NULL,
    root BYTEA NOT NULL,
    note TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
