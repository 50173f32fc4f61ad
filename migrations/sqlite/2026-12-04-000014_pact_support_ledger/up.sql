-- The support ledger: what the city promised in a pact's support lines, valued in euro
-- cents, and what its lead office delivered.
--
-- `value_cents` is the estimated value of a line when it is promised (NULL on lines
-- written before values existed). A delivery points at the pact and at the line's
-- position in the signed version (`version`), with a copy of the line's kind: a new
-- text version gets new `pact_support` rows, so a row id would not survive it.
ALTER TABLE pact_support ADD COLUMN value_cents BIGINT;

CREATE TABLE pact_support_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    pact_id BIGINT NOT NULL REFERENCES pacts(id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    position BIGINT NOT NULL,
    kind TEXT NOT NULL,
    what TEXT NOT NULL,
    delivered_on DATE NOT NULL,
    value_cents BIGINT NOT NULL,
    recorded_by BIGINT REFERENCES users(id),
    recorded_at TIMESTAMP NOT NULL,
    ledger_index BIGINT
);
CREATE INDEX pact_support_deliveries_pact ON pact_support_deliveries(pact_id, position, delivered_on);
CREATE INDEX pact_support_deliveries_on ON pact_support_deliveries(delivered_on);
