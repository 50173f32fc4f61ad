-- Content in several languages (issue 16, item 5): the titles, summaries and
-- descriptions of commons, pacts, offices and districts in the site's other
-- languages. `subject` names the kind of object ('commons', 'pact', 'office',
-- 'district'), `subject_id` its id. The row marked `original` says which language
-- the object's own text is in (its texts are NULL: they live in the object's
-- table); an object without such a row is in the city's configured default
-- language (decided at read time, so existing rows need no backfill). One row per
-- object and language, so a translation can never be in the original's language.
CREATE TABLE content_translations (
    id INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    subject_id BIGINT NOT NULL,
    lang TEXT NOT NULL,
    original BOOLEAN NOT NULL DEFAULT FALSE,
    title TEXT,
    summary TEXT,
    description TEXT,
    updated_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX content_translations_one_per_lang
    ON content_translations(subject, subject_id, lang);
CREATE UNIQUE INDEX content_translations_one_original
    ON content_translations(subject, subject_id) WHERE original;
