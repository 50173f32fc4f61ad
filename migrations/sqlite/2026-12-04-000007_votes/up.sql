-- Votes of assemblies and chambers (DOMAIN.md, "Votes"). A vote fixes at opening its
-- method, options, seats, majority, quorum, secrecy, closing time and electorate (a
-- snapshot of the members, each with the person who casts its ballot).
--
-- Secret ballots keep no link to their voter: participation (who voted) is its own
-- table; a ballot row holds the vote, its hash (tracker and canonical text) and the
-- hash of its tracker (to replace it when the voter changes it), and nothing else: no
-- voter, no time, no id or row order that follows casting (SQLite: WITHOUT ROWID,
-- keyed by the hash).
CREATE TABLE votes (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    body_id BIGINT NOT NULL REFERENCES bodies(id),
    motion_id BIGINT REFERENCES motions(id),
    meeting_id BIGINT REFERENCES meetings(id),
    question TEXT NOT NULL,
    method TEXT NOT NULL,
    seats BIGINT NOT NULL,
    -- `simple`, `absolute` or `p/q`; '' (none), a count, or `p/q` of the electorate.
    majority TEXT NOT NULL,
    quorum TEXT NOT NULL,
    secrecy TEXT NOT NULL,
    block_is_veto BOOLEAN NOT NULL DEFAULT FALSE,
    max_score BIGINT NOT NULL DEFAULT 0,
    opens_at TIMESTAMP NOT NULL,
    closes_at TIMESTAMP NOT NULL,
    electorate BIGINT NOT NULL,
    -- `open` or `closed`.
    state TEXT NOT NULL,
    result TEXT,
    report_sha256 TEXT,
    ballots_sha256 TEXT,
    ledger_index BIGINT,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    closed_at TIMESTAMP,
    CHECK (closes_at > opens_at)
);
CREATE INDEX votes_body ON votes(body_id, id);
CREATE INDEX votes_due ON votes(state, closes_at);

CREATE TABLE vote_options (
    vote_id BIGINT NOT NULL REFERENCES votes(id),
    position BIGINT NOT NULL,
    label TEXT NOT NULL,
    PRIMARY KEY (vote_id, position)
);

CREATE TABLE vote_electorate (
    vote_id BIGINT NOT NULL REFERENCES votes(id),
    member_id BIGINT NOT NULL REFERENCES body_members(id),
    voter_id BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (vote_id, member_id)
);
CREATE INDEX vote_electorate_voter ON vote_electorate(voter_id, vote_id);

CREATE TABLE vote_participation (
    vote_id BIGINT NOT NULL REFERENCES votes(id),
    member_id BIGINT NOT NULL REFERENCES body_members(id),
    PRIMARY KEY (vote_id, member_id)
) WITHOUT ROWID;

CREATE TABLE vote_ballots (
    vote_id BIGINT NOT NULL REFERENCES votes(id),
    ballot_sha256 TEXT NOT NULL,
    tracker_sha256 TEXT NOT NULL,
    ballot TEXT NOT NULL,
    -- Only for an open vote: whose ballot it is.
    member_id BIGINT REFERENCES body_members(id),
    PRIMARY KEY (vote_id, ballot_sha256),
    UNIQUE (vote_id, tracker_sha256)
) WITHOUT ROWID;
