-- The district a claim's asset is in (optional), for the programme's figures by district.
ALTER TABLE token_claims ADD COLUMN district_id BIGINT REFERENCES districts(id);
CREATE INDEX token_claims_district ON token_claims(district_id);
