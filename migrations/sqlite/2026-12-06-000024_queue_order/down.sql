DROP INDEX pacts_queue_order;
