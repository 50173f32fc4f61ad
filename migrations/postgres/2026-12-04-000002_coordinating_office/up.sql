-- The coordinating office: the office that receives proposals and admits them before
-- one is assigned to a pact (DOMAIN.md). At most one office is coordinating.
ALTER TABLE offices ADD COLUMN coordinating BOOLEAN NOT NULL DEFAULT FALSE;
CREATE UNIQUE INDEX offices_one_coordinating ON offices(coordinating) WHERE coordinating;
