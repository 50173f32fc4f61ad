-- Meetings of assemblies and chambers: when and where (a place, an online link or
-- both), the agenda (free titles, or a pact or a commons by id), who attended (taken
-- by a facilitator; a vote held in the meeting counts its quorum from it), and the
-- minutes published afterwards.
CREATE TABLE meetings (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    body_id BIGINT NOT NULL REFERENCES bodies(id),
    title TEXT NOT NULL,
    -- The city's local time (as pacts' meetings).
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    online_url TEXT NOT NULL DEFAULT '',
    minutes TEXT,
    minutes_published_at TIMESTAMP,
    cancelled_at TIMESTAMP,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX meetings_body ON meetings(body_id, starts_at);

CREATE TABLE meeting_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    -- `free`, `pact` or `commons` (`motion` once motions exist); ref_id is the id.
    kind TEXT NOT NULL,
    ref_id BIGINT,
    UNIQUE (meeting_id, position)
);

CREATE TABLE meeting_attendance (
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    member_id BIGINT NOT NULL REFERENCES body_members(id),
    recorded_by BIGINT NOT NULL REFERENCES users(id),
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (meeting_id, member_id)
);
