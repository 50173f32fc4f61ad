-- Collaboration pacts: the pact, its commons, its numbered text versions with typed
-- city-support lines, the procedure's history, observations, offices' opinions,
-- co-design meetings, signatures, adherents, monitoring reports, attachments, and
-- the notifications it sends.
CREATE TABLE pacts (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    intensity TEXT NOT NULL,
    state TEXT NOT NULL,
    -- Whether the public sees it (every state but draft).
    listed BOOLEAN NOT NULL DEFAULT FALSE,
    proposer_id BIGINT NOT NULL REFERENCES users(id),
    group_id BIGINT REFERENCES groups(id),
    office_id BIGINT REFERENCES offices(id),
    act_number TEXT,
    district_id BIGINT REFERENCES districts(id),
    lat DOUBLE,
    lng DOUBLE,
    address TEXT NOT NULL DEFAULT '',
    -- The current text version (frozen while awaiting signatures) and the signed one.
    version BIGINT NOT NULL DEFAULT 1,
    frozen_sha256 TEXT,
    signed_version BIGINT,
    signed_sha256 TEXT,
    signed_ledger_index BIGINT,
    start_date DATE,
    end_date DATE,
    next_report_due DATE,
    state_reasons TEXT,
    -- What the officials' queue sorts by: the next deadline of the current state.
    due_at TIMESTAMP,
    state_since TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    submitted_at TIMESTAMP,
    published_at TIMESTAMP,
    observation_closes_at TIMESTAMP,
    signed_at TIMESTAMP
);
CREATE INDEX pacts_listed ON pacts(listed, id);
CREATE INDEX pacts_state ON pacts(state, id);
CREATE INDEX pacts_district ON pacts(district_id, listed, id);
CREATE INDEX pacts_queue ON pacts(due_at, id);
CREATE INDEX pacts_office ON pacts(office_id, due_at);
CREATE INDEX pacts_proposer ON pacts(proposer_id);
CREATE INDEX pacts_group ON pacts(group_id);
CREATE INDEX pacts_observation ON pacts(state, observation_closes_at);
CREATE INDEX pacts_report_due ON pacts(state, next_report_due);

CREATE TABLE pact_commons (
    pact_id BIGINT NOT NULL REFERENCES pacts(id) ON DELETE CASCADE,
    commons_id BIGINT NOT NULL REFERENCES commons(id),
    PRIMARY KEY (pact_id, commons_id)
);
CREATE INDEX pact_commons_commons ON pact_commons(commons_id, pact_id);

-- Every clause of DOMAIN.md is its own column; version 1 is the proposal.
CREATE TABLE pact_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    pact_id BIGINT NOT NULL REFERENCES pacts(id) ON DELETE CASCADE,
    number BIGINT NOT NULL,
    title TEXT NOT NULL,
    objectives TEXT NOT NULL,
    activities TEXT NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    commitments TEXT NOT NULL,
    public_use TEXT NOT NULL,
    risks TEXT NOT NULL,
    insurance_policy TEXT NOT NULL,
    insurer TEXT NOT NULL,
    insurance_expiry DATE,
    liability TEXT NOT NULL,
    reporting_months BIGINT NOT NULL,
    output_licence TEXT NOT NULL,
    termination TEXT NOT NULL,
    disputes TEXT NOT NULL,
    change_note TEXT NOT NULL DEFAULT '',
    author_id BIGINT REFERENCES users(id),
    text_sha256 TEXT,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (pact_id, number)
);

CREATE TABLE pact_support (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    version_id BIGINT NOT NULL REFERENCES pact_versions(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    kind TEXT NOT NULL,
    description TEXT NOT NULL,
    quantity TEXT NOT NULL,
    period TEXT NOT NULL
);
CREATE INDEX pact_support_version ON pact_support(version_id, position);

CREATE TABLE pact_cosigners (
    pact_id BIGINT NOT NULL REFERENCES pacts(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    added_at TIMESTAMP NOT NULL,
    PRIMARY KEY (pact_id, user_id)
);

-- The procedure's history: every transition with actor, role, time and reasons.
CREATE TABLE pact_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    pact_id BIGINT NOT NULL REFERENCES pacts(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT,
    actor_id BIGINT REFERENCES users(id),
    actor_role TEXT NOT NULL,
    reasons TEXT,
    version BIGINT,
    ledger_index BIGINT,
    at TIMESTAMP NOT NULL
);
CREATE INDEX pact_events_pact ON pact_events(pact_id, id);

CREATE TABLE pact_attachments (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    pact_id BIGINT NOT NULL REFERENCES pacts(id) ON DELETE CASCADE,
    event_id BIGINT REFERENCES pact_events(id),
    report_id BIGINT,
    file_hash TEXT NOT NULL,
    file_type TEXT NOT NULL,
    file_name TEXT NOT NULL,
    byte_size BIGINT NOT NULL,
    state TEXT NOT NULL,
    uploaded_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX pact_attachments_pact ON pact_attachments(pact_id, id);
CREATE INDEX pact_attachments_hash ON pact_attachments(file_hash);

CREATE TABLE pact_observations (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    pact_id BIGINT NOT NULL REFERENCES pacts(id) ON DELETE CASCADE,
    author_id BIGINT NOT NULL REFERENCES users(id),
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    reply TEXT,
    taken_into_account BOOLEAN NOT NULL DEFAULT FALSE,
    replied_by BIGINT REFERENCES users(id),
    replied_at TIMESTAMP
);
CREATE INDEX pact_observations_pact ON pact_observations(pact_id, id);

CREATE TABLE pact_opinions (
    pact_id BIGINT NOT NULL REFERENCES pacts(id) ON DELETE CASCADE,
    office_id BIGINT NOT NULL REFERENCES offices(id),
    requested_by BIGINT REFERENCES users(id),
    requested_at TIMESTAMP NOT NULL,
    opinion TEXT,
    body TEXT,
    given_by BIGINT REFERENCES users(id),
    given_at TIMESTAMP,
    PRIMARY KEY (pact_id, office_id)
);
CREATE INDEX pact_opinions_office ON pact_opinions(office_id, pact_id);

CREATE TABLE pact_meetings (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    pact_id BIGINT NOT NULL REFERENCES pacts(id) ON DELETE CASCADE,
    held_at TIMESTAMP NOT NULL,
    place TEXT NOT NULL,
    minutes TEXT NOT NULL,
    recorded_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX pact_meetings_pact ON pact_meetings(pact_id, held_at);

-- One row per party and version: the proposer (or the group's referent), each
-- co-signer, and the city signatory.
CREATE TABLE pact_signatures (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    pact_id BIGINT NOT NULL REFERENCES pacts(id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    party TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id),
    group_id BIGINT REFERENCES groups(id),
    text_sha256 TEXT NOT NULL,
    signed_at TIMESTAMP NOT NULL,
    UNIQUE (pact_id, version, party, user_id)
);

CREATE TABLE pact_adherents (
    pact_id BIGINT NOT NULL REFERENCES pacts(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    version BIGINT NOT NULL,
    text_sha256 TEXT NOT NULL,
    joined_at TIMESTAMP NOT NULL,
    PRIMARY KEY (pact_id, user_id)
);

CREATE TABLE pact_reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    pact_id BIGINT NOT NULL REFERENCES pacts(id) ON DELETE CASCADE,
    due_on DATE,
    objectives TEXT NOT NULL,
    actions TEXT NOT NULL,
    results TEXT NOT NULL,
    resources TEXT NOT NULL,
    volunteer_hours BIGINT NOT NULL,
    author_id BIGINT REFERENCES users(id),
    submitted_at TIMESTAMP NOT NULL,
    evaluation TEXT,
    evaluation_body TEXT,
    evaluated_by BIGINT REFERENCES users(id),
    evaluated_at TIMESTAMP,
    ledger_index BIGINT
);
CREATE INDEX pact_reports_pact ON pact_reports(pact_id, id);

-- Report reminders already sent (one per pact and due date).
CREATE TABLE pact_reminders (
    pact_id BIGINT NOT NULL REFERENCES pacts(id) ON DELETE CASCADE,
    due_on DATE NOT NULL,
    kind TEXT NOT NULL,
    sent_at TIMESTAMP NOT NULL,
    PRIMARY KEY (pact_id, due_on, kind)
);

-- What a person must act on; mailed at once, or in a daily digest.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    pact_id BIGINT REFERENCES pacts(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    mailed_at TIMESTAMP
);
CREATE INDEX notifications_pending ON notifications(mailed_at, user_id);
CREATE INDEX notifications_user ON notifications(user_id, id);

ALTER TABLE users ADD COLUMN notify_digest BOOLEAN NOT NULL DEFAULT FALSE;
