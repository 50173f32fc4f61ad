-- The registry's upkeep (issue 16): what a commons office records of a commons (its
-- asset or cadastral code, condition, heritage or use restrictions), retirement and
-- merging of duplicates, the field-by-field changes of each edit, and photo
-- thumbnails and moderation.
ALTER TABLE commons ADD COLUMN asset_code TEXT NOT NULL DEFAULT '';
ALTER TABLE commons ADD COLUMN condition TEXT NOT NULL DEFAULT 'unknown';
ALTER TABLE commons ADD COLUMN restrictions TEXT NOT NULL DEFAULT '';
-- A duplicate merged into another commons: its page redirects there.
ALTER TABLE commons ADD COLUMN merged_into BIGINT REFERENCES commons(id);
ALTER TABLE commons ADD COLUMN retired_at TIMESTAMP;
CREATE INDEX commons_merged_into ON commons(merged_into);

-- One row per field an edit changed; the edit itself is an "edited" line of
-- commons_events (who, when, and why in its reasons).
CREATE TABLE commons_changes (
    id INTEGER PRIMARY KEY,
    event_id BIGINT NOT NULL REFERENCES commons_events(id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL
);
CREATE INDEX commons_changes_event ON commons_changes(event_id, id);

-- Thumbnails made at upload (JPEG, by content hash), and moderation.
ALTER TABLE commons_photos ADD COLUMN small_hash TEXT;
ALTER TABLE commons_photos ADD COLUMN medium_hash TEXT;
ALTER TABLE commons_photos ADD COLUMN hidden_reason TEXT;
ALTER TABLE commons_photos ADD COLUMN hidden_by BIGINT REFERENCES users(id);
ALTER TABLE commons_photos ADD COLUMN hidden_at TIMESTAMP;
CREATE INDEX commons_photos_small ON commons_photos(small_hash);
CREATE INDEX commons_photos_medium ON commons_photos(medium_hash);
