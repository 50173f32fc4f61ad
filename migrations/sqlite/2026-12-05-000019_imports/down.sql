DROP TABLE pact_imports;
DROP INDEX commons_external_id;
ALTER TABLE commons DROP COLUMN external_id;
