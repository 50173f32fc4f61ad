UPDATE pacts SET listed = (state <> 'draft');
DROP TABLE absences;
DROP INDEX offices_one_council;
ALTER TABLE offices DROP COLUMN district_id;
DROP INDEX pacts_official;
DROP TABLE pact_registrations;
DROP TABLE pact_signing_offices;
ALTER TABLE pacts DROP COLUMN official_id;
