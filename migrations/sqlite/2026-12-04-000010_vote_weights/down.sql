ALTER TABLE vote_electorate DROP COLUMN weight;
