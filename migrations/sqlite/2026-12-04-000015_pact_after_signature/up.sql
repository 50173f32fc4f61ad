-- The life of a pact after signature (DOMAIN.md, "Collaboration pacts"): revocation
-- for serious breach follows due process (a written notice, a period to answer, then
-- the decision with reasons), and disputes go to a conciliation committee of three
-- (one named by the proposers, one by the city, one jointly) whose sessions and
-- proposal are recorded. Suspension, resumption, exclusion of a participant and an
-- adherent leaving are history lines of `pact_events` and ledger entries.

CREATE TABLE pact_notices (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    pact_id BIGINT NOT NULL REFERENCES pacts(id) ON DELETE CASCADE,
    reasons TEXT NOT NULL,
    issued_by BIGINT REFERENCES users(id),
    issued_at TIMESTAMP NOT NULL,
    -- The last day to answer.
    answer_due DATE NOT NULL,
    answer TEXT,
    answered_by BIGINT REFERENCES users(id),
    answered_at TIMESTAMP,
    -- `revoked` or `dismissed`, with the city's reasons.
    decision TEXT,
    decision_reasons TEXT,
    decided_by BIGINT REFERENCES users(id),
    decided_at TIMESTAMP
);
CREATE INDEX pact_notices_pact ON pact_notices(pact_id, id);

CREATE TABLE pact_conciliations (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    pact_id BIGINT NOT NULL REFERENCES pacts(id) ON DELETE CASCADE,
    subject TEXT NOT NULL,
    opened_by BIGINT REFERENCES users(id),
    opened_at TIMESTAMP NOT NULL,
    -- The members, by name (they need no account).
    proposers_member TEXT NOT NULL DEFAULT '',
    city_member TEXT NOT NULL DEFAULT '',
    joint_member TEXT NOT NULL DEFAULT '',
    -- Each side's agreement to the joint member as named now.
    joint_agreed_by_proposers BOOLEAN NOT NULL DEFAULT FALSE,
    joint_agreed_by_city BOOLEAN NOT NULL DEFAULT FALSE,
    proposal TEXT,
    proposal_by BIGINT REFERENCES users(id),
    closed_at TIMESTAMP
);
CREATE INDEX pact_conciliations_pact ON pact_conciliations(pact_id, id);

CREATE TABLE pact_conciliation_sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    conciliation_id BIGINT NOT NULL REFERENCES pact_conciliations(id) ON DELETE CASCADE,
    held_on DATE NOT NULL,
    minutes TEXT NOT NULL,
    recorded_by BIGINT REFERENCES users(id),
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX pact_conciliation_sessions_of ON pact_conciliation_sessions(conciliation_id, held_on);
