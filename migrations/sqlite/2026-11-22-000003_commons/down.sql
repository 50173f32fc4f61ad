DROP TABLE commons_events;
DROP TABLE commons_photos;
DROP TABLE commons_provisioning;
DROP TABLE commons;
