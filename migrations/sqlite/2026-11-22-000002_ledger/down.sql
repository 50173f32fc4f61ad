DROP TABLE ledger_checkpoints;
DROP TABLE ledger_head;
DROP TABLE ledger_hashes;
DROP TABLE ledger_entries;
