-- A short proposal, then the pact (issue 15, item 6); calls on city-owned commons
-- (item 7).
--
-- A citizen submits a short proposal: what (the title and the objectives of the
-- text's first version), where (the commons), who (`participants`) and what they ask
-- of the city (`ask`). The full text is drafted in co-design from the template the
-- city keeps for the commons' category: when co-design opens, the clauses still empty
-- are filled from it as a new version. Legal clauses (liability, termination,
-- disputes) are the office's.
--
-- An office publishes a call ("avviso") for a commons the city owns or for a theme:
-- what, where, criteria, deadline, the support offered. Proposals answer it until the
-- deadline; the office compares the answers and chooses one with reasons (the others
-- are rejected with the same reasons). Publishing a complex pact opens a call of kind
-- `competition` for its commons until its observation period closes: others may
-- submit competing proposals, compared with the pact the same way.

CREATE TABLE pact_templates (
    -- A commons category code, or '' for the city's default template.
    category TEXT PRIMARY KEY NOT NULL,
    commitments TEXT NOT NULL DEFAULT '',
    public_use TEXT NOT NULL DEFAULT '',
    risks TEXT NOT NULL DEFAULT '',
    liability TEXT NOT NULL DEFAULT '',
    reporting_months BIGINT NOT NULL DEFAULT 6,
    output_licence TEXT NOT NULL DEFAULT '',
    termination TEXT NOT NULL DEFAULT '',
    disputes TEXT NOT NULL DEFAULT '',
    updated_by BIGINT REFERENCES users(id),
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE pact_calls (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    -- `call` (published by an office) or `competition` (opened by a complex pact's
    -- publication, `origin_pact_id`).
    kind TEXT NOT NULL,
    office_id BIGINT NOT NULL REFERENCES offices(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    -- A commons the city owns, or none (a theme: `theme` says which).
    commons_id BIGINT REFERENCES commons(id),
    theme TEXT NOT NULL DEFAULT '',
    criteria TEXT NOT NULL DEFAULT '',
    support_offered TEXT NOT NULL DEFAULT '',
    -- Answers are submitted until the end of this day.
    deadline DATE NOT NULL,
    origin_pact_id BIGINT REFERENCES pacts(id),
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    -- The choice: the answer chosen, why, by whom and when.
    chosen_pact_id BIGINT REFERENCES pacts(id),
    decision_reasons TEXT,
    decided_by BIGINT REFERENCES users(id),
    decided_at TIMESTAMP,
    -- Withdrawn by the office before a choice, with reasons.
    cancelled_at TIMESTAMP,
    cancel_reasons TEXT
);
CREATE INDEX pact_calls_deadline ON pact_calls(deadline, id);
CREATE INDEX pact_calls_office ON pact_calls(office_id, id);
CREATE INDEX pact_calls_origin ON pact_calls(origin_pact_id);

CREATE TABLE pact_proposals (
    pact_id BIGINT PRIMARY KEY NOT NULL REFERENCES pacts(id) ON DELETE CASCADE,
    participants TEXT NOT NULL DEFAULT '',
    ask TEXT NOT NULL DEFAULT '',
    call_id BIGINT REFERENCES pact_calls(id),
    -- When co-design drafted the full text from the category's template.
    drafted_at TIMESTAMP
);
CREATE INDEX pact_proposals_call ON pact_proposals(call_id);
