-- Motions of assemblies and chambers: tabled by a member (for a chamber, by whoever
-- votes for a member organisation, in its name), supported by other members (one
-- support per membership), discussed in threaded comments tagged for, against or
-- question. Facilitators hide a comment with a reason; the hiding stays visible in a
-- public moderation log.
CREATE TABLE motions (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    body_id BIGINT NOT NULL REFERENCES bodies(id),
    -- The membership it was tabled as, and the person who typed it.
    member_id BIGINT NOT NULL REFERENCES body_members(id),
    author_id BIGINT NOT NULL REFERENCES users(id),
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    reasons TEXT NOT NULL DEFAULT '',
    -- `open` (gathering support), `scheduled` (goes to a vote) or `withdrawn`.
    state TEXT NOT NULL,
    scheduled_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX motions_body ON motions(body_id, id);

CREATE TABLE motion_supporters (
    motion_id BIGINT NOT NULL REFERENCES motions(id),
    member_id BIGINT NOT NULL REFERENCES body_members(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    at TIMESTAMP NOT NULL,
    PRIMARY KEY (motion_id, member_id)
);

CREATE TABLE motion_comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    motion_id BIGINT NOT NULL REFERENCES motions(id),
    parent_id BIGINT REFERENCES motion_comments(id),
    author_id BIGINT NOT NULL REFERENCES users(id),
    -- `for`, `against`, `question` or `none`.
    tag TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    hidden_at TIMESTAMP,
    hidden_by BIGINT REFERENCES users(id),
    hidden_reason TEXT
);
CREATE INDEX motion_comments_motion ON motion_comments(motion_id, id);
CREATE INDEX motion_comments_hidden ON motion_comments(hidden_at) WHERE hidden_at IS NOT NULL;
