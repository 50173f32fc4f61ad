-- Recommendations to the city and pact endorsements (DOMAIN.md, "Assemblies").
--
-- A body sends an adopted motion to an office of the city as a recommendation: the
-- motion's text is kept as sent (with its SHA-256, which the civic ledger holds), with
-- the closed vote that adopted it. Officials answer once: accepted, rejected (reasons
-- required), turned into a pact (a link to it) or into a call (its text). A motion goes
-- to an office once.
CREATE TABLE recommendations (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    body_id BIGINT NOT NULL REFERENCES bodies(id),
    motion_id BIGINT NOT NULL REFERENCES motions(id),
    vote_id BIGINT NOT NULL REFERENCES votes(id),
    office_id BIGINT NOT NULL REFERENCES offices(id),
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    sent_by BIGINT NOT NULL REFERENCES users(id),
    sent_at TIMESTAMP NOT NULL,
    -- NULL until answered; then `accepted`, `rejected`, `pact` or `call`.
    answer TEXT,
    answer_text TEXT,
    answer_pact_id BIGINT REFERENCES pacts(id),
    answered_by BIGINT REFERENCES users(id),
    answered_at TIMESTAMP,
    UNIQUE (motion_id, office_id),
    CHECK (answer IS NULL OR answer IN ('accepted', 'rejected', 'pact', 'call')),
    CHECK ((answer IS NULL) = (answered_at IS NULL))
);
CREATE INDEX recommendations_body ON recommendations(body_id, id);
CREATE INDEX recommendations_open ON recommendations(answer, office_id, sent_at);

-- A body endorses a public pact, citing the closed, adopted vote that decided it; once
-- per body and pact.
CREATE TABLE pact_endorsements (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    body_id BIGINT NOT NULL REFERENCES bodies(id),
    pact_id BIGINT NOT NULL REFERENCES pacts(id),
    vote_id BIGINT NOT NULL REFERENCES votes(id),
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (body_id, pact_id)
);
CREATE INDEX pact_endorsements_pact ON pact_endorsements(pact_id);
