DROP TABLE addresses;
DROP INDEX districts_parent;
ALTER TABLE districts DROP COLUMN level_name;
ALTER TABLE districts DROP COLUMN depth;
ALTER TABLE districts DROP COLUMN parent_id;
