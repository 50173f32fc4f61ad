-- Districts in levels (circoscrizione > quartiere > zona): a parent, the depth below
-- the top level (0 at the top) and the level's name as the city calls it.
ALTER TABLE districts ADD COLUMN parent_id BIGINT REFERENCES districts(id);
ALTER TABLE districts ADD COLUMN depth BIGINT NOT NULL DEFAULT 0;
ALTER TABLE districts ADD COLUMN level_name TEXT NOT NULL DEFAULT '';
CREATE INDEX districts_parent ON districts(parent_id);

-- The street gazetteer (the city's "numeri civici"): one row per house number, found
-- by a normalised key (lower-case ASCII words) with or without the street's type.
CREATE TABLE addresses (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    street TEXT NOT NULL,
    house_number TEXT NOT NULL,
    search_key TEXT NOT NULL COLLATE NOCASE UNIQUE,
    name_key TEXT NOT NULL COLLATE NOCASE,
    lat DOUBLE NOT NULL,
    lng DOUBLE NOT NULL,
    district_id BIGINT REFERENCES districts(id)
);
CREATE INDEX addresses_name_key ON addresses(name_key);
