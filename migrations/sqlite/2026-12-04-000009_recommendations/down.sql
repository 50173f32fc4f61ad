DROP TABLE pact_endorsements;
DROP TABLE recommendations;
