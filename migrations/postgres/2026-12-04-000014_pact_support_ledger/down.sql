DROP TABLE pact_support_deliveries;
ALTER TABLE pact_support DROP COLUMN value_cents;
