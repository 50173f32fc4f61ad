DROP TABLE oidc_office_grants;
DROP TABLE oidc_sessions;
DROP TABLE oidc_requests;
DROP TABLE user_identities;
