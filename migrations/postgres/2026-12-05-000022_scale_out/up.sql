-- Several instances on one database (issue 18).
--
-- Background jobs: each job runs on one instance at a time, the holder of its lease.
-- The holder renews the lease at every pass; when it stops (or dies), another instance
-- takes the job over once `expires_at` has passed. Transactional jobs renew the lease
-- in their own transaction first, which also fences off a holder whose lease ended.
CREATE TABLE job_leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    acquired_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    last_run_at TIMESTAMP,
    last_error TEXT
);

-- Rate limits shared by every instance: one fixed window per key (what is limited and
-- for whom: `signin-ip:203.0.113.9`, `search-account:42`...). Rows whose window ended
-- are swept by the session sweep job.
CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    window_ends_at TIMESTAMP NOT NULL,
    hits BIGINT NOT NULL
);
CREATE INDEX rate_limits_ends ON rate_limits(window_ends_at);
