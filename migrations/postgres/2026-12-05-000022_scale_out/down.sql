DROP TABLE rate_limits;
DROP TABLE job_leases;
