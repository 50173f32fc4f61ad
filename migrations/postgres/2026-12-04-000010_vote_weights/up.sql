-- A chamber's double majority (organisations and the members they represent) weighs
-- each member organisation by its members at the vote's opening; every other vote
-- weighs 1. Only a head count is ever stored here: never money or tokens.
ALTER TABLE vote_electorate ADD COLUMN weight BIGINT NOT NULL DEFAULT 1 CHECK (weight >= 0);
