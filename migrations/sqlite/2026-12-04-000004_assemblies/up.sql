-- Assemblies and Chambers of the Commons (DOMAIN.md): the bodies, their facilitators
-- and their members with join and leave dates. An assembly's members are people; a
-- chamber's are groups of the kinds it admits, each voting through its referent or a
-- named delegate. A membership row is never deleted: leaving or a refusal closes it,
-- and joining again opens a new one.
CREATE TABLE bodies (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    charter TEXT NOT NULL DEFAULT '',
    -- Its territory (a district; none: the whole city) and its theme, if any.
    district_id BIGINT REFERENCES districts(id),
    theme TEXT NOT NULL DEFAULT '',
    -- `open` or `approval` (a facilitator admits each request); a chamber admits by
    -- approval always.
    joining TEXT NOT NULL,
    -- The group kinds a chamber admits, comma-separated codes ('' for an assembly).
    admits TEXT NOT NULL DEFAULT '',
    -- How many members' support sends a motion to a vote.
    motion_threshold BIGINT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE body_facilitators (
    body_id BIGINT NOT NULL REFERENCES bodies(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    granted_by BIGINT REFERENCES users(id),
    granted_at TIMESTAMP NOT NULL,
    PRIMARY KEY (body_id, user_id)
);
CREATE INDEX body_facilitators_user ON body_facilitators(user_id, body_id);

CREATE TABLE body_members (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    body_id BIGINT NOT NULL REFERENCES bodies(id),
    -- Exactly one of a person (assembly) or a group (chamber).
    user_id BIGINT REFERENCES users(id),
    group_id BIGINT REFERENCES groups(id),
    -- A chamber member's named delegate (else its referent votes).
    delegate_id BIGINT REFERENCES users(id),
    -- `pending`, `member`, `refused` or `left`.
    status TEXT NOT NULL,
    requested_at TIMESTAMP NOT NULL,
    joined_at TIMESTAMP,
    left_at TIMESTAMP,
    decided_by BIGINT REFERENCES users(id),
    reason TEXT NOT NULL DEFAULT '',
    CHECK ((user_id IS NULL) <> (group_id IS NULL))
);
CREATE UNIQUE INDEX body_members_one_person ON body_members(body_id, user_id)
    WHERE status IN ('pending', 'member');
CREATE UNIQUE INDEX body_members_one_group ON body_members(body_id, group_id)
    WHERE status IN ('pending', 'member');
CREATE INDEX body_members_body ON body_members(body_id, status, id);
CREATE INDEX body_members_user ON body_members(user_id);
