DROP TABLE pact_conciliation_sessions;
DROP TABLE pact_conciliations;
DROP TABLE pact_notices;
