DROP TABLE pact_proposals;
DROP TABLE pact_calls;
DROP TABLE pact_templates;
