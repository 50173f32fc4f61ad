-- The officials' queue, nearest deadline first and those without one last: its order
-- as an index, so the first page is read in order instead of sorting every pact under
-- way (5,000 pacts on PostgreSQL: 4.7 ms to 0.15 ms, EXPLAIN ANALYZE).
CREATE INDEX pacts_queue_order ON pacts ((due_at IS NULL), due_at, id);
