DROP INDEX token_claims_district;
ALTER TABLE token_claims DROP COLUMN district_id;
