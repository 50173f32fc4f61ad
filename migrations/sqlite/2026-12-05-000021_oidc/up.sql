-- Sign-in with the city's OpenID Connect provider (issue 17).
--
-- An account's identities at the provider. `subject` is the provider's `sub`, or,
-- when the city names a resident-id claim (a tax code, say), a keyed hash of it
-- (HMAC-SHA-256 with the site's secret): the value itself is never stored.
CREATE TABLE user_identities (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    resident_verified BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    last_signed_in_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX user_identities_subject ON user_identities(issuer, subject);
CREATE INDEX user_identities_user ON user_identities(user_id);

-- Authorization requests on their way, one per `state` (kept as its SHA-256), used
-- once: `used_at` is set by the callback that consumes it. `link_user_id`: a signed-in
-- person linking the provider from the account page. `pending_link`: a verified
-- provider identity whose e-mail belongs to an existing account, waiting (as JSON)
-- for that account's password before it is linked.
CREATE TABLE oidc_requests (
    id INTEGER PRIMARY KEY,
    state_hash TEXT NOT NULL UNIQUE,
    nonce TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    next_path TEXT,
    link_user_id BIGINT REFERENCES users(id) ON DELETE CASCADE,
    pending_link TEXT,
    created_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX oidc_requests_created ON oidc_requests(created_at);

-- The Pactum sessions a provider sign-in started: the ID token (the hint for
-- RP-initiated logout) and the provider's `sub` and `sid` (for back-channel logout).
CREATE TABLE oidc_sessions (
    session_id BIGINT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    identity_id BIGINT NOT NULL REFERENCES user_identities(id) ON DELETE CASCADE,
    provider_sub TEXT NOT NULL,
    provider_sid TEXT,
    id_token TEXT NOT NULL
);
CREATE INDEX oidc_sessions_sid ON oidc_sessions(provider_sid);
CREATE INDEX oidc_sessions_sub ON oidc_sessions(provider_sub);
CREATE INDEX oidc_sessions_identity ON oidc_sessions(identity_id);

-- The offices the provider's claim made a person an official of; `role_granted`: the
-- provider's claim also gave the `official` role (it is taken back with the last
-- such office). Roles and offices an administrator gave are not listed here.
CREATE TABLE oidc_office_grants (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    office_id BIGINT NOT NULL REFERENCES offices(id) ON DELETE CASCADE,
    role_granted BOOLEAN NOT NULL,
    granted_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, office_id)
);
