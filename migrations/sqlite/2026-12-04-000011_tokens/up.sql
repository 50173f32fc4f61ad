-- Decarbonisation tokens (DOMAIN.md, "Decarbonisation tokens"): programmes, versioned
-- methodologies, claims with evidence, verification, and a double-entry book of
-- immutable transfers in whole tokens (1 token = 1 kg CO2e), with serial numbers,
-- acceptance points, spending, exchange for euros from the civic fund, and the
-- idempotency keys of every mutating request. Money is in euro cents, tokens whole.

-- A programme a city runs. `code` is the programme's part of batch names (`DECARB`);
-- `buffer_bp` the share withheld in the buffer (basis points); a claim of more tokens
-- than `second_verifier_tokens` needs a second verifier; `rate_cents` is what the civic
-- fund pays per token; `serials` the last serial issued (issuance takes the next range).
CREATE TABLE token_programmes (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    buffer_bp BIGINT NOT NULL,
    second_verifier_tokens BIGINT NOT NULL,
    rate_cents BIGINT NOT NULL,
    transferable BOOLEAN NOT NULL,
    serials BIGINT NOT NULL DEFAULT 0,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    CHECK (buffer_bp BETWEEN 0 AND 10000),
    CHECK (second_verifier_tokens >= 0),
    CHECK (rate_cents >= 0),
    CHECK (serials >= 0)
);

-- A published methodology: immutable; a change is a new version. `document` is its
-- canonical JSON (applicability, inputs, formula, factors with source and vintage), and
-- its SHA-256 is on the civic ledger.
CREATE TABLE token_methodologies (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    code TEXT NOT NULL,
    version BIGINT NOT NULL,
    formula TEXT NOT NULL,
    title TEXT NOT NULL,
    document TEXT NOT NULL,
    document_sha256 TEXT NOT NULL,
    published_by BIGINT NOT NULL REFERENCES users(id),
    published_at TIMESTAMP NOT NULL,
    UNIQUE (code, version),
    CHECK (version >= 1)
);

-- Verifiers accredited per programme.
CREATE TABLE token_verifiers (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    programme_id BIGINT NOT NULL REFERENCES token_programmes(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    accredited_by BIGINT NOT NULL REFERENCES users(id),
    accredited_at TIMESTAMP NOT NULL,
    UNIQUE (programme_id, user_id)
);

-- An asset or meter under a methodology's code: the row claims of it lock, so that
-- two overlapping claims cannot both be written, whatever the races.
CREATE TABLE token_assets (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    methodology_code TEXT NOT NULL,
    asset TEXT NOT NULL,
    UNIQUE (methodology_code, asset)
);

-- A claim by a person, or by a group (`group_id`, its member `claimant_id` filing).
-- `activity` is the activity data as JSON; the reduction is computed at submission.
-- States: submitted, info_requested, second_review (one approval of two), issued,
-- rejected, withdrawn.
CREATE TABLE token_claims (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    programme_id BIGINT NOT NULL REFERENCES token_programmes(id),
    methodology_id BIGINT NOT NULL REFERENCES token_methodologies(id),
    asset_id BIGINT NOT NULL REFERENCES token_assets(id),
    claimant_id BIGINT NOT NULL REFERENCES users(id),
    group_id BIGINT REFERENCES groups(id),
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    activity TEXT NOT NULL,
    avoided_grams BIGINT NOT NULL,
    tokens BIGINT NOT NULL,
    state TEXT NOT NULL,
    submitted_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (ends_on >= starts_on),
    CHECK (avoided_grams >= 0 AND tokens >= 0),
    CHECK (state IN ('submitted', 'info_requested', 'second_review', 'issued', 'rejected', 'withdrawn'))
);
CREATE INDEX token_claims_asset ON token_claims(asset_id, starts_on);
CREATE INDEX token_claims_queue ON token_claims(programme_id, state, submitted_at);
CREATE INDEX token_claims_claimant ON token_claims(claimant_id, id);
CREATE INDEX token_claims_group ON token_claims(group_id, id);

-- Evidence files: stored under the data directory by their SHA-256, metadata
-- stripped; never on the ledger.
CREATE TABLE token_evidence (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    claim_id BIGINT NOT NULL REFERENCES token_claims(id),
    sha256 TEXT NOT NULL,
    mime TEXT NOT NULL,
    bytes BIGINT NOT NULL,
    label TEXT NOT NULL,
    uploaded_by BIGINT NOT NULL REFERENCES users(id),
    uploaded_at TIMESTAMP NOT NULL,
    UNIQUE (claim_id, sha256)
);

-- Each verifier's decision, and the claimant's answers to requests for more: approve,
-- reject (reasons), ask (what is missing), answer (the claimant's reply).
CREATE TABLE token_reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    claim_id BIGINT NOT NULL REFERENCES token_claims(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    decision TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    CHECK (decision IN ('approve', 'reject', 'ask', 'answer'))
);
CREATE INDEX token_reviews_claim ON token_reviews(claim_id, id);

-- The book's accounts. System accounts (issuance, buffer, retired, exchange_hold) once
-- per programme; a holder account per person or group and programme. `pseudonym` is
-- what the ledger and the public pages show. `balance` is a cache, checked against the
-- transfers by `pactum tokens check`.
CREATE TABLE token_accounts (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    programme_id BIGINT NOT NULL REFERENCES token_programmes(id),
    kind TEXT NOT NULL,
    user_id BIGINT REFERENCES users(id),
    group_id BIGINT REFERENCES groups(id),
    pseudonym TEXT NOT NULL UNIQUE,
    balance BIGINT NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    CHECK (kind IN ('issuance', 'buffer', 'retired', 'exchange_hold', 'holder')),
    CHECK ((kind = 'holder') = ((user_id IS NULL) <> (group_id IS NULL))),
    CHECK (kind = 'issuance' OR balance >= 0)
);
CREATE UNIQUE INDEX token_accounts_system ON token_accounts(programme_id, kind) WHERE kind <> 'holder';
CREATE UNIQUE INDEX token_accounts_person ON token_accounts(programme_id, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX token_accounts_group ON token_accounts(programme_id, group_id) WHERE group_id IS NOT NULL;

-- Immutable transfers: never updated, never deleted. `code` says why (issue, buffer,
-- transfer, spend, exchange_hold, exchange_pay, exchange_void).
CREATE TABLE token_transfers (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    programme_id BIGINT NOT NULL REFERENCES token_programmes(id),
    debit_id BIGINT NOT NULL REFERENCES token_accounts(id),
    credit_id BIGINT NOT NULL REFERENCES token_accounts(id),
    amount BIGINT NOT NULL,
    code TEXT NOT NULL,
    ledger_index BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    CHECK (amount > 0),
    CHECK (debit_id <> credit_id)
);
CREATE INDEX token_transfers_debit ON token_transfers(debit_id, id);
CREATE INDEX token_transfers_credit ON token_transfers(credit_id, id);
CREATE INDEX token_transfers_programme ON token_transfers(programme_id, created_at);

-- One issuance per claim (the unique key refuses a second), in a batch of its own,
-- with the contiguous serial range it took.
CREATE TABLE token_issuances (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    programme_id BIGINT NOT NULL REFERENCES token_programmes(id),
    claim_id BIGINT NOT NULL UNIQUE REFERENCES token_claims(id),
    batch TEXT NOT NULL UNIQUE,
    serial_first BIGINT NOT NULL,
    serial_last BIGINT NOT NULL,
    holder_tokens BIGINT NOT NULL,
    buffer_tokens BIGINT NOT NULL,
    avoided_grams BIGINT NOT NULL,
    ledger_index BIGINT NOT NULL,
    issued_at TIMESTAMP NOT NULL,
    CHECK (serial_last - serial_first + 1 = holder_tokens + buffer_tokens)
);

-- Where every serial is: contiguous ranges, each held by one account; a transfer moves
-- the debit account's lowest serials (splitting a range when it must). Together the
-- lots cover serials 1..programme.serials exactly once.
CREATE TABLE token_lots (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    programme_id BIGINT NOT NULL REFERENCES token_programmes(id),
    account_id BIGINT NOT NULL REFERENCES token_accounts(id),
    issuance_id BIGINT NOT NULL REFERENCES token_issuances(id),
    serial_first BIGINT NOT NULL,
    serial_last BIGINT NOT NULL,
    transfer_id BIGINT NOT NULL REFERENCES token_transfers(id),
    CHECK (serial_last >= serial_first)
);
CREATE INDEX token_lots_account ON token_lots(account_id, serial_first);
CREATE INDEX token_lots_serial ON token_lots(programme_id, serial_first);

-- Acceptance points: city services priced in tokens.
CREATE TABLE token_points (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    programme_id BIGINT NOT NULL REFERENCES token_programmes(id),
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    price_tokens BIGINT NOT NULL,
    office_id BIGINT REFERENCES offices(id),
    active BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (programme_id, slug),
    CHECK (price_tokens > 0)
);

-- A spend retires its tokens and gives a voucher the service checks once.
CREATE TABLE token_spends (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    programme_id BIGINT NOT NULL REFERENCES token_programmes(id),
    point_id BIGINT NOT NULL REFERENCES token_points(id),
    account_id BIGINT NOT NULL REFERENCES token_accounts(id),
    tokens BIGINT NOT NULL,
    voucher TEXT NOT NULL UNIQUE,
    transfer_id BIGINT NOT NULL REFERENCES token_transfers(id),
    created_at TIMESTAMP NOT NULL,
    redeemed_at TIMESTAMP,
    redeemed_by BIGINT REFERENCES users(id),
    CHECK (tokens > 0)
);
CREATE INDEX token_spends_account ON token_spends(account_id, id);

-- An exchange for euros: tokens held, then paid (retired, the fund pays) or voided
-- (returned), both by an official.
CREATE TABLE token_exchanges (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    programme_id BIGINT NOT NULL REFERENCES token_programmes(id),
    account_id BIGINT NOT NULL REFERENCES token_accounts(id),
    tokens BIGINT NOT NULL,
    cents BIGINT NOT NULL,
    state TEXT NOT NULL,
    hold_transfer_id BIGINT NOT NULL REFERENCES token_transfers(id),
    settle_transfer_id BIGINT REFERENCES token_transfers(id),
    requested_at TIMESTAMP NOT NULL,
    decided_by BIGINT REFERENCES users(id),
    decided_at TIMESTAMP,
    reason TEXT,
    CHECK (tokens > 0 AND cents >= 0),
    CHECK (state IN ('held', 'paid', 'voided')),
    CHECK ((state = 'held') = (settle_transfer_id IS NULL))
);
CREATE INDEX token_exchanges_state ON token_exchanges(programme_id, state, id);
CREATE INDEX token_exchanges_account ON token_exchanges(account_id, id);

-- The civic fund's deposits, by the city or a sponsor (whose name is public); payouts
-- are the paid exchanges.
CREATE TABLE token_fund_deposits (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    programme_id BIGINT NOT NULL REFERENCES token_programmes(id),
    sponsor TEXT NOT NULL,
    by_city BOOLEAN NOT NULL,
    cents BIGINT NOT NULL,
    purpose TEXT NOT NULL,
    recorded_by BIGINT NOT NULL REFERENCES users(id),
    ledger_index BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    CHECK (cents > 0)
);
CREATE INDEX token_fund_deposits_programme ON token_fund_deposits(programme_id, id);

-- Idempotency keys of mutating token requests: the same key with the same request
-- gives the first result again; with another request, a conflict.
CREATE TABLE token_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id),
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    result TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (user_id, key)
);
