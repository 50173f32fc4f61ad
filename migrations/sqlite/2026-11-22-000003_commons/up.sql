-- The urban commons registry: commons, their provisioning systems, photos, and the
-- public history of each commons.
CREATE TABLE commons (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    kind TEXT NOT NULL,
    category TEXT NOT NULL,
    owner TEXT NOT NULL,
    address TEXT NOT NULL,
    why TEXT NOT NULL,
    rules TEXT NOT NULL,
    licence TEXT NOT NULL,
    lat DOUBLE NOT NULL,
    lng DOUBLE NOT NULL,
    site TEXT,
    district_id BIGINT REFERENCES districts(id),
    status TEXT NOT NULL,
    -- Whether the public sees it (recognised or dormant): kept with the status so
    -- every public list walks one index in id order.
    listed BOOLEAN NOT NULL DEFAULT FALSE,
    status_reasons TEXT,
    proposer_id BIGINT NOT NULL REFERENCES users(id),
    group_id BIGINT REFERENCES groups(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    recognised_at TIMESTAMP
);
CREATE INDEX commons_listed ON commons(listed, id);
CREATE INDEX commons_status ON commons(status, id);
CREATE INDEX commons_category ON commons(category, listed, id);
CREATE INDEX commons_district ON commons(district_id, listed, id);
CREATE INDEX commons_kind ON commons(kind, listed, id);
CREATE INDEX commons_lat ON commons(listed, lat, lng);
CREATE INDEX commons_proposer ON commons(proposer_id);
CREATE INDEX commons_group ON commons(group_id);

CREATE TABLE commons_provisioning (
    commons_id BIGINT NOT NULL REFERENCES commons(id) ON DELETE CASCADE,
    provisioning TEXT NOT NULL,
    PRIMARY KEY (commons_id, provisioning)
);
CREATE INDEX commons_provisioning_by_system ON commons_provisioning(provisioning, commons_id);

CREATE TABLE commons_photos (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    commons_id BIGINT NOT NULL REFERENCES commons(id) ON DELETE CASCADE,
    file_hash TEXT NOT NULL,
    file_type TEXT NOT NULL,
    byte_size BIGINT NOT NULL,
    alt_text TEXT NOT NULL,
    uploaded_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX commons_photos_commons ON commons_photos(commons_id, id);
CREATE INDEX commons_photos_hash ON commons_photos(file_hash);

CREATE TABLE commons_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    commons_id BIGINT NOT NULL REFERENCES commons(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    actor_id BIGINT REFERENCES users(id),
    group_id BIGINT REFERENCES groups(id),
    reasons TEXT,
    ledger_index BIGINT,
    at TIMESTAMP NOT NULL
);
CREATE INDEX commons_events_commons ON commons_events(commons_id, id);
