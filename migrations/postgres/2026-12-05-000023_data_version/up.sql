-- The data version (issue 18): one number that changes whenever data a public page
-- can show changes. The rendered-page cache and the ETags of public pages are keyed by
-- it (src/web/page_cache.rs), so a write anywhere invalidates them on every instance.
--
-- Every table is watched except the ones written on their own by sign-ins, sessions,
-- rate limits and job leases, which no public page shows: sessions, email_tokens,
-- oidc_requests, oidc_sessions, job_leases, rate_limits, notifications.
-- tests/it/page_cache.rs checks that every other table has its triggers, so a new
-- table needs them in its migration.
--
-- PostgreSQL: the bump waits for the commit. Each watched table has a deferred
-- constraint trigger, which runs when the transaction commits, after every other lock
-- it takes, so the one row is held only while the commit lasts and never in a
-- different order from the ledger's lock (no deadlock). The function bumps the row
-- once per transaction, remembered in a transaction-local setting. Readers see the
-- new version together with the data it stands for.
CREATE TABLE data_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 1);

CREATE FUNCTION pactum_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('pactum.data_version_bumped', true) IS DISTINCT FROM 'on' THEN
        UPDATE data_version SET version = version + 1 WHERE id = 1;
        PERFORM set_config('pactum.data_version_bumped', 'on', true);
    END IF;
    RETURN NULL;
END
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY[
        'users',
        'user_roles',
        'role_audit',
        'offices',
        'absences',
        'office_members',
        'groups',
        'group_members',
        'group_invitations',
        'districts',
        'addresses',
        'user_identities',
        'oidc_office_grants',
        'outbox',
        'bodies',
        'body_facilitators',
        'body_members',
        'meetings',
        'meeting_items',
        'meeting_attendance',
        'motions',
        'motion_supporters',
        'motion_comments',
        'motion_amendments',
        'motion_versions',
        'votes',
        'vote_options',
        'vote_electorate',
        'vote_participation',
        'vote_ballots',
        'recommendations',
        'pact_endorsements',
        'token_programmes',
        'token_methodologies',
        'token_verifiers',
        'token_assets',
        'token_claims',
        'token_evidence',
        'token_reviews',
        'token_accounts',
        'token_transfers',
        'token_issuances',
        'token_lots',
        'token_points',
        'token_spends',
        'token_exchanges',
        'token_fund_deposits',
        'token_requests',
        'ledger_entries',
        'ledger_hashes',
        'ledger_head',
        'ledger_checkpoints',
        'commons',
        'commons_provisioning',
        'commons_photos',
        'commons_events',
        'commons_changes',
        'pacts',
        'pact_signing_offices',
        'pact_templates',
        'pact_calls',
        'pact_proposals',
        'pact_notices',
        'pact_conciliations',
        'pact_conciliation_sessions',
        'pact_registrations',
        'pact_imports',
        'pact_commons',
        'pact_versions',
        'pact_support',
        'pact_support_deliveries',
        'pact_cosigners',
        'pact_events',
        'pact_attachments',
        'pact_observations',
        'pact_opinions',
        'pact_meetings',
        'pact_signatures',
        'pact_adherents',
        'pact_reports',
        'pact_reminders',
        'content_translations'
    ] LOOP
        EXECUTE format(
            'CREATE CONSTRAINT TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I '
            'DEFERRABLE INITIALLY DEFERRED FOR EACH ROW '
            'EXECUTE FUNCTION pactum_bump_data_version()',
            'data_version_' || t, t);
    END LOOP;
END
$$;
