DROP INDEX votes_amendment;
ALTER TABLE votes DROP COLUMN motion_version;
ALTER TABLE votes DROP COLUMN amendment_id;
DROP TABLE motion_versions;
DROP TABLE motion_amendments;
