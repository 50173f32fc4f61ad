-- Amendments to motions (DOMAIN.md, "Assemblies"): a member proposes a changed text of
-- a motion (the whole text, written on one version of it). Where an amendment stands:
--   proposed   waiting; the motion cannot go to its own vote while one is;
--   accepted   the motion's author (whoever speaks for the membership that tabled it)
--              took it in: the motion's text became the amendment's;
--   adopted    its own yes/no vote carried it: the motion's text became the amendment's;
--   rejected   its vote did not carry it, or the motion's author declined it (then
--              decided_by is that person; after a vote decided_by is empty and the
--              vote names the amendment);
--   withdrawn  its author took it back.
CREATE TABLE motion_amendments (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    motion_id BIGINT NOT NULL REFERENCES motions(id),
    -- The membership it is proposed as, and the person who typed it.
    member_id BIGINT NOT NULL REFERENCES body_members(id),
    author_id BIGINT NOT NULL REFERENCES users(id),
    -- The motion's version it was written on (its diff is shown against that text).
    base_version BIGINT NOT NULL,
    text TEXT NOT NULL,
    reasons TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,
    decided_by BIGINT REFERENCES users(id),
    decided_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX motion_amendments_motion ON motion_amendments(motion_id, id);

-- Every text a motion has had: version 1 as tabled (written when its text first
-- changes), then one per accepted or adopted amendment, so the text a vote decided on
-- can always be shown. source: `tabled` or `amendment` (then amendment_id says which).
CREATE TABLE motion_versions (
    motion_id BIGINT NOT NULL REFERENCES motions(id),
    version BIGINT NOT NULL,
    text TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    source TEXT NOT NULL,
    amendment_id BIGINT REFERENCES motion_amendments(id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (motion_id, version)
);

-- A vote targets a motion (motion_id, and the version of its text it decides), an
-- amendment (amendment_id, with the motion it amends in motion_id) or a free question.
ALTER TABLE votes ADD COLUMN amendment_id BIGINT REFERENCES motion_amendments(id);
ALTER TABLE votes ADD COLUMN motion_version BIGINT;
CREATE INDEX votes_amendment ON votes(amendment_id) WHERE amendment_id IS NOT NULL;
