DROP INDEX offices_one_coordinating;
ALTER TABLE offices DROP COLUMN coordinating;
