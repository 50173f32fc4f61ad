-- Pacts as a city runs them: how a proposal reaches the right office and who acts on it.
--
-- The coordinating office admits a proposal and assigns a lead office (`office_id`)
-- and contributing offices (asked for their opinion, `pact_opinions`); the official
-- responsible for the procedure (`official_id`, of the lead office) is who acts and
-- who is reminded, or their substitute while they are away (`absences`).
ALTER TABLE pacts ADD COLUMN official_id BIGINT REFERENCES users(id);
CREATE INDEX pacts_official ON pacts(official_id, due_at);

-- Offices that sign a pact for the city besides its lead office: a district council
-- (an office with a district) when the pact's configuration says so.
CREATE TABLE pact_signing_offices (
    pact_id BIGINT NOT NULL REFERENCES pacts(id) ON DELETE CASCADE,
    office_id BIGINT NOT NULL REFERENCES offices(id),
    PRIMARY KEY (pact_id, office_id)
);

-- A city signature is for one office; a substitute signs on behalf of the absent
-- signatory. History lines say on whose behalf a substitute acted, and what a routing
-- step assigned (`detail`: codes and ids, shown with names on the page).
ALTER TABLE pact_signatures ADD COLUMN office_id BIGINT REFERENCES offices(id);
ALTER TABLE pact_signatures ADD COLUMN on_behalf_of BIGINT REFERENCES users(id);
ALTER TABLE pact_events ADD COLUMN on_behalf_of BIGINT REFERENCES users(id);
ALTER TABLE pact_events ADD COLUMN detail TEXT;
UPDATE pact_signatures SET office_id = (SELECT office_id FROM pacts WHERE pacts.id = pact_signatures.pact_id)
    WHERE party = 'city';

-- The number the city's register (protocollo) gives the signed pact.
CREATE TABLE pact_registrations (
    pact_id BIGINT PRIMARY KEY NOT NULL REFERENCES pacts(id) ON DELETE CASCADE,
    protocol_number TEXT NOT NULL,
    registered_by BIGINT REFERENCES users(id),
    registered_at TIMESTAMP NOT NULL
);

ALTER TABLE offices ADD COLUMN district_id BIGINT REFERENCES districts(id);
CREATE UNIQUE INDEX offices_one_council ON offices(district_id) WHERE district_id IS NOT NULL;

-- An official away from `starts_on` to `ends_on` (both included), and who acts for
-- them meanwhile: an official of the same office.
CREATE TABLE absences (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id),
    office_id BIGINT NOT NULL REFERENCES offices(id),
    substitute_id BIGINT NOT NULL REFERENCES users(id),
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    cancelled_at TIMESTAMP
);
CREATE INDEX absences_user ON absences(user_id, ends_on);
CREATE INDEX absences_substitute ON absences(substitute_id, ends_on);

-- A proposal becomes public at publication; before that only its proposers and the
-- officials concerned see it (a proposal refused at admissibility stays private).
UPDATE pacts SET listed = (published_at IS NOT NULL AND state <> 'draft');
